export interface GuardDutyDetectorEvidence {
  detectorId: string;
  status: string;
  findingPublishingFrequency?: string;
  createdAt?: string;
}
