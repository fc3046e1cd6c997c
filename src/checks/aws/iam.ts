import type { AnyCheck } from '../types.js';
import { pendingCheck } from '../pending.js';

// Pending: replaced by real checks.
export const awsIamChecks: AnyCheck[] = [
  pendingCheck('aws.iam.root-mfa', 'aws', 'Root user has MFA', 'critical'),
  pendingCheck('aws.iam.root-access-keys', 'aws', 'Root user has no access keys', 'critical'),
  pendingCheck('aws.iam.user-console-mfa', 'aws', 'IAM console users have MFA', 'high'),
  pendingCheck('aws.iam.password-policy', 'aws', 'IAM password policy is strong', 'medium'),
  pendingCheck('aws.iam.access-key-rotation', 'aws', 'IAM access keys are rotated', 'medium'),
  pendingCheck('aws.iam.unused-credentials', 'aws', 'Unused IAM credentials are disabled', 'medium'),
];
