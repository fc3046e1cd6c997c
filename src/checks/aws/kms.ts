import type { AnyCheck } from '../types.js';
import { pendingCheck } from '../pending.js';

// Pending: replaced by real checks.
export const awsKmsChecks: AnyCheck[] = [
  pendingCheck('aws.kms.key-rotation', 'aws', 'KMS customer keys rotate', 'medium'),
];
