import type { AnyCheck } from '../types.js';
import { pendingCheck } from '../pending.js';

// Pending: replaced by real checks.
export const awsConfigChecks: AnyCheck[] = [
  pendingCheck('aws.config.recorder', 'aws', 'AWS Config records all resources', 'medium'),
];
