import { mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types.js';
import { compareRuns, exitCodeForFailOn, findPreviousRun, type RunChanges } from '../../src/reports/diff.js';
import { readRun } from '../../src/run/record.js';
import { completeRun, tempDir } from './pack-helpers.js';

const MONTH = (m: number) => new Date(`2026-${String(m).padStart(2, '0')}-01T06:00:00Z`);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Set one resource's status (by check and resource id). */
const setStatus = (checkId: string, resourceId: string, status: Finding['status']) => (findings: Finding[]) =>
  findings.map((f) => (f.checkId === checkId && f.resource.id === resourceId ? { ...f, status, message: `${resourceId} is now ${status}.` } : f));

const readGaps = (dir: string) =>
  JSON.parse(readFileSync(path.join(dir, 'gaps.json'), 'utf8')) as {
    changes: RunChanges;
    gaps: Array<{ checkId: string; resource: { id: string }; change: string; openSince: { runId: string } }>;
  };

describe('month over month', () => {
  it('opens the first run with every gap new and nothing resolved', async () => {
    const out = tempDir();
    dirs.push(out);
    const first = await completeRun(out, { findings: 200, now: MONTH(8) });
    const gaps = readGaps(first.dir);
    expect(gaps.changes.previous).toBeNull();
    expect(gaps.changes.new).toHaveLength(first.findings.filter((f) => f.status === 'fail' || f.status === 'error').length);
    expect(gaps.changes.resolved).toEqual([]);
    expect(gaps.gaps.every((g) => g.change === 'new')).toBe(true);
  });

  it('keys changes by check + resource: new, resolved, still open since the run it first appeared in', async () => {
    const out = tempDir();
    dirs.push(out);
    // Three monthly runs: bucket 00003's encryption fails from September; user 00004's MFA is fixed in October.
    const base = { findings: 200, failRate: 0 };
    const bucket = 'arn:aws:s3:::kestrel-bucket-00003';
    const user = 'arn:aws:iam::222222222222:user/user-00004';
    const aug = await completeRun(out, { ...base, now: MONTH(8), adjust: setStatus('aws.iam.user-console-mfa', user, 'fail') });
    const sep = await completeRun(out, {
      ...base,
      now: MONTH(9),
      adjust: (f) => setStatus('aws.s3.encryption', bucket, 'fail')(setStatus('aws.iam.user-console-mfa', user, 'fail')(f)),
    });
    const oct = await completeRun(out, { ...base, now: MONTH(10), adjust: setStatus('aws.s3.encryption', bucket, 'fail') });

    const sepChanges = readGaps(sep.dir).changes;
    expect(sepChanges.previous).toEqual({ runId: aug.run.runId, date: '2026-08-01' });
    expect(sepChanges.new.map((c) => c.resource.id)).toContain(bucket);
    expect(sepChanges.new.map((c) => c.resource.id)).not.toContain(user);
    expect(sepChanges.stillOpen.find((c) => c.resource.id === user)?.openSince?.runId).toBe(aug.run.runId);

    const octGaps = readGaps(oct.dir);
    expect(octGaps.changes.previous?.runId).toBe(sep.run.runId);
    expect(octGaps.changes.new.map((c) => c.resource.id)).not.toContain(bucket);
    const stillBucket = octGaps.changes.stillOpen.find((c) => c.resource.id === bucket);
    expect(stillBucket?.openSince).toEqual({ runId: sep.run.runId, date: '2026-09-01' });
    const resolvedUser = octGaps.changes.resolved.find((c) => c.resource.id === user);
    expect(resolvedUser).toMatchObject({ checkId: 'aws.iam.user-console-mfa', status: 'pass', previousStatus: 'fail', openSince: { runId: aug.run.runId } });
    // The streak survives in gaps.json itself (a scheduled job reads it alone).
    expect(octGaps.gaps.find((g) => g.resource.id === bucket)).toMatchObject({ change: 'still_open', openSince: { runId: sep.run.runId } });
    expect(readFileSync(path.join(oct.dir, 'gaps.md'), 'utf8')).toMatch(/### Resolved \(\d+\)[\s\S]*user-00004/);
  });

  it('says "gone" for a resource that disappeared and sets aside gaps whose check did not run', async () => {
    const out = tempDir();
    dirs.push(out);
    const volume = (f: Finding[]) => f.find((x) => x.checkId === 'aws.ebs.volume-encryption' && x.status === 'fail')!.resource.id;
    const sep = await completeRun(out, { findings: 200, now: MONTH(9) });
    const gone = volume(sep.findings);
    const octRecord = await completeRun(out, { findings: 200, now: MONTH(10), adjust: (f) => f.filter((x) => x.resource.id !== gone) });
    const changes = readGaps(octRecord.dir).changes;
    expect(changes.resolved.find((c) => c.resource.id === gone)?.status).toBe('gone');

    const withoutIdp = {
      ...octRecord,
      run: { ...octRecord.run, scope: { ...octRecord.run.scope, checks: octRecord.run.scope.checks.filter((c) => !c.startsWith('aws.ebs.')) } },
      findings: octRecord.findings.filter((f) => !f.checkId.startsWith('aws.ebs.')),
    };
    const partial = compareRuns(withoutIdp, readRun(sep.dir));
    expect(partial.notRechecked.some((c) => c.checkId.startsWith('aws.ebs.'))).toBe(true);
    expect(partial.resolved.some((c) => c.checkId.startsWith('aws.ebs.'))).toBe(false);
  });

  it('finds the latest earlier run, ignoring partial folders, stray files and later runs', async () => {
    const out = tempDir();
    dirs.push(out);
    const sep = await completeRun(out, { findings: 60, now: MONTH(9) });
    const oct = await completeRun(out, { findings: 60, now: MONTH(10) });
    mkdirSync(path.join(out, '.2026-09-20T060000Z.partial'));
    writeFileSync(path.join(out, '.2026-09-20T060000Z.partial', 'run.json'), '{}');
    mkdirSync(path.join(out, '2026-09-25-notes'));
    writeFileSync(path.join(out, '2026-09-26 readme.txt'), 'not a run');
    mkdirSync(path.join(out, '2026-09-27T000000Z'));
    writeFileSync(path.join(out, '2026-09-27T000000Z', 'run.json'), '{ broken');
    expect(findPreviousRun(out, oct.run.runId)?.runId).toBe(sep.run.runId);
    expect(findPreviousRun(out, sep.run.runId)).toBeNull();
    expect(findPreviousRun(path.join(out, 'missing'), oct.run.runId)).toBeNull();
  });
});

describe('previous run without a usable gaps.json', () => {
  it('takes the earlier gaps from findings.json, the streak starting at that run', async () => {
    const out = tempDir();
    dirs.push(out);
    const sep = await completeRun(out, { findings: 120, now: MONTH(9) });
    const oct = await completeRun(out, { findings: 120, now: MONTH(10) });
    const expected = readGaps(oct.dir).changes;
    unlinkSync(path.join(sep.dir, 'gaps.json'));
    const fromFindings = findPreviousRun(out, oct.run.runId)!;
    expect(compareRuns(oct, fromFindings)).toEqual(expected);
    // a gaps.json that belongs to another run is not trusted either
    writeFileSync(path.join(sep.dir, 'gaps.json'), JSON.stringify({ runId: 'someone-else', gaps: [] }));
    expect(compareRuns(oct, findPreviousRun(out, oct.run.runId))).toEqual(expected);
    expect(compareRuns(oct, readRun(sep.dir))).toEqual(expected);
  });
});

describe('--fail-on', () => {
  const change = (status: 'fail' | 'error') => ({ checkId: 'x', resource: { id: 'r' }, severity: 'high' as const, status, message: '' });
  it.each([
    ['any', 1, [], 1],
    ['any', 3, [], 3],
    ['any', 0, [], 0],
    ['none', 1, [change('fail')], 0],
    ['new', 1, [], 0],
    ['new', 1, [change('fail')], 1],
    ['new', 1, [change('error')], 3],
    ['new', 3, [change('error'), change('fail')], 1],
  ] as const)('%s with SPEC exit %i and %j new → %i', (mode, spec, news, expected) => {
    expect(exitCodeForFailOn(mode, spec, { new: [...news] })).toBe(expected);
  });
});
