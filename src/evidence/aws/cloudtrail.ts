import type { Collected } from '../../core/types.js';

/** A basic event selector as `GetEventSelectors` returns it. */
export interface BasicEventSelector {
  ReadWriteType?: string;
  IncludeManagementEvents?: boolean;
  ExcludeManagementEventSources?: string[];
  /** Data-event resources (not judged; kept so the evidence is complete). */
  DataResources?: Array<{ Type?: string; Values?: string[] }>;
}

export interface AdvancedFieldSelector {
  Field: string;
  Equals?: string[];
  StartsWith?: string[];
  EndsWith?: string[];
  NotEquals?: string[];
  NotStartsWith?: string[];
  NotEndsWith?: string[];
}

export interface AdvancedEventSelector {
  Name?: string;
  FieldSelectors: AdvancedFieldSelector[];
}

/** `GetEventSelectors`, as returned: a trail uses basic or advanced selectors, never both. */
export interface TrailEventSelectors {
  eventSelectors: BasicEventSelector[];
  advancedEventSelectors: AdvancedEventSelector[];
}

export interface TrailStatus {
  isLogging: boolean;
  latestDeliveryError?: string;
  latestDeliveryTime?: string;
}

/**
 * One trail, as `DescribeTrails` describes it (de-duplicated by ARN across the account's regions:
 * a multi-region trail's shadow copies are the same trail).
 */
export interface TrailEvidence {
  arn: string;
  name: string;
  homeRegion: string;
  /** Account that owns the trail (from the ARN): differs from the reading account for an organization trail. */
  ownerAccountId: string;
  isMultiRegionTrail: boolean;
  isOrganizationTrail: boolean;
  logFileValidationEnabled: boolean;
  kmsKeyId?: string;
  s3BucketName?: string;
  /** Regions whose `DescribeTrails` listed it. */
  seenInRegions: string[];
  /**
   * From `GetTrailStatus` in the trail's home region. Absent for a trail owned by another account
   * (an organization trail seen from a member): AWS answers those reads only in the owner account.
   */
  status?: Collected<TrailStatus>;
  /** From `GetEventSelectors` in the home region; absent like `status`. */
  selectors?: Collected<TrailEventSelectors>;
}

/** Evidence keys: checks name them in `needs`; the collector reads only what is needed. */
export const CLOUDTRAIL_NEEDS = { trails: 'aws.cloudtrail.trails' } as const;
