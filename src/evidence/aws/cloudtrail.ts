import type { Collected } from '../../core/types.js';

export interface TrailEventSelectorSummary {
  /** Basic selectors with IncludeManagementEvents, or advanced selectors on eventCategory=Management. */
  managementEvents: boolean;
  /** `All` when both reads and writes are recorded. */
  readWriteType: 'All' | 'ReadOnly' | 'WriteOnly' | 'None';
  kind: 'basic' | 'advanced' | 'none';
}

export interface TrailEvidence {
  arn: string;
  name: string;
  homeRegion: string;
  isMultiRegionTrail: boolean;
  isOrganizationTrail: boolean;
  logFileValidationEnabled: boolean;
  kmsKeyId?: string;
  s3BucketName?: string;
  /** From `GetTrailStatus`, asked in the trail's home region. */
  status: Collected<{ isLogging: boolean; latestDeliveryError?: string }>;
  /** From `GetEventSelectors`. */
  selectors: Collected<TrailEventSelectorSummary>;
}
