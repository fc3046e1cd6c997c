// KMS (awsJson1_1): ListKeys (Limit/Marker), DescribeKey, GetKeyRotationStatus, and for asymmetric
// SIGN_VERIFY keys GetPublicKey, Sign and Verify with real key material (node:crypto), so a signature
// made through the sandbox verifies with the public key it hands out.
import { generateKeyPairSync, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { AwsFault, epochSeconds, page, type AwsServiceHandler } from './protocol.js';

export interface SandboxKmsKey {
  id: string;
  manager: 'AWS' | 'CUSTOMER';
  spec?: string; // default SYMMETRIC_DEFAULT
  usage?: string; // default ENCRYPT_DECRYPT
  state?: 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'Unavailable';
  origin?: 'AWS_KMS' | 'EXTERNAL' | 'AWS_CLOUDHSM' | 'EXTERNAL_KEY_STORE';
  rotation: boolean;
  description?: string;
}

export interface SandboxKms {
  keys?: SandboxKmsKey[];
}

/** Key pairs of the sandbox's signing keys, made on first use (per key ARN). */
const keyPairs = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();

const SIGNING: Record<string, string[]> = {
  ECC_NIST_P256: ['ECDSA_SHA_256'],
  RSA_2048: ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PSS_SHA_256'],
  RSA_3072: ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PSS_SHA_256'],
  RSA_4096: ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PSS_SHA_256'],
};

function keyPairOf(keyArn: string, spec: string): { privateKey: KeyObject; publicKey: KeyObject } {
  let pair = keyPairs.get(keyArn);
  if (!pair) {
    pair = spec === 'ECC_NIST_P256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: Number(spec.slice(4)) });
    keyPairs.set(keyArn, pair);
  }
  return pair;
}

const blob = (value: unknown): Buffer => Buffer.from(String(value ?? ''), 'base64');

export const kmsHandler: AwsServiceHandler = {
  protocol: 'json',
  actionPrefix: 'kms',
  handle(call) {
    const kms: SandboxKms = call.account.regions[call.region]?.kms ?? {};
    const keys = kms.keys ?? [];
    const arn = (id: string) => `arn:aws:kms:${call.region}:${call.account.id}:key/${id}`;
    const find = () => {
      const ref = String(call.input.KeyId ?? '');
      const key = keys.find((k) => k.id === ref || arn(k.id) === ref);
      if (!key) throw new AwsFault('NotFoundException', `Key '${arn(ref)}' does not exist`, 400);
      return key;
    };
    switch (call.operation) {
      case 'ListKeys': {
        const limit = Number(call.input.Limit ?? 100);
        if (limit < 1 || limit > 1000)
          throw new AwsFault('ValidationException', "1 validation error detected: Value at 'limit' failed to satisfy constraint", 400);
        const { items, next } = page(keys, call.input.Marker as string | undefined, Math.min(limit, call.pageSize(1000)));
        return { Keys: items.map((k) => ({ KeyId: k.id, KeyArn: arn(k.id) })), Truncated: Boolean(next), ...(next ? { NextMarker: next } : {}) };
      }
      case 'DescribeKey': {
        const k = find();
        const state = k.state ?? 'Enabled';
        return {
          KeyMetadata: {
            AWSAccountId: call.account.id,
            KeyId: k.id,
            Arn: arn(k.id),
            CreationDate: epochSeconds('2024-02-01T00:00:00Z'),
            Enabled: state === 'Enabled',
            Description: k.description ?? '',
            KeyUsage: k.usage ?? 'ENCRYPT_DECRYPT',
            KeyState: state,
            Origin: k.origin ?? 'AWS_KMS',
            KeyManager: k.manager,
            CustomerMasterKeySpec: k.spec ?? 'SYMMETRIC_DEFAULT',
            KeySpec: k.spec ?? 'SYMMETRIC_DEFAULT',
            EncryptionAlgorithms: (k.spec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' ? ['SYMMETRIC_DEFAULT'] : undefined,
            MultiRegion: false,
            ...(state === 'PendingDeletion' ? { DeletionDate: epochSeconds('2026-12-20T00:00:00Z') } : {}),
          },
        };
      }
      case 'GetKeyRotationStatus': {
        const k = find();
        if ((k.spec ?? 'SYMMETRIC_DEFAULT') !== 'SYMMETRIC_DEFAULT' || (k.origin ?? 'AWS_KMS') !== 'AWS_KMS') {
          throw new AwsFault('UnsupportedOperationException', `${arn(k.id)} does not support automatic key rotation`, 400);
        }
        if ((k.state ?? 'Enabled') === 'PendingDeletion') throw new AwsFault('KMSInvalidStateException', `${arn(k.id)} is pending deletion.`, 400);
        return {
          KeyId: arn(k.id),
          KeyRotationEnabled: k.rotation,
          ...(k.rotation ? { RotationPeriodInDays: 365, NextRotationDate: epochSeconds('2027-02-01T00:00:00Z') } : {}),
        };
      }
      case 'GetPublicKey':
      case 'Sign':
      case 'Verify': {
        const k = find();
        const spec = k.spec ?? 'SYMMETRIC_DEFAULT';
        const algorithms = SIGNING[spec];
        if (!algorithms || k.usage !== 'SIGN_VERIFY')
          throw new AwsFault(
            'UnsupportedOperationException',
            `${arn(k.id)} key usage is ${k.usage ?? 'ENCRYPT_DECRYPT'} which is not valid for ${call.operation}.`,
            400,
          );
        if ((k.state ?? 'Enabled') !== 'Enabled') throw new AwsFault('DisabledException', `${arn(k.id)} is disabled.`, 400);
        const pair = keyPairOf(arn(k.id), spec);
        if (call.operation === 'GetPublicKey') {
          return {
            KeyId: arn(k.id),
            KeySpec: spec,
            CustomerMasterKeySpec: spec,
            KeyUsage: 'SIGN_VERIFY',
            SigningAlgorithms: algorithms,
            PublicKey: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
          };
        }
        const algorithm = String(call.input.SigningAlgorithm ?? '');
        if (!algorithms.includes(algorithm)) throw new AwsFault('InvalidKeyUsageException', `${algorithm} is not a valid signing algorithm for ${spec}`, 400);
        const message = blob(call.input.Message);
        if (message.length === 0 || message.length > 4096) throw new AwsFault('ValidationException', 'Message must be 1 to 4096 bytes', 400);
        if (call.input.MessageType === 'DIGEST') throw new AwsFault('UnsupportedOperationException', 'sandbox KMS signs RAW messages only', 400);
        const pss = algorithm.startsWith('RSASSA_PSS') ? { padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 } : {};
        if (call.operation === 'Sign') {
          const signature = cryptoSign('sha256', message, { key: pair.privateKey, ...pss });
          return { KeyId: arn(k.id), SigningAlgorithm: algorithm, Signature: signature.toString('base64') };
        }
        const valid = cryptoVerify('sha256', message, { key: pair.publicKey, ...pss }, blob(call.input.Signature));
        if (!valid) throw new AwsFault('KMSInvalidSignatureException', '', 400);
        return { KeyId: arn(k.id), SigningAlgorithm: algorithm, SignatureValid: true };
      }
      default:
        throw new AwsFault('UnsupportedOperationException', `sandbox KMS does not implement ${call.operation}`, 400);
    }
  },
};
