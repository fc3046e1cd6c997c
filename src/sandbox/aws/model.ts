// The sandbox company's AWS estate. Each service's state type lives with that service's handler.
import type { SandboxIam } from './iam.js';
import type { SandboxCloudTrail } from './cloudtrail.js';
import type { SandboxConfigService } from './config.js';
import type { SandboxGuardDuty } from './guardduty.js';
import type { SandboxS3 } from './s3.js';
import type { SandboxEc2 } from './ec2.js';
import type { SandboxRds } from './rds.js';
import type { SandboxKms } from './kms.js';
import type { SandboxElb } from './elb.js';
import type { SandboxWafv2 } from './wafv2.js';
import type { SandboxApiGateway } from './apigateway.js';
import type { SandboxCloudFront } from './cloudfront.js';
import type { SandboxVpc } from './ec2-vpc.js';
import type { SandboxAccessAnalyzer, SandboxSecurityHub } from './security-services.js';
import type { SandboxCloudWatch, SandboxEvents, SandboxLogs } from './monitoring.js';
import type { SandboxEcs } from './ecs.js';
import type { SandboxIdentityCenter } from './identity-center.js';

export interface SandboxAws {
  /** The account the base credentials belong to (the Organizations management account). */
  managementAccountId: string;
  /** Name of the IAM user behind the base credentials. */
  callerUserName: string;
  /** Whether AWS Organizations is in use (ListAccounts works from the management account). */
  organization: boolean;
  accounts: SandboxAwsAccount[];
  /** Override every service's page size (tests use 1 to exercise pagination). */
  pageSize?: number;
  /**
   * Lifetime of the credentials AssumeRole hands out, in milliseconds (default: the DurationSeconds
   * asked, as AWS). Requests signed with them after that are refused with ExpiredToken: tests of
   * runs that outlive their credentials use a short one.
   */
  sessionLifetimeMs?: number;
}

export interface SandboxAwsAccount {
  id: string;
  name: string;
  email: string;
  status: 'ACTIVE' | 'SUSPENDED';
  /** Role names the management account's caller may assume here. */
  roles: string[];
  /** Enabled regions, each with its regional services. */
  regions: Record<string, SandboxAwsRegion>;
  iam: SandboxIam;
  cloudtrail: SandboxCloudTrail;
  s3: SandboxS3;
  /** Global: distributions and the web ACL each names. */
  cloudfront?: SandboxCloudFront;
  /** IAM Identity Center instance run from this account (management or delegated admin). */
  identityCenter?: SandboxIdentityCenter;
}

export interface SandboxAwsRegion {
  config: SandboxConfigService;
  guardduty: SandboxGuardDuty;
  ec2: SandboxEc2;
  rds: SandboxRds;
  kms: SandboxKms;
  elb: SandboxElb;
  // Second round (optional: an estate without them has none of these resources).
  wafv2?: SandboxWafv2;
  apigateway?: SandboxApiGateway;
  vpcs?: SandboxVpc[];
  securityhub?: SandboxSecurityHub;
  accessanalyzer?: SandboxAccessAnalyzer;
  logs?: SandboxLogs;
  cloudwatch?: SandboxCloudWatch;
  events?: SandboxEvents;
  ecs?: SandboxEcs;
}
