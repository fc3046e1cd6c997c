import { describe, expect, it } from 'vitest';
import { awsKmsChecks } from '../../../src/checks/aws/kms.js';
import type { Collected } from '../../../src/core/types.js';
import type { KmsKeyEvidence, KmsKeyMetadata } from '../../../src/evidence/aws/kms.js';
import { ACCT, account, broken, byId, denied, evaluate, evidenceOf, ok, regional } from './encryption-evidence.js';

const rotation = byId(awsKmsChecks, 'aws.kms.key-rotation');
const R = 'eu-west-1';
const keyArn = (id: string) => `arn:aws:kms:${R}:${ACCT}:key/${id}`;
const meta = (patch: Partial<KmsKeyMetadata> = {}): KmsKeyMetadata => ({
  keyManager: 'CUSTOMER',
  keySpec: 'SYMMETRIC_DEFAULT',
  keyUsage: 'ENCRYPT_DECRYPT',
  keyState: 'Enabled',
  origin: 'AWS_KMS',
  ...patch,
});
const key = (id: string, metadata: Collected<KmsKeyMetadata>, rot?: KmsKeyEvidence['rotation']): KmsKeyEvidence => ({
  keyId: id,
  arn: keyArn(id),
  metadata,
  ...(rot ? { rotation: rot } : {}),
});
const withKeys = (keys: Collected<KmsKeyEvidence[]> | undefined) => evidenceOf(account({ regional: [regional(R, keys ? { kms: { keys } } : {})] }));

describe('aws.kms.key-rotation', () => {
  const judged: Array<[string, KmsKeyEvidence, string]> = [
    ['customer key rotating', key('k', ok(meta()), ok({ enabled: true, periodDays: 365 })), 'pass'],
    ['customer key not rotating', key('k', ok(meta()), ok({ enabled: false })), 'fail'],
    ['rotation status denied', key('k', ok(meta()), denied('kms:GetKeyRotationStatus')), 'error'],
    ['rotation status never read', key('k', ok(meta())), 'error'],
    ['DescribeKey denied (type unknown)', key('k', denied('kms:DescribeKey')), 'error'],
  ];
  it.each(judged)('%s → %s', (_n, k, status) => {
    expect(evaluate(rotation, withKeys(ok([k])))).toMatchObject([{ status, resource: { id: keyArn('k'), type: 'aws.kms.key' } }]);
  });

  const notJudged: Array<[string, Partial<KmsKeyMetadata>]> = [
    ['AWS-managed key with rotation off', { keyManager: 'AWS' }],
    ['asymmetric signing key', { keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' }],
    ['asymmetric encryption key', { keySpec: 'RSA_4096', keyUsage: 'ENCRYPT_DECRYPT' }],
    ['HMAC key', { keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC' }],
    ['disabled key', { keyState: 'Disabled' }],
    ['pending deletion', { keyState: 'PendingDeletion' }],
    ['imported key material', { origin: 'EXTERNAL' }],
  ];
  it.each(notJudged)('%s is not judged', (_n, patch) => {
    const findings = evaluate(rotation, withKeys(ok([key('k', ok(meta(patch)), ok({ enabled: false }))])));
    expect(findings).toMatchObject([{ status: 'not_applicable', resource: { id: `${ACCT}/${R}` } }]);
    expect(findings[0]!.details?.notJudged).toHaveLength(1);
  });

  it('judged keys only; skipped keys leave no finding of their own', () => {
    const findings = evaluate(rotation, withKeys(ok([key('aws', ok(meta({ keyManager: 'AWS' }))), key('mine', ok(meta()), ok({ enabled: false }))])));
    expect(findings.map((f) => [f.resource.id, f.status])).toEqual([[keyArn('mine'), 'fail']]);
  });

  const regions: Array<[string, Collected<KmsKeyEvidence[]> | undefined, string]> = [
    ['no keys', ok([]), 'not_applicable'],
    ['ListKeys denied', denied('kms:ListKeys'), 'error'],
    ['ListKeys failed', broken(), 'error'],
    ['not collected', undefined, 'error'],
  ];
  it.each(regions)('%s → %s on the region', (_n, keys, status) => {
    expect(evaluate(rotation, withKeys(keys))).toMatchObject([{ status, resource: { id: `${ACCT}/${R}` } }]);
  });
});
