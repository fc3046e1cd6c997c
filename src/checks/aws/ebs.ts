import type { AnyCheck } from '../types.js';
import { pendingCheck } from '../pending.js';

// Pending: replaced by real checks.
export const awsEbsChecks: AnyCheck[] = [
  pendingCheck('aws.ebs.default-encryption', 'aws', 'EBS encryption by default is on', 'medium'),
  pendingCheck('aws.ebs.volume-encryption', 'aws', 'EBS volumes are encrypted', 'high'),
];
