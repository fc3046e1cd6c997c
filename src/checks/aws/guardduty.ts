import type { AnyCheck } from '../types.js';
import { pendingCheck } from '../pending.js';

// Pending: replaced by real checks.
export const awsGuardDutyChecks: AnyCheck[] = [
  pendingCheck('aws.guardduty.enabled', 'aws', 'GuardDuty is enabled', 'high'),
];
