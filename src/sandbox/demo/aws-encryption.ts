// Demo company: S3, EBS, RDS, KMS and ELB state per account. Not implemented yet.
import type { SandboxAwsAccount, SandboxAwsRegion } from '../aws/model.js';

export function encryptionState(_accountId: string, _regions: readonly string[]): Pick<SandboxAwsAccount, 's3'> & { regional: Record<string, Pick<SandboxAwsRegion, 'ec2' | 'rds' | 'kms' | 'elb'>> } {
  return { s3: {}, regional: {} };
}
