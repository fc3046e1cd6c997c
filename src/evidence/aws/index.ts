// AWS evidence: one entry per account, regional evidence per enabled region.
import type { Collected } from '../../core/types.js';
import type { IamEvidence } from './iam.js';
import type { TrailEvidence } from './cloudtrail.js';
import type { ConfigRecorderEvidence } from './config.js';
import type { GuardDutyDetectorEvidence } from './guardduty.js';
import type { S3Evidence } from './s3.js';
import type { EbsRegionEvidence } from './ebs.js';
import type { RdsRegionEvidence } from './rds.js';
import type { KmsRegionEvidence } from './kms.js';
import type { ElbRegionEvidence } from './elb.js';
import type { CloudFrontDistributionEvidence, WafRegionEvidence } from './waf.js';
import type { VpcRegionEvidence } from './vpc.js';
import type { AccessAnalyzersRead, SecurityHubRead } from './security-services.js';
import type { RootUsageEvidence } from './root-usage.js';
import type { LogGroupsRead } from './logs.js';
import type { EcsFamiliesRead } from './ecs.js';
import type { IdentityCenterEvidence } from './identity-center.js';

export interface AwsEvidence {
  /** Organizations `ListAccounts`, when `aws.organization: true`. */
  discovery?: Collected<{ accounts: Array<{ id: string; name?: string; status?: string }> }>;
  accounts: AwsAccountEvidence[];
}

export interface AwsAccountAccess {
  /** The principal the tool acted as in this account. */
  principalArn: string;
  via: 'assume-role' | 'default-credentials';
  roleArn?: string;
}

export interface AwsAccountEvidence {
  accountId: string;
  name?: string;
  /**
   * Could the tool act in this account at all (STS AssumeRole / GetCallerIdentity)? When this failed,
   * nothing else was collected and every check judges the account `error` with this reason.
   */
  access: Collected<AwsAccountAccess>;
  /** Regions judged: from the config, or EC2 `DescribeRegions` (enabled regions). */
  regions: Collected<string[]>;
  iam: IamEvidence;
  /** Trails visible in any region, de-duplicated by ARN (shadow trails judged once). */
  cloudtrail?: Collected<TrailEvidence[]>;
  s3?: S3Evidence;
  /** CloudFront `ListDistributions` (a global service). */
  cloudfront?: Collected<CloudFrontDistributionEvidence[]>;
  /** Root-activity monitoring: trails' log groups, metric filters, alarms, EventBridge rules. */
  rootUsage?: RootUsageEvidence;
  /** IAM Identity Center instances and users (usually only the management or delegated admin account has one). */
  identityCenter?: Collected<IdentityCenterEvidence>;
  regional: AwsRegionEvidence[];
}

export interface AwsRegionEvidence {
  region: string;
  configRecorders?: Collected<ConfigRecorderEvidence[]>;
  guardDutyDetectors?: Collected<GuardDutyDetectorEvidence[]>;
  ebs?: EbsRegionEvidence;
  rds?: RdsRegionEvidence;
  kms?: KmsRegionEvidence;
  elb?: ElbRegionEvidence;
  waf?: WafRegionEvidence;
  vpc?: VpcRegionEvidence;
  securityHub?: SecurityHubRead;
  accessAnalyzers?: AccessAnalyzersRead;
  logGroups?: LogGroupsRead;
  ecsTaskFamilies?: EcsFamiliesRead;
}

export type { IdentityCenterEvidence, IamEvidence, TrailEvidence, ConfigRecorderEvidence, GuardDutyDetectorEvidence };
