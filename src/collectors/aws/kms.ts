// KMS, per region: every key (ListKeys), described (DescribeKey); rotation status only for the keys
// that can rotate automatically (enabled customer-managed symmetric keys).
import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  ListKeysCommand,
  type DescribeKeyCommandOutput,
  type GetKeyRotationStatusCommandOutput,
  type ListKeysCommandOutput,
} from '@aws-sdk/client-kms';
import { collected, failed, type Collected, type EvidenceRef } from '../../core/types.js';
import { KMS_NEEDS, rotationNotJudgedBecause, type KmsKeyEvidence, type KmsKeyMetadata } from '../../evidence/aws/kms.js';
import { allPages, attempt, type AwsServiceCollectors } from './collector.js';
import type { AwsSession } from './session.js';

const PAGE = 1000;

async function describe(session: AwsSession, region: string, keyId: string, arn: string): Promise<KmsKeyEvidence> {
  const metadata: Collected<KmsKeyMetadata> = await attempt(async () => {
    const { output, ref } = await session.send<DescribeKeyCommandOutput>('kms', region, new DescribeKeyCommand({ KeyId: keyId }));
    const m = output.KeyMetadata;
    if (!m) return failed({ kind: 'invalid_response', message: `kms:DescribeKey returned no KeyMetadata for ${keyId}` }, [ref]);
    return collected(
      {
        keyManager: String(m.KeyManager ?? ''),
        keySpec: String(m.KeySpec ?? m.CustomerMasterKeySpec ?? ''),
        keyUsage: String(m.KeyUsage ?? ''),
        keyState: String(m.KeyState ?? (m.Enabled ? 'Enabled' : '')),
        origin: String(m.Origin ?? 'AWS_KMS'),
        ...(m.Description ? { description: m.Description } : {}),
        ...(m.MultiRegionConfiguration?.MultiRegionKeyType ? { multiRegionKeyType: String(m.MultiRegionConfiguration.MultiRegionKeyType) } : {}),
      },
      [ref],
    );
  });
  const key: KmsKeyEvidence = { keyId, arn, metadata };
  if (metadata.ok && rotationNotJudgedBecause(metadata.value) === undefined) {
    key.rotation = await attempt(async () => {
      const { output, ref } = await session.send<GetKeyRotationStatusCommandOutput>('kms', region, new GetKeyRotationStatusCommand({ KeyId: keyId }));
      return collected({ enabled: output.KeyRotationEnabled === true, ...(output.RotationPeriodInDays ? { periodDays: output.RotationPeriodInDays } : {}) }, [
        ref,
      ]);
    });
  }
  return key;
}

export const kmsCollectors: AwsServiceCollectors = {
  account: [],
  region: [
    {
      provides: [KMS_NEEDS.keys],
      async collect({ session, region, accountId }, into) {
        const listed = await attempt(async () => {
          const refs: EvidenceRef[] = [];
          const pages = await allPages(async (token) => {
            const { output, ref } = await session.send<ListKeysCommandOutput>(
              'kms',
              region,
              new ListKeysCommand({ Limit: PAGE, ...(token ? { Marker: token } : {}) }),
            );
            refs.push(ref);
            return { page: output.Keys ?? [], next: output.Truncated ? output.NextMarker : undefined };
          });
          return collected(pages.flat(), refs);
        });
        if (!listed.ok) {
          into.kms = { keys: failed(listed.error, listed.refs) };
          return;
        }
        const keys = await Promise.all(
          listed.value.map((k) => {
            const keyId = k.KeyId ?? '';
            return describe(session, region, keyId, k.KeyArn ?? `arn:aws:kms:${region}:${accountId}:key/${keyId}`);
          }),
        );
        into.kms = { keys: collected(keys, listed.refs) };
      },
    },
  ],
};
