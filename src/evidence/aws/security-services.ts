// Security Hub (`DescribeHub`) and IAM Access Analyzer (`ListAnalyzers`), per account and region.
import type { Collected } from '../../core/types.js';

export interface SecurityHubEvidence {
  /** False when Security Hub answered that the account is not subscribed in the region. */
  enabled: boolean;
  hubArn?: string;
  subscribedAt?: string;
  /** Security Hub's own answer when not enabled (InvalidAccessException message). */
  notEnabledReason?: string;
}

export interface AccessAnalyzerEvidence {
  name: string;
  arn: string;
  /** `ACCOUNT`, `ORGANIZATION`, `ACCOUNT_UNUSED_ACCESS`, `ORGANIZATION_UNUSED_ACCESS`… */
  type: string;
  /** `ACTIVE`, `CREATING`, `DISABLED`, `FAILED`. */
  status: string;
}

/** Evidence keys: checks name them in `needs`; the collector reads only what is needed. */
export const SECURITY_SERVICES_NEEDS = { securityHub: 'aws.securityhub.hub', accessAnalyzers: 'aws.accessanalyzer.analyzers' } as const;

export type SecurityHubRead = Collected<SecurityHubEvidence>;
export type AccessAnalyzersRead = Collected<AccessAnalyzerEvidence[]>;
