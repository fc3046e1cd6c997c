// Access denied, redirects, selective collection and empty accounts, through the real SDK against the sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/types.js';
import type { SandboxCompany } from '../../../src/sandbox/company.js';
import { demoAccount, demoCompany, DEMO_MANAGEMENT_ACCOUNT, DEMO_PROD_ACCOUNT, DEMO_ROLE } from '../../../src/sandbox/demo/company.js';
import { runAgainstSandbox, type SandboxRun } from '../../helpers/sandbox.js';
import { comparable, ENCRYPTION_CHECKS, orgConfig } from './encryption-helpers.js';

const without = (findings: Finding[], checkId: string) => findings.filter((f) => f.checkId !== checkId);

describe('encryption collectors: denied permissions', () => {
  let baseline: SandboxRun;
  beforeAll(async () => {
    baseline = await runAgainstSandbox(demoCompany(), { config: orgConfig, only: ENCRYPTION_CHECKS });
  });
  afterAll(() => baseline.cleanup());

  async function deniedRun(deny: string[]): Promise<Finding[]> {
    const run = await runAgainstSandbox(demoCompany(), { config: orgConfig, only: ENCRYPTION_CHECKS, faults: { deny } });
    try {
      return run.findings;
    } finally {
      await run.cleanup();
    }
  }

  it("a denied GetBucketPolicy makes every bucket's tls-only an error naming s3:GetBucketPolicy, and nothing else changes", async () => {
    const findings = await deniedRun(['s3:GetBucketPolicy']);
    const tls = findings.filter((f) => f.checkId === 'aws.s3.tls-only');
    expect(tls).toHaveLength(9);
    for (const f of tls) expect(f).toMatchObject({ status: 'error', missing: 's3:GetBucketPolicy' });
    expect(comparable(without(findings, 'aws.s3.tls-only'))).toEqual(comparable(without(baseline.findings, 'aws.s3.tls-only')));
  });

  it('without GetBucketLocation, buckets are still read in their own region (by following the redirect)', async () => {
    const findings = await deniedRun(['s3:GetBucketLocation']);
    const strip = (fs: Finding[]) => comparable(fs.filter((f) => f.checkId.startsWith('aws.s3.')));
    expect(strip(findings)).toEqual(strip(baseline.findings));
  });

  it('a denied GetKeyRotationStatus makes exactly the judged keys errors', async () => {
    const findings = await deniedRun(['kms:GetKeyRotationStatus']);
    const kms = findings.filter((f) => f.checkId === 'aws.kms.key-rotation');
    const judged = baseline.findings
      .filter((f) => f.checkId === 'aws.kms.key-rotation' && (f.status === 'pass' || f.status === 'fail'))
      .map((f) => f.resource.id);
    expect(
      kms
        .filter((f) => f.status === 'error')
        .map((f) => f.resource.id)
        .sort(),
    ).toEqual(judged.sort());
    for (const f of kms.filter((x) => x.status === 'error')) expect(f.missing).toBe('kms:GetKeyRotationStatus');
  });

  it('a denied account-level block leaves buckets that block everything themselves passing', async () => {
    const findings = await deniedRun(['s3:GetAccountPublicAccessBlock']);
    const pab = new Map(findings.filter((f) => f.checkId === 'aws.s3.public-access-block').map((f) => [f.resource.id, f]));
    expect(pab.get('arn:aws:s3:::kestrel-prod-customer-data')?.status).toBe('pass');
    expect(pab.get('arn:aws:s3:::kestrel-billing-reports')).toMatchObject({ status: 'error', missing: 's3:GetAccountPublicAccessBlock' });
    expect([...pab.values()].some((f) => f.status === 'pass' && f.resource.id === 'arn:aws:s3:::kestrel-staging-scratch')).toBe(false);
  });

  it("one account's denied DescribeVolumes errors only that account's regions", async () => {
    const findings = await deniedRun([`${DEMO_PROD_ACCOUNT}:ec2:DescribeVolumes`, 'elasticloadbalancing:DescribeListeners', 'rds:DescribeDBClusters']);
    const volumes = findings.filter((f) => f.checkId === 'aws.ebs.volume-encryption');
    expect(
      volumes
        .filter((f) => f.status === 'error')
        .map((f) => f.resource.id)
        .sort(),
    ).toEqual([`${DEMO_PROD_ACCOUNT}/eu-west-1`, `${DEMO_PROD_ACCOUNT}/us-east-1`]);
    expect(volumes.some((f) => f.resource.account === '777788889999' && f.status === 'fail')).toBe(true);
    // Listeners denied: each ELBv2 load balancer is an error, classic ELBs are still judged.
    const elb = findings.filter((f) => f.checkId === 'aws.elb.tls-listeners');
    expect(
      elb
        .filter((f) => f.resource.type === 'aws.elb.load-balancer')
        .every((f) => f.status === 'error' && f.missing === 'elasticloadbalancing:DescribeListeners'),
    ).toBe(true);
    expect(elb.find((f) => f.resource.name === 'kestrel-legacy-web')?.status).toBe('fail');
    // Clusters denied: Aurora members are not judged as instances in its place; never a pass for the cluster.
    const maz = findings.filter((f) => f.checkId === 'aws.rds.multi-az');
    expect(maz.some((f) => f.resource.id.includes('kestrel-prod-aurora'))).toBe(false);
    expect(maz.filter((f) => f.status === 'error').every((f) => f.missing === 'rds:DescribeDBClusters')).toBe(true);
    expect(findings.filter((f) => f.status === 'pass' && f.missing)).toEqual([]);
  });

  it('collects only what the selected checks need', async () => {
    const run = await runAgainstSandbox(demoCompany(), { config: orgConfig, only: ['aws.s3.encryption'] });
    try {
      const ops = [...run.sandbox.stats.keys()].filter((k) => k.startsWith('aws:') && !k.startsWith('aws:sts') && !k.startsWith('aws:organizations'));
      expect(ops.sort()).toEqual(['aws:s3:GetBucketEncryption', 'aws:s3:GetBucketLocation', 'aws:s3:ListBuckets']);
    } finally {
      await run.cleanup();
    }
  });
});

describe('encryption collectors: empty accounts', () => {
  it('accounts with nothing in them are not applicable, never pass or error', async () => {
    const empty = (id: string, name: string, roles: string[]) => {
      const a = demoAccount(id, name, roles);
      a.s3 = {};
      for (const r of Object.values(a.regions)) Object.assign(r, { ec2: {}, rds: {}, kms: {}, elb: {} });
      return a;
    };
    const company: SandboxCompany = {
      name: 'Empty Co',
      aws: {
        managementAccountId: DEMO_MANAGEMENT_ACCOUNT,
        callerUserName: 'auditor',
        organization: true,
        accounts: [empty(DEMO_MANAGEMENT_ACCOUNT, 'mgmt', []), empty(DEMO_PROD_ACCOUNT, 'prod', [DEMO_ROLE])],
      },
    };
    const run = await runAgainstSandbox(company, { config: orgConfig, only: ENCRYPTION_CHECKS });
    try {
      const byStatus = (s: string) => run.findings.filter((f) => f.status === s);
      expect(byStatus('error')).toEqual([]);
      expect(byStatus('pass')).toEqual([]);
      // EBS encryption-by-default is off in an untouched account: that is a finding, not n/a.
      expect(byStatus('fail').every((f) => f.checkId === 'aws.ebs.default-encryption')).toBe(true);
      for (const id of ENCRYPTION_CHECKS.filter((c) => c !== 'aws.ebs.default-encryption')) {
        const fs = run.findings.filter((f) => f.checkId === id);
        expect(fs.length, id).toBeGreaterThan(0);
        expect(
          fs.every((f) => f.status === 'not_applicable'),
          id,
        ).toBe(true);
      }
      // S3 checks speak for each account; regional checks for each account × region.
      expect(
        run.findings
          .filter((f) => f.checkId === 'aws.s3.tls-only')
          .map((f) => f.resource.id)
          .sort(),
      ).toEqual([DEMO_MANAGEMENT_ACCOUNT, DEMO_PROD_ACCOUNT]);
      expect(run.findings.filter((f) => f.checkId === 'aws.kms.key-rotation')).toHaveLength(4);
    } finally {
      await run.cleanup();
    }
  });
});
