import type { Collected } from '../../core/types.js';

/** `DescribeKey` KeyMetadata, the fields rotation depends on. */
export interface KmsKeyMetadata {
  keyManager: string; // AWS | CUSTOMER
  keySpec: string; // SYMMETRIC_DEFAULT, RSA_2048, HMAC_256…
  keyUsage: string; // ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC…
  keyState: string; // Enabled, Disabled, PendingDeletion…
  origin: string; // AWS_KMS, EXTERNAL, AWS_CLOUDHSM, EXTERNAL_KEY_STORE
  description?: string;
  multiRegionKeyType?: string;
}

export interface KmsKeyEvidence {
  keyId: string;
  arn: string;
  metadata: Collected<KmsKeyMetadata>;
  /** `GetKeyRotationStatus`: asked only for keys that can be judged (enabled customer-managed symmetric). */
  rotation?: Collected<{ enabled: boolean; periodDays?: number }>;
}

export interface KmsRegionEvidence {
  /** `ListKeys`, every page, each described. */
  keys?: Collected<KmsKeyEvidence[]>;
}

/**
 * Why a key is outside `aws.kms.key-rotation`, or undefined when it is judged: only enabled,
 * customer-managed, symmetric encryption keys with KMS-generated material can rotate automatically.
 * The collector asks `GetKeyRotationStatus` only for judged keys.
 */
export function rotationNotJudgedBecause(m: KmsKeyMetadata): string | undefined {
  if (m.keyManager !== 'CUSTOMER') return 'AWS-managed key (AWS rotates it)';
  if (m.keySpec !== 'SYMMETRIC_DEFAULT' || m.keyUsage !== 'ENCRYPT_DECRYPT') return `not a symmetric encryption key (${m.keySpec}, ${m.keyUsage})`;
  if (m.keyState !== 'Enabled') return `key state is ${m.keyState}`;
  if (m.origin !== 'AWS_KMS') return `key material origin ${m.origin} does not support automatic rotation`;
  return undefined;
}

/** Evidence keys: checks name them in `needs`; the collector reads only what is needed. */
export const KMS_NEEDS = { keys: 'aws.kms.keys' } as const;
