import { describe, expect, it } from 'vitest';
import { awsS3Checks } from '../../../src/checks/aws/s3.js';
import type { Collected } from '../../../src/core/types.js';
import type { PublicAccessBlockSettings, S3BucketEvidence, S3Evidence } from '../../../src/evidence/aws/s3.js';
import { ACCT, account, broken, byId, denied, evaluate, evidenceOf, ok, statuses } from './encryption-evidence.js';

const encryption = byId(awsS3Checks, 'aws.s3.encryption');
const tlsOnly = byId(awsS3Checks, 'aws.s3.tls-only');
const pab = byId(awsS3Checks, 'aws.s3.public-access-block');

const bucket = (name: string, patch: Partial<S3BucketEvidence> = {}): S3BucketEvidence => ({ name, region: ok('eu-west-1'), ...patch });
const withS3 = (s3: S3Evidence) => evidenceOf(account({ s3 }));
const arn = (name: string) => `arn:aws:s3:::${name}`;

describe('aws.s3.encryption', () => {
  const rows: Array<[string, S3BucketEvidence['encryption'], string, string | null]> = [
    ['SSE-S3', ok([{ algorithm: 'AES256' }]), 'pass', 'AES256'],
    ['SSE-KMS', ok([{ algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:eu-west-1:1:key/k', bucketKeyEnabled: true }]), 'pass', 'aws:kms'],
    ['DSSE-KMS', ok([{ algorithm: 'aws:kms:dsse' }]), 'pass', 'aws:kms:dsse'],
    ['no configuration (ServerSideEncryptionConfigurationNotFoundError)', ok(null), 'fail', null],
    ['configuration without rules', ok([]), 'fail', null],
    ['read denied', denied('s3:GetEncryptionConfiguration'), 'error', null],
    ['read failed', broken(), 'error', null],
    ['never collected', undefined, 'error', null],
  ];
  it.each(rows)('%s → %s', (_name, enc, status, algorithm) => {
    const [f] = evaluate(encryption, withS3({ buckets: ok([bucket('b', enc === undefined ? {} : { encryption: enc })]) }));
    expect(f).toMatchObject({ status, resource: { id: arn('b'), type: 'aws.s3.bucket', account: ACCT, region: 'eu-west-1' } });
    if (status === 'pass') expect(f!.details?.algorithm).toBe(algorithm);
    if (status === 'error' && enc && !enc.ok && enc.error.missingPermission) expect(f!.missing).toBe('s3:GetEncryptionConfiguration');
  });

  it('can require SSE-KMS', () => {
    const ev = withS3({
      buckets: ok([bucket('a', { encryption: ok([{ algorithm: 'AES256' }]) }), bucket('k', { encryption: ok([{ algorithm: 'aws:kms' }]) })]),
    });
    expect(statuses(evaluate(encryption, ev, { requireKms: true }))).toEqual({ [arn('a')]: 'fail', [arn('k')]: 'pass' });
  });

  it('an account without buckets is not applicable; a failed ListBuckets is an error on the account', () => {
    expect(evaluate(encryption, withS3({ buckets: ok([]) }))).toMatchObject([{ status: 'not_applicable', resource: { id: ACCT } }]);
    expect(evaluate(encryption, withS3({ buckets: denied('s3:ListAllMyBuckets') }))).toMatchObject([
      { status: 'error', resource: { id: ACCT }, missing: 's3:ListAllMyBuckets' },
    ]);
    expect(evaluate(encryption, evidenceOf(account()))).toMatchObject([{ status: 'error', resource: { id: ACCT } }]);
  });

  it('an account that could not be entered is an error, never a pass', () => {
    const ev = evidenceOf(account({ access: denied('sts:AssumeRole on arn:aws:iam::123456789012:role/audit') }));
    expect(evaluate(encryption, ev)).toMatchObject([{ status: 'error', missing: 'sts:AssumeRole on arn:aws:iam::123456789012:role/audit' }]);
  });
});

describe('aws.s3.tls-only', () => {
  const deny = (Action: unknown, Resource: unknown = ['arn:aws:s3:::b', 'arn:aws:s3:::b/*']) =>
    JSON.stringify({ Statement: [{ Sid: 'S1', Effect: 'Deny', Principal: '*', Action, Resource, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] });
  const rows: Array<[string, S3BucketEvidence['policy'], string]> = [
    ['deny s3:* without TLS', ok(deny('s3:*')), 'pass'],
    ['PutObject-only deny', ok(deny('s3:PutObject')), 'fail'],
    ['deny on some objects only', ok(deny('s3:*', ['arn:aws:s3:::b', 'arn:aws:s3:::b/logs/*'])), 'fail'],
    ['no policy (NoSuchBucketPolicy)', ok(null), 'fail'],
    ['policy not valid JSON', ok('{'), 'error'],
    ['GetBucketPolicy denied', denied('s3:GetBucketPolicy'), 'error'],
    ['GetBucketPolicy throttled out', broken('GetBucketPolicy was still throttled after 10 attempts (SlowDown)'), 'error'],
    ['never collected', undefined, 'error'],
  ];
  it.each(rows)('%s → %s', (_name, policy, status) => {
    const [f, ...rest] = evaluate(tlsOnly, withS3({ buckets: ok([bucket('b', policy === undefined ? {} : { policy })]) }));
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({ status, resource: { id: arn('b') } });
    if (status === 'pass') expect(f!.details?.statementId).toBe('S1');
  });

  it('a denied GetBucketPolicy names the permission', () => {
    const [f] = evaluate(tlsOnly, withS3({ buckets: ok([bucket('b', { policy: denied('s3:GetBucketPolicy') })]) }));
    expect(f).toMatchObject({ status: 'error', missing: 's3:GetBucketPolicy' });
    expect(f!.message).toMatch(/^Could not verify/);
  });
});

describe('aws.s3.public-access-block', () => {
  const all: PublicAccessBlockSettings = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
  const none: PublicAccessBlockSettings = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
  const acls: PublicAccessBlockSettings = { ...none, BlockPublicAcls: true, IgnorePublicAcls: true };
  const policies: PublicAccessBlockSettings = { ...none, BlockPublicPolicy: true, RestrictPublicBuckets: true };
  const three: PublicAccessBlockSettings = { ...all, RestrictPublicBuckets: false };
  type Read = Collected<PublicAccessBlockSettings | null> | undefined;
  const rows: Array<[string, Read, Read, string]> = [
    ['account blocks all, bucket none', ok(all), ok(null), 'pass'],
    ['bucket blocks all, account none', ok(null), ok(all), 'pass'],
    ['both block all', ok(all), ok(all), 'pass'],
    ['account ACLs + bucket policies (per-setting union)', ok(acls), ok(policies), 'pass'],
    ['neither configured', ok(null), ok(null), 'fail'],
    ['both all-off', ok(none), ok(none), 'fail'],
    ['three of four at both levels', ok(three), ok(three), 'fail'],
    ['only ACLs anywhere', ok(acls), ok(acls), 'fail'],
    ['account read denied but bucket blocks all', denied('s3:GetAccountPublicAccessBlock'), ok(all), 'pass'],
    ['bucket read denied but account blocks all', ok(all), denied('s3:GetBucketPublicAccessBlock'), 'pass'],
    ['account read denied, bucket partial', denied('s3:GetAccountPublicAccessBlock'), ok(acls), 'error'],
    ['bucket read failed, account none', ok(null), broken(), 'error'],
    ['account never collected, bucket none', undefined, ok(null), 'error'],
  ];
  it.each(rows)('%s → %s', (_name, accountRead, bucketRead, status) => {
    const s3: S3Evidence = {
      buckets: ok([bucket('b', bucketRead === undefined ? {} : { publicAccessBlock: bucketRead })]),
      ...(accountRead ? { accountPublicAccessBlock: accountRead } : {}),
    };
    const [f] = evaluate(pab, withS3(s3));
    expect(f).toMatchObject({ status, resource: { id: arn('b') } });
    if (status === 'error' && accountRead && !accountRead.ok) expect(f!.missing).toBe('s3:GetAccountPublicAccessBlock');
  });

  it('names the settings that are off everywhere', () => {
    const [f] = evaluate(pab, withS3({ buckets: ok([bucket('b', { publicAccessBlock: ok(acls) })]), accountPublicAccessBlock: ok(null) }));
    expect(f!.details?.settingsOff).toEqual(['BlockPublicPolicy', 'RestrictPublicBuckets']);
  });
});
