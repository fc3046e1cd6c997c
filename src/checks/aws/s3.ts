import type { AnyCheck } from '../types.js';
import { pendingCheck } from '../pending.js';

// Pending: replaced by real checks.
export const awsS3Checks: AnyCheck[] = [
  pendingCheck('aws.s3.encryption', 'aws', 'S3 buckets are encrypted at rest', 'medium'),
  pendingCheck('aws.s3.tls-only', 'aws', 'S3 buckets deny non-TLS access', 'medium'),
  pendingCheck('aws.s3.public-access-block', 'aws', 'S3 public access is blocked', 'high'),
];
