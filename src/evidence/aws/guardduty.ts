/** One GuardDuty detector (`ListDetectors` + `GetDetector`). */
export interface GuardDutyDetectorEvidence {
  detectorId: string;
  /** `ENABLED` or `DISABLED`, as GuardDuty says it. */
  status: string;
  findingPublishingFrequency?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** Evidence keys: checks name them in `needs`; the collector reads only what is needed. */
export const GUARDDUTY_NEEDS = { detectors: 'aws.guardduty.detectors' } as const;
