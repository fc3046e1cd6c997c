import type { AnyCheck } from '../types.js';
import { pendingCheck } from '../pending.js';

// Pending: replaced by real checks.
export const awsRdsChecks: AnyCheck[] = [
  pendingCheck('aws.rds.storage-encrypted', 'aws', 'RDS storage is encrypted', 'high'),
  pendingCheck('aws.rds.backups', 'aws', 'RDS backups are retained 7 days or more', 'medium'),
  pendingCheck('aws.rds.multi-az', 'aws', 'RDS databases are Multi-AZ', 'medium'),
];
