/** One GuardDuty detector (`ListDetectors` + `GetDetector`). */
export interface GuardDutyDetectorEvidence {
  detectorId: string;
  /** `ENABLED` or `DISABLED`, as GuardDuty says it. */
  status: string;
  findingPublishingFrequency?: string;
  createdAt?: string;
  updatedAt?: string;
}
