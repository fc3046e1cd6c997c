// Every per-service AWS collector. The planner runs only those whose evidence the selected checks need.
import type { AwsAccountCollector, AwsRegionCollector, AwsServiceCollectors } from './collector.js';
import { iamCollectors } from './iam.js';
import { cloudTrailCollectors } from './cloudtrail.js';
import { configCollectors } from './config.js';
import { guardDutyCollectors } from './guardduty.js';
import { s3Collectors } from './s3.js';
import { ebsCollectors } from './ebs.js';
import { rdsCollectors } from './rds.js';
import { kmsCollectors } from './kms.js';
import { elbCollectors } from './elb.js';
import { wafRegionCollector } from './waf.js';
import { cloudFrontCollector } from './cloudfront.js';
import { vpcRegionCollector } from './vpc.js';
import { securityServicesRegionCollectors } from './security-services.js';
import { rootUsageCollector } from './root-usage.js';
import { logGroupsRegionCollector } from './logs.js';
import { ecsRegionCollector } from './ecs.js';
import { identityCenterCollectors } from './identity-center.js';

/** The second round's services: WAF, flow logs, Security Hub, Access Analyzer, root-usage monitoring, log retention, ECS. */
const stackCollectors: AwsServiceCollectors = {
  account: [cloudFrontCollector, rootUsageCollector],
  region: [wafRegionCollector, vpcRegionCollector, ...securityServicesRegionCollectors, logGroupsRegionCollector, ecsRegionCollector],
};

const SERVICES: readonly AwsServiceCollectors[] = [
  iamCollectors,
  cloudTrailCollectors,
  configCollectors,
  guardDutyCollectors,
  s3Collectors,
  ebsCollectors,
  rdsCollectors,
  kmsCollectors,
  elbCollectors,
  stackCollectors,
  identityCenterCollectors,
];

export const AWS_ACCOUNT_COLLECTORS: readonly AwsAccountCollector[] = SERVICES.flatMap((s) => s.account);

export const AWS_REGION_COLLECTORS: readonly AwsRegionCollector[] = SERVICES.flatMap((s) => s.region);
