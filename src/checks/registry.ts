// Every check the tool knows, by family. A test fails when a catalog id from the SPEC is not wired here.
import type { AnyCheck } from './types.js';
import { awsIamChecks } from './aws/iam.js';
import { awsCloudTrailChecks } from './aws/cloudtrail.js';
import { awsConfigChecks } from './aws/config.js';
import { awsGuardDutyChecks } from './aws/guardduty.js';
import { awsS3Checks } from './aws/s3.js';
import { awsEbsChecks } from './aws/ebs.js';
import { awsRdsChecks } from './aws/rds.js';
import { awsKmsChecks } from './aws/kms.js';
import { awsElbChecks } from './aws/elb.js';
import { githubOrgChecks } from './github/org.js';
import { githubRepoChecks } from './github/repo.js';
import { githubChangeChecks } from './github/changes.js';
import { idpChecks } from './idp/index.js';
import { awsWafChecks } from './aws/waf.js';
import { awsVpcChecks } from './aws/vpc.js';
import { awsSecurityServicesChecks } from './aws/security-services.js';
import { awsRootUsageChecks } from './aws/root-usage.js';
import { awsLogsChecks } from './aws/logs.js';
import { awsEcsChecks } from './aws/ecs.js';
import { githubPipelineChecks } from './github/pipeline.js';
import { githubSamlChecks } from './github/saml.js';
import { accessChecks } from './access/index.js';

export const ALL_CHECKS: readonly AnyCheck[] = [
  ...awsIamChecks,
  ...awsCloudTrailChecks,
  ...awsConfigChecks,
  ...awsGuardDutyChecks,
  ...awsS3Checks,
  ...awsEbsChecks,
  ...awsRdsChecks,
  ...awsKmsChecks,
  ...awsElbChecks,
  ...githubOrgChecks,
  ...githubRepoChecks,
  ...githubChangeChecks,
  ...idpChecks,
  ...awsWafChecks,
  ...awsVpcChecks,
  ...awsSecurityServicesChecks,
  ...awsRootUsageChecks,
  ...awsLogsChecks,
  ...awsEcsChecks,
  ...githubSamlChecks,
  ...githubPipelineChecks,
  ...accessChecks,
];

const byId = new Map(ALL_CHECKS.map((c) => [c.id, c]));

export function findCheck(id: string): AnyCheck | undefined {
  return byId.get(id);
}

export function allCheckIds(): string[] {
  return ALL_CHECKS.map((c) => c.id);
}
