// The identity and audit-log collectors through the real SDK clients over HTTP against the sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/types.js';
import { runAgainstSandbox, type SandboxRun } from '../../helpers/sandbox.js';
import { APP, EMPTY, IDENTITY_CHECKS, MGMT, identityConfig, identityEstate } from './identity-estate.js';

/** What must be identical between runs: everything but evidence references (their timestamps differ). */
const verdicts = (findings: Finding[]) =>
  findings
    .filter((f) => IDENTITY_CHECKS.includes(f.checkId))
    .map((f) => ({ checkId: f.checkId, id: f.resource.id, status: f.status, message: f.message, details: f.details ?? null, missing: f.missing ?? null }));

const statuses = (run: SandboxRun, checkId: string) => Object.fromEntries([...run.byCheck(checkId)].map(([id, f]) => [id, f.status]));

let baseline: SandboxRun;
beforeAll(async () => {
  baseline = await runAgainstSandbox(identityEstate(), { config: identityConfig, only: IDENTITY_CHECKS });
});
afterAll(async () => baseline?.cleanup());

describe('undisturbed run over Organizations discovery (page size 1), 3 accounts × 2 regions', () => {
  it('reads every account and makes no per-user IAM call', () => {
    const aws = baseline.run.sources.aws!;
    expect(aws.status).toBe('ok');
    expect(aws.notes?.accounts).toBe(3);
    // Per account: credential report polled (Generate ×k, Get ×m), summary, policy — never per user.
    const stats = baseline.sandbox.stats;
    expect([...stats.keys()].filter((k) => k.startsWith('aws:iam:')).sort()).toEqual([
      'aws:iam:GenerateCredentialReport',
      'aws:iam:GetAccountPasswordPolicy',
      'aws:iam:GetAccountSummary',
      'aws:iam:GetCredentialReport',
    ]);
    // The management account's report needs 3 in-progress polls (Get is tried from the third poll on and
    // answers ReportInProgress once); the app account's first report expires and is generated again.
    expect(stats.get('aws:iam:GenerateCredentialReport')).toBe(4 + 2 + 1);
    expect(stats.get('aws:iam:GetCredentialReport')).toBe(2 + 2 + 1);
    // Organizations listed one account per page.
    expect(stats.get('aws:organizations:ListAccounts')).toBe(3);
    // GuardDuty: two pages in the region with two detectors, one call in each of the five others.
    expect(stats.get('aws:guardduty:ListDetectors')).toBe(7);
    // Trail status and selectors only by the owner: org (management), app-trail and app-eu (app).
    expect(stats.get('aws:cloudtrail:GetTrailStatus')).toBe(3);
  });

  it('IAM verdicts from the credential report, summary and policy', () => {
    expect(statuses(baseline, 'aws.iam.root-mfa')).toEqual({
      [`arn:aws:iam::${MGMT}:root`]: 'pass',
      [`arn:aws:iam::${APP}:root`]: 'fail',
      [`arn:aws:iam::${EMPTY}:root`]: 'pass',
    });
    expect(statuses(baseline, 'aws.iam.root-access-keys')).toEqual({
      [`arn:aws:iam::${MGMT}:root`]: 'pass',
      [`arn:aws:iam::${APP}:root`]: 'fail',
      [`arn:aws:iam::${EMPTY}:root`]: 'pass',
    });
    expect(statuses(baseline, 'aws.iam.user-console-mfa')).toEqual({
      [`arn:aws:iam::${MGMT}:user/ops`]: 'pass',
      [`arn:aws:iam::${MGMT}:user/nomfa`]: 'fail',
      [`arn:aws:iam::${APP}:user/team/dev`]: 'fail',
      [EMPTY]: 'not_applicable',
    });
    expect(statuses(baseline, 'aws.iam.password-policy')).toEqual({ [MGMT]: 'pass', [APP]: 'fail', [EMPTY]: 'pass' });
    expect(statuses(baseline, 'aws.iam.access-key-rotation')).toEqual({
      [`arn:aws:iam::${MGMT}:user/old-key`]: 'fail',
      [`arn:aws:iam::${MGMT}:user/never-used-key`]: 'fail',
      [`arn:aws:iam::${APP}:user/ci`]: 'pass',
      [`arn:aws:iam::${APP}:user/garbled`]: 'pass',
      [EMPTY]: 'not_applicable',
    });
    expect(statuses(baseline, 'aws.iam.unused-credentials')).toEqual({
      [`arn:aws:iam::${MGMT}:user/ops`]: 'pass',
      [`arn:aws:iam::${MGMT}:user/nomfa`]: 'fail',
      [`arn:aws:iam::${MGMT}:user/old-key`]: 'pass',
      [`arn:aws:iam::${MGMT}:user/never-used-key`]: 'fail',
      [`arn:aws:iam::${APP}:user/team/dev`]: 'fail',
      [`arn:aws:iam::${APP}:user/ci`]: 'pass',
      // An unreadable last-used value is never a pass.
      [`arn:aws:iam::${APP}:user/garbled`]: 'error',
      [EMPTY]: 'not_applicable',
    });
  });

  it('CloudTrail: shadow and organization trails judged once by ARN; members covered by the org trail', () => {
    expect(statuses(baseline, 'aws.cloudtrail.multi-region')).toEqual({ [MGMT]: 'pass', [APP]: 'pass', [EMPTY]: 'pass' });
    const orgArn = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org`;
    const appArn = `arn:aws:cloudtrail:us-east-1:${APP}:trail/app-trail`;
    const euArn = `arn:aws:cloudtrail:eu-west-1:${APP}:trail/app-eu`;
    expect(statuses(baseline, 'aws.cloudtrail.log-validation')).toEqual({ [orgArn]: 'pass', [appArn]: 'fail', [euArn]: 'pass', [EMPTY]: 'not_applicable' });
    expect(statuses(baseline, 'aws.cloudtrail.kms-encrypted')).toEqual({ [orgArn]: 'pass', [appArn]: 'fail', [euArn]: 'fail', [EMPTY]: 'not_applicable' });
    expect(baseline.findings.filter((f) => f.checkId === 'aws.cloudtrail.log-validation' && f.resource.id === orgArn)).toHaveLength(1);
    // The multi-region trail was listed in both regions (its shadow copy) and judged once.
    expect(baseline.byCheck('aws.cloudtrail.log-validation').get(appArn)!.details).toMatchObject({
      homeRegion: 'us-east-1',
      seenInRegions: ['eu-west-1', 'us-east-1'],
    });
    expect(baseline.byCheck('aws.cloudtrail.log-validation').get(euArn)!.details).toMatchObject({ seenInRegions: ['eu-west-1'] });
  });

  it('Config and GuardDuty per account × region (GuardDuty listed one detector per page)', () => {
    expect(statuses(baseline, 'aws.config.recorder')).toEqual({
      [`${MGMT}/eu-west-1`]: 'pass',
      [`${MGMT}/us-east-1`]: 'fail',
      [`${APP}/eu-west-1`]: 'fail',
      [`${APP}/us-east-1`]: 'fail',
      [`${EMPTY}/eu-west-1`]: 'fail',
      [`${EMPTY}/us-east-1`]: 'fail',
    });
    expect(statuses(baseline, 'aws.guardduty.enabled')).toEqual({
      [`${MGMT}/eu-west-1`]: 'pass',
      [`${MGMT}/us-east-1`]: 'pass',
      [`${APP}/eu-west-1`]: 'pass',
      [`${APP}/us-east-1`]: 'fail',
      [`${EMPTY}/eu-west-1`]: 'fail',
      [`${EMPTY}/us-east-1`]: 'fail',
    });
  });
});

describe('disturbed runs', () => {
  it('20% throttling and 5% 5xx give identical findings', async () => {
    const disturbed = await runAgainstSandbox(identityEstate(), {
      config: identityConfig,
      only: IDENTITY_CHECKS,
      faults: { throttleRate: 0.2, serverErrorRate: 0.05, seed: 7 },
    });
    try {
      expect(verdicts(disturbed.findings)).toEqual(verdicts(baseline.findings));
      expect(disturbed.run.sources.aws!.status).toBe('ok');
      expect(disturbed.sandbox.stats.get('aws:throttled')).toBeGreaterThan(5);
      expect(disturbed.sandbox.stats.get('aws:5xx')).toBeGreaterThan(0);
    } finally {
      await disturbed.cleanup();
    }
  });

  it.each([
    ['iam:GetCredentialReport', ['aws.iam.user-console-mfa', 'aws.iam.access-key-rotation', 'aws.iam.unused-credentials']],
    ['iam:GenerateCredentialReport', ['aws.iam.user-console-mfa', 'aws.iam.access-key-rotation', 'aws.iam.unused-credentials']],
    ['iam:GetAccountSummary', ['aws.iam.root-mfa', 'aws.iam.root-access-keys']],
    ['iam:GetAccountPasswordPolicy', ['aws.iam.password-policy']],
    ['cloudtrail:DescribeTrails', ['aws.cloudtrail.multi-region', 'aws.cloudtrail.log-validation', 'aws.cloudtrail.kms-encrypted']],
    ['cloudtrail:GetEventSelectors', ['aws.cloudtrail.multi-region']],
    ['config:DescribeConfigurationRecorderStatus', ['aws.config.recorder']],
    ['guardduty:GetDetector', ['aws.guardduty.enabled']],
  ])('%s denied → exactly %j become error naming it', async (action, dependent) => {
    const denied = await runAgainstSandbox(identityEstate(), { config: identityConfig, only: IDENTITY_CHECKS, faults: { deny: [action] } });
    try {
      const before = new Map(verdicts(baseline.findings).map((v) => [`${v.checkId} ${v.id}`, v]));
      for (const v of verdicts(denied.findings)) {
        if (dependent.includes(v.checkId)) {
          // Accounts with nothing to read for this API (no detector, no trail of its own) keep their verdict.
          if (v.status !== 'error') {
            expect(before.get(`${v.checkId} ${v.id}`)?.status, `${v.checkId} ${v.id}`).toBe(v.status);
            continue;
          }
          expect(v.missing, `${v.checkId} ${v.id}`).toBe(action);
        } else {
          // Same verdict (details may lose a second witness, e.g. the report's root row).
          const was = before.get(`${v.checkId} ${v.id}`);
          expect([v.status, v.missing], `${v.checkId} ${v.id}`).toEqual([was?.status, was?.missing]);
        }
      }
      for (const checkId of dependent)
        expect(
          denied.findings.some((f) => f.checkId === checkId && f.status === 'error' && f.missing === action),
          checkId,
        ).toBe(true);
      expect(denied.findings.some((f) => f.status === 'pass' && dependent.includes(f.checkId) && f.missing)).toBe(false);
      expect(denied.run.sources.aws!.missingPermissions).toContain(action);
    } finally {
      await denied.cleanup();
    }
  });

  it('an account whose AssumeRole fails: its checks are error, the other accounts are unchanged', async () => {
    const estate = identityEstate();
    estate.aws!.accounts.find((a) => a.id === APP)!.roles = [];
    const broken = await runAgainstSandbox(estate, { config: identityConfig, only: IDENTITY_CHECKS });
    try {
      const before = new Map(verdicts(baseline.findings).map((v) => [`${v.checkId} ${v.id}`, v]));
      const appFindings = broken.findings.filter((f) => f.resource.account === APP || f.resource.id.includes(APP));
      expect(appFindings.length).toBeGreaterThanOrEqual(IDENTITY_CHECKS.length);
      for (const f of appFindings) {
        expect(f.status, `${f.checkId} ${f.resource.id}`).toBe('error');
        expect(f.missing).toBe(`sts:AssumeRole on arn:aws:iam::${APP}:role/audit-readonly`);
      }
      // Regional checks keep ACCT/REGION resource ids for the unreachable account.
      expect(statuses(broken, 'aws.guardduty.enabled')[`${APP}/us-east-1`]).toBe('error');
      for (const v of verdicts(broken.findings).filter((v) => !v.id.includes(APP)))
        expect(v, `${v.checkId} ${v.id}`).toEqual(before.get(`${v.checkId} ${v.id}`));
      expect(broken.run.sources.aws!.status).toBe('partial');
    } finally {
      await broken.cleanup();
    }
  });
});

describe('regions discovered with ec2:DescribeRegions', () => {
  it('denied: trails are not "absent" — CloudTrail, Config and GuardDuty checks error naming the action; IAM is unaffected', async () => {
    const run = await runAgainstSandbox(identityEstate(), {
      config: () => ({ ...identityConfig(), aws: { organization: true, roleName: 'audit-readonly' } }),
      only: IDENTITY_CHECKS,
      faults: { deny: ['ec2:DescribeRegions'] },
    });
    try {
      for (const f of run.findings) {
        if (/^aws\.(cloudtrail|config|guardduty)\./.test(f.checkId))
          expect([f.checkId, f.resource.id, f.status, f.missing]).toEqual([f.checkId, f.resource.id, 'error', 'ec2:DescribeRegions']);
        else expect(f.status, `${f.checkId} ${f.resource.id}`).toBe(baseline.byCheck(f.checkId).get(f.resource.id)?.status);
      }
      expect(
        run.findings
          .filter((f) => f.checkId === 'aws.cloudtrail.log-validation')
          .map((f) => f.resource.id)
          .sort(),
      ).toEqual([APP, EMPTY, MGMT].sort());
    } finally {
      await run.cleanup();
    }
  });
});
