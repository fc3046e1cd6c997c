import type { AnyCheck } from '../types.js';
import { pendingCheck } from '../pending.js';

// Pending: replaced by real checks.
export const awsCloudTrailChecks: AnyCheck[] = [
  pendingCheck('aws.cloudtrail.multi-region', 'aws', 'A multi-region CloudTrail trail logs all management events', 'high'),
  pendingCheck('aws.cloudtrail.log-validation', 'aws', 'CloudTrail log file validation is on', 'medium'),
  pendingCheck('aws.cloudtrail.kms-encrypted', 'aws', 'CloudTrail logs are encrypted with KMS', 'medium'),
];
