// Demo company: IAM, CloudTrail, Config and GuardDuty state per account. Not implemented yet.
import type { SandboxAwsAccount, SandboxAwsRegion } from '../aws/model.js';

export function identityState(_accountId: string, _regions: readonly string[]): Pick<SandboxAwsAccount, 'iam' | 'cloudtrail'> & { regional: Record<string, Pick<SandboxAwsRegion, 'config' | 'guardduty'>> } {
  return { iam: {}, cloudtrail: {}, regional: {} };
}
