// The encryption collectors through the real AWS SDK clients, over HTTP, against the sandbox's demo company.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCompany } from '../../../src/sandbox/demo/company.js';
import { runAgainstSandbox, type SandboxRun } from '../../helpers/sandbox.js';
import { comparable, ENCRYPTION_CHECKS, orgConfig } from './encryption-helpers.js';

const P = '444455556666';
const S = '777788889999';
const M = '111122223333';
const bucket = (n: string) => `arn:aws:s3:::${n}`;

describe('encryption collectors against the demo company', () => {
  let run: SandboxRun;
  beforeAll(async () => {
    run = await runAgainstSandbox(demoCompany(), { config: orgConfig, only: ENCRYPTION_CHECKS });
  });
  afterAll(() => run.cleanup());

  it('judges every bucket, including the traps', () => {
    const tls = run.byCheck('aws.s3.tls-only');
    expect(tls.get(bucket('kestrel-prod-customer-data'))?.status).toBe('pass');
    expect(tls.get(bucket('kestrel-prod-uploads'))?.status).toBe('fail'); // PutObject-only deny
    expect(tls.get(bucket('kestrel-prod-backups'))?.status).toBe('fail'); // some objects only
    expect(tls.get(bucket('kestrel-staging-scratch'))?.status).toBe('fail'); // one principal only
    expect(tls.get(bucket('kestrel-staging-artifacts'))).toMatchObject({ status: 'pass', details: { statementId: 'TLSOnly' } });
    expect(tls.get(bucket('kestrel-billing-reports'))?.status).toBe('fail');
    const enc = run.byCheck('aws.s3.encryption');
    expect(enc.get(bucket('kestrel-prod-legacy-exports'))?.status).toBe('fail');
    expect(enc.get(bucket('kestrel-prod-backups'))).toMatchObject({ status: 'pass', details: { algorithm: 'aws:kms:dsse' } });
    expect(enc.get(bucket('kestrel-billing-reports'))).toMatchObject({ status: 'pass', details: { algorithm: 'AES256' } });
    const pab = run.byCheck('aws.s3.public-access-block');
    expect(pab.get(bucket('kestrel-prod-uploads'))?.status).toBe('fail');
    expect(pab.get(bucket('kestrel-prod-static-site'))?.status).toBe('fail');
    expect(pab.get(bucket('kestrel-staging-scratch'))?.status).toBe('pass'); // account-level block
    expect(enc.size).toBe(9);
  });

  it('asks each bucket in its own region, with at most 4 S3 calls per bucket', () => {
    const stats = run.sandbox.stats;
    const perBucket = ['GetBucketLocation', 'GetBucketEncryption', 'GetBucketPolicy', 'GetPublicAccessBlock'].reduce(
      (n, op) => n + (stats.get(`aws:s3:${op}`) ?? 0),
      0,
    );
    expect(perBucket).toBeLessThanOrEqual(9 * 4);
    expect(stats.get('aws:s3:ListBuckets')).toBe(3); // once per account
    // Only the staging account omits BucketRegion: its 2 buckets need GetBucketLocation.
    expect(stats.get('aws:s3:GetBucketLocation')).toBe(2);
    expect(stats.get('aws:s3:ControlGetPublicAccessBlock')).toBe(3);
    expect(run.run.sources.aws?.status ?? 'ok').not.toBe('failed');
  });

  it('judges Aurora as the cluster and RDS instances on their own', () => {
    const maz = run.byCheck('aws.rds.multi-az');
    expect(maz.get(`arn:aws:rds:eu-west-1:${P}:cluster:kestrel-prod-aurora`)?.status).toBe('pass');
    expect(maz.has(`arn:aws:rds:eu-west-1:${P}:db:kestrel-prod-aurora-1`)).toBe(false);
    expect(maz.get(`arn:aws:rds:eu-west-1:${P}:db:kestrel-prod-reporting`)?.status).toBe('fail');
    expect(run.byCheck('aws.rds.backups').get(`arn:aws:rds:eu-west-1:${S}:db:kestrel-staging-db`)?.status).toBe('fail');
    expect(run.byCheck('aws.rds.storage-encrypted').get(`arn:aws:rds:us-east-1:${P}:db:kestrel-prod-analytics`)?.status).toBe('fail');
  });

  it('judges only enabled customer-managed symmetric keys, and asks rotation only for them', () => {
    const kms = run.byCheck('aws.kms.key-rotation');
    expect(kms.get(`arn:aws:kms:eu-west-1:${P}:key/7d3a9c41-2b5e-4f60-9a1d-444455550002`)?.status).toBe('fail');
    expect(kms.has(`arn:aws:kms:eu-west-1:${P}:key/7d3a9c41-2b5e-4f60-9a1d-444455550003`)).toBe(false); // AWS-managed, rotation off
    expect(kms.get(`${M}/eu-west-1`)?.status).toBe('not_applicable');
    expect([...kms.values()].filter((f) => f.status === 'pass' || f.status === 'fail')).toHaveLength(4);
    expect(run.sandbox.stats.get('aws:kms:GetKeyRotationStatus')).toBe(4);
  });

  it('accepts an HTTP listener that redirects to HTTPS, and no other plain listener', () => {
    const elb = [...run.byCheck('aws.elb.tls-listeners').values()];
    const status = (name: string) => elb.find((f) => f.resource.name === name)?.status;
    expect(status('kestrel-prod-web')).toBe('pass');
    expect(status('kestrel-prod-api')).toBe('pass');
    expect(status('kestrel-prod-admin')).toBe('fail');
    expect(status('kestrel-prod-docs')).toBe('fail');
    expect(status('kestrel-prod-mqtt')).toBe('fail');
    // Its default action redirects, but a listener rule forwards /legacy/* over plain HTTP (DescribeRules).
    expect(elb.find((f) => f.resource.name === 'kestrel-prod-shop')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/rule 2 \(path-pattern=\/legacy\/\* → forward\) serves plain HTTP/),
    });
    expect(run.sandbox.stats.get('aws:elasticloadbalancing:DescribeRules')).toBeGreaterThanOrEqual(4); // the HTTP listeners only
    expect(run.byCheck('aws.elb.tls-listeners').get(`arn:aws:elasticloadbalancing:us-east-1:${P}:loadbalancer/kestrel-legacy-web`)?.status).toBe('fail');
  });

  it('judges EBS per region and per volume', () => {
    expect(run.byCheck('aws.ebs.default-encryption').get(`${P}/us-east-1`)?.status).toBe('fail');
    expect(run.byCheck('aws.ebs.volume-encryption').get(`arn:aws:ec2:eu-west-1:${P}:volume/vol-0a1b2c3d4e5f60004`)?.status).toBe('fail');
    expect(run.byCheck('aws.ebs.volume-encryption').get(`${M}/eu-west-1`)?.status).toBe('not_applicable');
  });

  it('has deliberate gaps in every check and no errors', () => {
    for (const id of ENCRYPTION_CHECKS)
      expect(
        [...run.byCheck(id).values()].some((f) => f.status === 'fail'),
        id,
      ).toBe(true);
    expect(run.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('every evidence file a finding cites is in the run folder, with the hash it is named by', () => {
    const refs = new Map(run.findings.flatMap((f) => f.evidence).map((r) => [r.file, r.sha256]));
    expect(refs.size).toBeGreaterThan(50);
    for (const [file, sha] of refs) {
      const full = path.join(run.dir, file);
      expect(existsSync(full), file).toBe(true);
      expect(createHash('sha256').update(readFileSync(full)).digest('hex')).toBe(sha);
    }
  });

  it('gives identical findings with one-item pages', async () => {
    const company = demoCompany();
    company.aws!.pageSize = 1;
    const paged = await runAgainstSandbox(company, { config: orgConfig, only: ENCRYPTION_CHECKS });
    try {
      expect(comparable(paged.findings)).toEqual(comparable(run.findings));
      expect(paged.sandbox.stats.get('aws:s3:ListBuckets')).toBe(9); // one bucket per page
      expect(paged.sandbox.stats.get('aws:kms:ListKeys')).toBeGreaterThan(10);
      expect(paged.sandbox.stats.get('aws:ec2:DescribeVolumes')).toBeGreaterThan(8);
    } finally {
      await paged.cleanup();
    }
  });

  it('gives identical findings with 20% throttling (SlowDown, Throttling, ThrottlingException…) and 10% 5xx', async () => {
    const disturbed = await runAgainstSandbox(demoCompany(), {
      config: orgConfig,
      only: ENCRYPTION_CHECKS,
      faults: { throttleRate: 0.2, serverErrorRate: 0.1, seed: 7 },
    });
    try {
      expect(disturbed.sandbox.stats.get('aws:throttled')).toBeGreaterThan(10);
      expect(disturbed.sandbox.stats.get('aws:5xx')).toBeGreaterThan(0);
      expect(comparable(disturbed.findings)).toEqual(comparable(run.findings));
    } finally {
      await disturbed.cleanup();
    }
  });
});
