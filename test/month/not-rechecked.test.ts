// Month over month when a source could not be read: its earlier gaps are "not re-checked (why)",
// never resolved, and the next run still knows them (with their original open-since date).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { silentProgress } from '../../src/cli/progress.js';
import type { Config } from '../../src/config/schema.js';
import type { Finding } from '../../src/core/types.js';
import { runCollection, type RunResult } from '../../src/pipeline/run.js';
import { compareRuns, describeChanges, exitCodeForFailOn, type RunChanges } from '../../src/reports/diff.js';
import { readRun, type RunRecord } from '../../src/run/record.js';
import { demoCompany } from '../../src/sandbox/demo/company.js';
import { demoConfig, demoEnv } from '../../src/sandbox/demo/config.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/server.js';
import { pdfText } from '../reports/pack-helpers.js';

const gapsOf = (dir: string) =>
  JSON.parse(readFileSync(path.join(dir, 'gaps.json'), 'utf8')) as {
    changes: RunChanges;
    counts: Record<string, number>;
    gaps: Array<{ checkId: string; change: string }>;
  };
const isAwsGap = (f: Finding) => f.checkId.startsWith('aws.') && (f.status === 'fail' || f.status === 'error');

describe('a month whose AWS credentials were rejected', () => {
  let sandbox: SandboxHandle;
  let out: string;
  let first: RunResult;
  let broken: RunResult;
  let third: RunResult;
  beforeAll(async () => {
    sandbox = await startSandbox(demoCompany());
    out = mkdtempSync(path.join(tmpdir(), 'soc2-month-'));
    const loaded = demoConfig(sandbox.url, out);
    const run = (now: string, env: NodeJS.ProcessEnv) =>
      runCollection({
        loaded: { ...loaded, config: loaded.config as Config },
        catalog: loadCatalog(),
        outDir: out,
        env,
        progress: silentProgress,
        now: new Date(now),
        tuning: { retryBaseMs: 2 },
      });
    first = await run('2026-09-01T06:00:00Z', demoEnv(sandbox.url));
    broken = await run('2026-10-01T06:00:00Z', { ...demoEnv(sandbox.url), AWS_ACCESS_KEY_ID: 'AKIAREVOKEDKEY000000' });
    third = await run('2026-11-01T06:00:00Z', demoEnv(sandbox.url));
  }, 120_000);
  afterAll(async () => {
    await sandbox.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('resolves none of the AWS gaps: each is "not re-checked", with why', () => {
    expect(broken.run.sources.aws?.status).toBe('failed');
    const awsGaps = first.findings.filter((f) => f.checkId.startsWith('aws.') && f.status === 'fail');
    expect(awsGaps.length).toBeGreaterThan(20);
    const { changes, counts } = gapsOf(broken.dir);
    expect(changes.resolved.filter((c) => c.checkId.startsWith('aws.'))).toEqual([]);
    const unread = new Map(changes.notRechecked.map((c) => [`${c.checkId} ${c.resource.id}`, c]));
    for (const g of awsGaps) {
      const c = unread.get(`${g.checkId} ${g.resource.id}`);
      expect(c, `${g.checkId} ${g.resource.id}`).toBeDefined();
      expect(c!.reason).toMatch(/could not verify this run: .*AWS (rejected the credentials|credentials could not be used)/);
      expect(c!.openSince?.runId).toBe(first.run.runId);
    }
    expect(counts.notRechecked).toBe(changes.notRechecked.length);
    expect(readFileSync(path.join(broken.dir, 'gaps.md'), 'utf8')).toMatch(
      /Not re-checked this run[^\n]*\n(- .*not re-checked \(could not verify this run: .*\n)+/,
    );
  });

  it('says so in the pack\'s "what changed"', async () => {
    const text = (await pdfText(path.join(broken.dir, 'evidence-pack.pdf'))).text.replace(/\s+/g, ' ');
    expect(text).toMatch(/Not re-checked this run \(not resolved\) \(\d+\)/);
    expect(text).toMatch(/\d+ earlier gaps were not re-checked/);
  });

  it('does not become the baseline that hides them: next month they are still open since the first run, not new', () => {
    const { changes, gaps } = gapsOf(third.dir);
    expect(changes.previous?.runId).toBe(broken.run.runId);
    const firstAws = first.findings.filter(isAwsGap).map((f) => `${f.checkId} ${f.resource.id}`);
    const key = (c: { checkId: string; resource: { id: string } }) => `${c.checkId} ${c.resource.id}`;
    // (one IAM user crosses the 90-day line in November: that one is rightly new)
    expect(changes.new.filter((c) => firstAws.includes(key(c)))).toEqual([]);
    const still = changes.stillOpen.filter((c) => c.checkId.startsWith('aws.'));
    expect(still.length).toBe(third.findings.filter((f) => isAwsGap(f) && firstAws.includes(key(f))).length);
    expect(still.length).toBeGreaterThan(20);
    for (const c of still) expect(c.openSince?.runId).toBe(first.run.runId);
    expect(
      gaps
        .filter((g) => g.checkId.startsWith('aws.') && firstAws.includes(`${g.checkId} ${(g as unknown as { resource: { id: string } }).resource.id}`))
        .every((g) => g.change === 'still_open'),
    ).toBe(true);
    // --fail-on new: only the one truly new gap counts (before, every AWS gap came back "new")
    expect(changes.new.filter((c) => c.status === 'fail' && c.checkId.startsWith('aws.')).map((c) => c.resource.id)).toEqual([
      'arn:aws:iam::777788889999:user/dev-jordan',
    ]);
    const aged = ['arn:aws:iam::777788889999:user/dev-jordan', 'new.hire@kestrel.example']; // crossed the 90-day line in November
    expect(exitCodeForFailOn('new', third.run.exitCode, { new: changes.new.filter((c) => !aged.includes(c.resource.id)) })).toBe(0);
  });

  it('diff OLD NEW says the same, and diff across the broken month still pairs the gaps', () => {
    const changes = compareRuns(readRun(broken.dir), readRun(first.dir));
    expect(changes.resolved.filter((c) => c.checkId.startsWith('aws.'))).toEqual([]);
    expect(describeChanges(changes, { runId: broken.run.runId, date: '2026-10-01' }).join('\n')).toMatch(
      /Not re-checked this run[\s\S]*not re-checked \(could not verify this run:/,
    );
    const next = compareRuns(readRun(third.dir), readRun(broken.dir));
    expect(next.new.filter((c) => c.checkId.startsWith('aws.') && c.status === 'fail').map((c) => c.resource.id)).toEqual([
      'arn:aws:iam::777788889999:user/dev-jordan',
    ]);
  });
});

describe('one account could not be entered', () => {
  const record = (findings: Finding[], runId: string): RunRecord => ({
    dir: '/nonexistent',
    findings,
    run: {
      runId,
      startedAt: `${runId.slice(0, 10)}T06:00:00Z`,
      scope: { checks: ['aws.iam.user-console-mfa'], checksOutOfScope: [] },
    } as unknown as RunRecord['run'],
  });
  const user = (account: string, name: string, status: Finding['status']): Finding => ({
    checkId: 'aws.iam.user-console-mfa',
    controlIds: [],
    severity: 'high',
    status,
    message: `${name} ${status}`,
    evidence: [],
    resource: { type: 'aws.iam.user', id: `arn:aws:iam::${account}:user/${name}`, account },
  });
  it('keeps that account\'s users "not re-checked" and resolves only what was read', () => {
    const before = record([user('111111111111', 'ana', 'fail'), user('222222222222', 'bo', 'fail'), user('222222222222', 'cy', 'fail')], '2026-09-01T060000Z');
    const now = record(
      [
        user('111111111111', 'ana', 'pass'),
        {
          checkId: 'aws.iam.user-console-mfa',
          controlIds: [],
          severity: 'high',
          status: 'error',
          message: 'Could not verify: AssumeRole was denied',
          evidence: [],
          resource: { type: 'aws.account', id: '222222222222', account: '222222222222' },
        },
      ],
      '2026-10-01T060000Z',
    );
    const changes = compareRuns(now, { runId: before.run.runId, date: '2026-09-01', gaps: before.findings });
    expect(changes.resolved.map((c) => c.resource.id)).toEqual(['arn:aws:iam::111111111111:user/ana']);
    expect(changes.notRechecked.map((c) => c.resource.id)).toEqual(['arn:aws:iam::222222222222:user/bo', 'arn:aws:iam::222222222222:user/cy']);
    expect(changes.notRechecked[0]!.reason).toBe('could not verify this run: AssumeRole was denied');
  });
  it('a fail that is now an error on the same resource is not re-checked, not still open', () => {
    const before = record([user('111111111111', 'ana', 'fail'), user('111111111111', 'bo', 'error')], '2026-09-01T060000Z');
    const now = record([user('111111111111', 'ana', 'error'), user('111111111111', 'bo', 'error')], '2026-10-01T060000Z');
    const changes = compareRuns(now, { runId: before.run.runId, date: '2026-09-01', gaps: before.findings });
    expect(changes.notRechecked.map((c) => c.resource.id)).toEqual(['arn:aws:iam::111111111111:user/ana']);
    expect(changes.stillOpen.map((c) => c.resource.id)).toEqual(['arn:aws:iam::111111111111:user/bo']);
    expect(changes.resolved).toEqual([]);
  });
});
