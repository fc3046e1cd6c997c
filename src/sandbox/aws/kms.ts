// KMS (awsJson1_1): ListKeys (Limit/Marker), DescribeKey, GetKeyRotationStatus.
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
        if (limit < 1 || limit > 1000) throw new AwsFault('ValidationException', '1 validation error detected: Value at \'limit\' failed to satisfy constraint', 400);
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
        return { KeyId: arn(k.id), KeyRotationEnabled: k.rotation, ...(k.rotation ? { RotationPeriodInDays: 365, NextRotationDate: epochSeconds('2027-02-01T00:00:00Z') } : {}) };
      }
      default:
        throw new AwsFault('UnsupportedOperationException', `sandbox KMS does not implement ${call.operation}`, 400);
    }
  },
};
