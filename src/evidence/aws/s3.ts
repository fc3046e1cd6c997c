import type { Collected } from '../../core/types.js';

/** The four S3 Block Public Access settings, as `GetPublicAccessBlock` returns them (absent = false). */
export interface PublicAccessBlockSettings {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

/** One default-encryption rule from `GetBucketEncryption`. */
export interface S3EncryptionRule {
  /** `AES256` (SSE-S3), `aws:kms` (SSE-KMS), `aws:kms:dsse` (DSSE-KMS), or whatever AWS returned. */
  algorithm: string;
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
}

export interface S3BucketEvidence {
  name: string;
  /** Where the bucket lives: `ListBuckets` BucketRegion, else `GetBucketLocation` (empty = us-east-1, `EU` = eu-west-1). */
  region: Collected<string>;
  /** `GetBucketEncryption`; `null` when the bucket has no default encryption configuration. */
  encryption?: Collected<S3EncryptionRule[] | null>;
  /** `GetBucketPolicy` as the raw JSON text; `null` when there is none (`NoSuchBucketPolicy`). */
  policy?: Collected<string | null>;
  /** Bucket-level `GetPublicAccessBlock`; `null` when none is set (`NoSuchPublicAccessBlockConfiguration`). */
  publicAccessBlock?: Collected<PublicAccessBlockSettings | null>;
}

export interface S3Evidence {
  /** `ListBuckets` (once per account; every region's buckets). */
  buckets: Collected<S3BucketEvidence[]>;
  /** S3 Control `GetPublicAccessBlock` for the account; `null` when none is set. */
  accountPublicAccessBlock?: Collected<PublicAccessBlockSettings | null>;
}

/** Evidence keys: checks name them in `needs`; the collector reads only what is needed. */
export const S3_NEEDS = {
  buckets: 'aws.s3.buckets',
  encryption: 'aws.s3.encryption',
  policy: 'aws.s3.policy',
  bucketPublicAccessBlock: 'aws.s3.bucketPublicAccessBlock',
  accountPublicAccessBlock: 'aws.s3.accountPublicAccessBlock',
} as const;
