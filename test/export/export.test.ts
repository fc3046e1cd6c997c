// `export` over a known history (demo --history 6, July–December 2026): the period's answers, the
// bundle's determinism and verification, tampering, and bad input.
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, appendFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import { TamperedRunError, writeExportBundle } from '../../src/export/bundle.js';
import { parsePopulationCsv } from '../../src/export/populations.js';
import { folderRunSource } from '../../src/export/runs.js';
import { DEFAULT_SAMPLE_SIZES } from '../../src/export/sample.js';
import { verifyBundle } from '../../src/export/verify.js';
import { copyRuns, HISTORY_PERIOD, RUN_IDS, writeHistory } from './history-fixture.js';

let runs: string;
let out: string;
let bundle: Record<string, Uint8Array>;
const scratch: string[] = [];

function csv(name: string) {
  return parsePopulationCsv(strFromU8(bundle[name]!));
}

async function exportTo(file: string, options: Partial<Parameters<typeof writeExportBundle>[0]> = {}) {
  return writeExportBundle({ source: folderRunSource(runs), period: HISTORY_PERIOD, out: file, sample: { seed: 42, sizes: DEFAULT_SAMPLE_SIZES }, ...options });
}

beforeAll(async () => {
  runs = await writeHistory();
  out = mkdtempSync(path.join(tmpdir(), 'soc2-export-'));
  scratch.push(runs, out);
  await exportTo(path.join(out, 'a.zip'));
  bundle = unzipSync(readFileSync(path.join(out, 'a.zip')));
}, 240_000);

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('the bundle of a known period', () => {
  it('holds every run unchanged, the period files and a manifest of every entry', () => {
    const names = Object.keys(bundle);
    expect(names).toEqual([...names].sort());
    for (const id of RUN_IDS) {
      for (const file of readdirSync(path.join(runs, id)))
        if (file !== 'evidence' && file !== 'populations')
          expect(Buffer.from(bundle[`runs/${id}/${file}`]!).equals(readFileSync(path.join(runs, id, file)))).toBe(true);
    }
    for (const name of [
      'period/overview.pdf',
      'period/assessment-results.json',
      'period/gap-timeline.csv',
      'bundle-manifest.json',
      ...['pull-requests', 'direct-pushes', 'repositories', 'users', 'leavers'].flatMap((p) => [
        `period/populations/${p}.csv`,
        `period/populations/${p}.ipe.json`,
        `period/samples/${p}.csv`,
      ]),
    ]) {
      expect(names).toContain(name);
    }
    const manifest = JSON.parse(strFromU8(bundle['bundle-manifest.json']!));
    expect(Object.keys(manifest.files).sort()).toEqual(names.filter((n) => n !== 'bundle-manifest.json').sort());
    expect(manifest.runs.map((r: { runId: string }) => r.runId)).toEqual(RUN_IDS);
    expect(manifest.sample).toMatchObject({ seed: 42 });
    expect(manifest.sample.algorithm).toMatch(/mulberry32/);
  });

  it('lists the leavers with their dates: a suspension and a removal', () => {
    const { rows } = csv('period/populations/leavers.csv');
    expect(rows.map((r) => [r.login, r.left_run, r.how])).toEqual([
      ['dennis.ritchie@kestrel.example', '2026-08-01T060000Z', 'deactivated (SUSPENDED)'],
      ['radia.perlman@kestrel.example', '2026-10-01T060000Z', 'removed from the IdP'],
    ]);
    expect(rows[0]!.status_changed).toBe('2026-07-29T06:00:00Z');
    expect(rows[0]!.last_active_run).toBe('2026-07-01T060000Z');
    const users = csv('period/populations/users.csv').rows;
    expect(users.find((u) => u.login === 'joan.clarke@kestrel.example')).toMatchObject({
      first_seen_run: '2026-09-01T060000Z',
      last_seen_run: '2026-12-01T060000Z',
      runs_seen: '4',
    });
    expect(users.find((u) => u.login === 'radia.perlman@kestrel.example')).toMatchObject({ last_seen_run: '2026-09-01T060000Z' });
  });

  it('lists each merged pull request once, latest view winning, and flags one judged differently', () => {
    const { rows } = csv('period/populations/pull-requests.csv');
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('kestrel-data/api#98'); // merged before the period
    expect(rows.every((r) => r.merged_at! >= '2026-07-01' && r.merged_at! <= '2026-12-31T23:59:59Z')).toBe(true);
    const dismissed = rows.find((r) => r.id === 'kestrel-data/api#210')!;
    expect(dismissed.verdict).toBe('fail');
    expect(dismissed.reviews).toMatch(/dismissed/);
    expect(dismissed.judged_differently).toBe(
      '2026-08-01T060000Z: pass; 2026-09-01T060000Z: pass; 2026-10-01T060000Z: fail; 2026-11-01T060000Z: fail; 2026-12-01T060000Z: fail',
    );
    expect(rows.filter((r) => r.judged_differently).map((r) => r.id)).toEqual(['kestrel-data/api#210']);
    const ipe = JSON.parse(strFromU8(bundle['period/populations/pull-requests.ipe.json']!));
    expect(ipe.rows).toBe(rows.length);
    expect(ipe.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ipe.runs).toHaveLength(6);
    expect(ipe.sourceCalls.calls.length).toBeGreaterThan(0);
    expect(ipe.sourceCalls.calls[0]).toMatchObject({
      operation: expect.any(String),
      evidence: expect.stringMatching(/^runs\/.+\/evidence\/[0-9a-f]{64}\.json$/),
    });
  });

  it('times each gap: resolved, reopened elsewhere, still open', () => {
    const { rows } = csv('period/gap-timeline.csv');
    const gap = (check: string, resource: string) => rows.filter((r) => r.check === check && r.resource === resource);
    expect(gap('aws.iam.password-policy', '444455556666')).toEqual([
      expect.objectContaining({ first_seen_run: '2026-07-01T060000Z', resolved_run: '2026-08-01T060000Z', days_open: '31', state: 'resolved' }),
    ]);
    expect(gap('aws.iam.password-policy', '111122223333')).toEqual([
      expect.objectContaining({ first_seen_run: '2026-12-01T060000Z', resolved: '', state: 'still open', days_open: '0' }),
    ]);
    expect(gap('github.org.owner-count', 'kestrel-data')).toEqual([expect.objectContaining({ resolved_run: '2026-09-01T060000Z', days_open: '62' })]);
    // The expired exception: accepted until September, a gap from October.
    expect(gap('aws.iam.user-console-mfa', 'arn:aws:iam::444455556666:user/break-glass')).toEqual([
      expect.objectContaining({ first_seen_run: '2026-10-01T060000Z', state: 'still open' }),
    ]);
  });

  it('draws samples of the sizes in the table, the same rows for the same seed', async () => {
    const sample = csv('period/samples/pull-requests.csv');
    const population = csv('period/populations/pull-requests.csv');
    expect(sample.rows).toHaveLength(population.rows.length <= 52 ? 5 : 15);
    for (const row of sample.rows) expect(population.rows[Number(row.population_row) - 1]!.id).toBe(row.id);
    expect(csv('period/samples/leavers.csv').rows).toHaveLength(2);
    const other = path.join(out, 'seed7.zip');
    await exportTo(other, { sample: { seed: 7, sizes: [{ max: 10, size: 1 }, { size: 3 }] } });
    const otherSample = parsePopulationCsv(strFromU8(unzipSync(readFileSync(other))['period/samples/pull-requests.csv']!));
    expect(otherSample.rows).toHaveLength(3);
  });

  it('writes the overview PDF: matrix, timelines, exceptions with approver and expiry, the runs and their manifest hashes', async () => {
    const pdf = await getDocumentProxy(new Uint8Array(bundle['period/overview.pdf']!));
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toContain('SOC 2 period overview');
    expect(text).toContain('Controls by month');
    expect(text).toContain('Gap timelines');
    expect(text).toContain('Exceptions in force during the period');
    expect(text).toContain('CTO');
    expect(text).toContain('2026-09-15');
    const manifest = JSON.parse(strFromU8(bundle['bundle-manifest.json']!));
    for (const r of manifest.runs) expect(text.replace(/\s+/g, '')).toContain(r.manifestSha256);
    expect(text).not.toContain('Months without evidence');
  });

  it('calls out a month without a run as no evidence', async () => {
    const file = path.join(out, 'june.zip');
    const summary = await exportTo(file, { period: { start: '2026-06-01', end: '2026-12-31' } });
    expect(summary.monthsWithoutRun).toEqual(['2026-06']);
    const pdf = await getDocumentProxy(new Uint8Array(unzipSync(readFileSync(file))['period/overview.pdf']!));
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toContain('Months without evidence');
    expect(text).toMatch(/No run was stored in 2026-06/);
  });
});

describe('determinism and verification', () => {
  it('gives the same bytes for the same runs and seed', async () => {
    await exportTo(path.join(out, 'b.zip'));
    expect(readFileSync(path.join(out, 'b.zip')).equals(readFileSync(path.join(out, 'a.zip')))).toBe(true);
  });

  it('verifies an intact bundle, and names a changed entry and a changed run file', async () => {
    expect((await verifyBundle(path.join(out, 'a.zip'))).intact).toBe(true);
    const changed = {
      ...bundle,
      'period/populations/users.csv': new TextEncoder().encode('login\nmallory\n'),
      [`runs/${RUN_IDS[2]}/findings.json`]: new TextEncoder().encode('{"findings":[]}'),
    };
    const file = path.join(out, 'changed.zip');
    writeFileSync(file, zipSync(changed));
    const result = await verifyBundle(file);
    expect(result.intact).toBe(false);
    expect(result.bundle.changed.map((c) => c.file)).toEqual(['period/populations/users.csv', `runs/${RUN_IDS[2]}/findings.json`]);
    expect(result.runs.find((r) => r.runId === RUN_IDS[2])!.result.changed.map((c) => c.file)).toEqual(['findings.json']);
  });

  it('refuses a tampered run, naming it, unless --force, which records the override', async () => {
    const copy = copyRuns(runs);
    scratch.push(copy);
    appendFileSync(path.join(copy, RUN_IDS[3]!, 'gaps.md'), '\nnothing to see here\n');
    const file = path.join(out, 'tampered.zip');
    const source = folderRunSource(copy);
    await expect(writeExportBundle({ source, period: HISTORY_PERIOD, out: file })).rejects.toThrow(TamperedRunError);
    await expect(writeExportBundle({ source, period: HISTORY_PERIOD, out: file })).rejects.toThrow(
      /2026-10-01T060000Z \(1 changed, 0 added, 0 removed, e\.g\. gaps\.md\)/,
    );
    expect(existsSync(file)).toBe(false);
    const summary = await writeExportBundle({ source, period: HISTORY_PERIOD, out: file, force: true });
    expect(summary.overrides).toEqual([RUN_IDS[3]]);
    const manifest = JSON.parse(strFromU8(unzipSync(readFileSync(file))['bundle-manifest.json']!));
    expect(manifest.overrides).toEqual([expect.objectContaining({ runId: RUN_IDS[3], changed: ['gaps.md'] })]);
    expect(manifest.runs[3].intact).toBe(false);
    const verified = await verifyBundle(file);
    expect(verified.bundle.changed).toEqual([]);
    expect(verified.runs.find((r) => r.runId === RUN_IDS[3])!.result.changed.map((c) => c.file)).toEqual(['gaps.md']);
  });
});

describe('bad input: a clear message, nothing written', () => {
  it('no run in the period', async () => {
    const file = path.join(out, 'none.zip');
    await expect(exportTo(file, { period: { start: '2025-01-01', end: '2025-06-30' } })).rejects.toThrow(
      /no complete run in the period 2025-01-01..2025-06-30/,
    );
    expect(existsSync(file)).toBe(false);
  });

  it('duplicate runs', async () => {
    const copy = copyRuns(runs);
    scratch.push(copy);
    cpSync(path.join(copy, RUN_IDS[1]!), path.join(copy, `${RUN_IDS[1]}-copy`), { recursive: true });
    const file = path.join(out, 'dup.zip');
    await expect(writeExportBundle({ source: folderRunSource(copy), period: HISTORY_PERIOD, out: file })).rejects.toThrow(
      /2026-08-01T060000Z and 2026-08-01T060000Z-copy are duplicates/,
    );
    expect(existsSync(file)).toBe(false);
  });

  it('a zip path that cannot be written', async () => {
    await expect(exportTo(path.join(out, 'missing-folder', 'x.zip'))).rejects.toThrow(UserInputError);
    await expect(exportTo(path.join(out, 'x.txt'))).rejects.toThrow(/must name a \.zip file/);
    expect(readdirSync(out).filter((f) => f.includes('missing') || f.startsWith('x.'))).toEqual([]);
  });

  it('an incomplete run (no manifest) is ignored', async () => {
    const copy = copyRuns(runs);
    scratch.push(copy);
    renameSync(path.join(copy, RUN_IDS[5]!, 'manifest.json'), path.join(copy, 'stray-manifest.json'));
    const summary = await writeExportBundle({ source: folderRunSource(copy), period: HISTORY_PERIOD, out: path.join(out, 'incomplete.zip') });
    expect(summary.runs).toEqual(RUN_IDS.slice(0, 5));
  });
});
