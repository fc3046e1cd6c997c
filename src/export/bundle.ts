// `export`: every complete run of a period, unchanged, plus the period's overview, merged populations,
// samples and OSCAL assessment results, in one deterministic zip with a manifest of every entry.
// A job over stored runs: it reads runs and never calls a vendor API.
import { accessSync, constants, existsSync, mkdtempSync, openSync, readSync, closeSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UserInputError } from '../core/errors.js';
import type { AuditPeriod, Finding } from '../core/types.js';
import { toCsv } from '../core/csv.js';
import type { RunJson } from '../run/record.js';
import { TOOL_VERSION } from '../version.js';
import { PeriodHistory, type RunIndexEntry } from './history.js';
import * as oscal from './oscal.js';
import { buildOverviewPdf, sortedEpisodes } from './overview-pdf.js';
import { inPeriod } from './period.js';
import { PopulationMerger, parsePopulationCsv, type MergedPopulation, type RunPopulation } from './populations.js';
import { sha256, verifyStoredRun, type RunSource } from './runs.js';
import { drawSample, sampleSize, SAMPLE_ALGORITHM, type SampleSizeRow } from './sample.js';
import { DeterministicZip } from './zip.js';

export const BUNDLE_MANIFEST = 'bundle-manifest.json';

/** A run whose manifest does not verify, without --force: exit 1, naming it. */
export class TamperedRunError extends Error {
  constructor(readonly runs: Array<{ runId: string; summary: string }>) {
    super(
      `${runs.length === 1 ? 'run' : 'runs'} ${runs.map((r) => `${r.runId} (${r.summary})`).join('; ')} ` +
        `${runs.length === 1 ? 'does' : 'do'} not match ${runs.length === 1 ? 'its' : 'their'} ` +
        'manifest.json; refusing to export. Check with "soc2-evidence verify", or pass --force to include ' +
        `${runs.length === 1 ? 'it' : 'them'} with the override recorded in the bundle`,
    );
  }
}

export interface ExportOptions {
  source: RunSource;
  period: AuditPeriod;
  out: string;
  force?: boolean;
  sample?: { seed: number; sizes: SampleSizeRow[] };
}

export interface ExportSummary {
  out: string;
  bytes: number;
  runs: string[];
  entries: number;
  pages: number;
  populations: Array<{ name: string; rows: number; sample?: number }>;
  gaps: { episodes: number; stillOpen: number };
  monthsWithoutRun: string[];
  overrides: string[];
}

interface BundleManifest {
  algorithm: 'sha256';
  tool: { name: 'soc2-evidence'; version: string };
  organization: string;
  period: AuditPeriod;
  runs: Array<{ runId: string; startedAt: string; manifestSha256: string; intact: boolean }>;
  overrides: Array<{ runId: string; reason: string; changed: string[]; added: string[]; removed: string[] }>;
  sample: { seed: number; algorithm: string; sizes: SampleSizeRow[]; drawn: Record<string, { population: number; sample: number }> } | null;
  files: Record<string, string>;
}

/** Check the zip path before any work: bad input is reported with nothing written. */
export function checkOutputPath(out: string): void {
  if (!out.toLowerCase().endsWith('.zip')) throw new UserInputError('--out must name a .zip file', out);
  const dir = path.dirname(path.resolve(out));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserInputError(`cannot write the bundle: folder ${dir} does not exist`, out);
  if (existsSync(out) && statSync(out).isDirectory()) throw new UserInputError('cannot write the bundle: that path is a folder', out);
  try {
    accessSync(dir, constants.W_OK);
    if (existsSync(out)) accessSync(out, constants.W_OK);
  } catch {
    throw new UserInputError(`cannot write the bundle: no write permission in ${dir}`, out);
  }
}

interface SelectedRun {
  runId: string;
  startedAt: string;
}

/** The complete runs whose time falls in the period, oldest first; duplicates are bad input. */
export async function selectRuns(source: RunSource, period: AuditPeriod): Promise<SelectedRun[]> {
  const selected: Array<SelectedRun & { declaredId: string }> = [];
  for (const folder of await source.listCompleteRuns()) {
    let run: RunJson;
    try {
      run = JSON.parse((await source.readFile(folder, 'run.json')).toString('utf8')) as RunJson;
    } catch (err) {
      throw new UserInputError(`unreadable run.json: ${(err as Error).message}`, `${source.location}/${folder}/run.json`);
    }
    if (typeof run.startedAt !== 'string' || typeof run.runId !== 'string')
      throw new UserInputError('run.json has no runId/startedAt: not a soc2-evidence run', `${source.location}/${folder}/run.json`);
    if (inPeriod(run.startedAt, period)) selected.push({ runId: folder, startedAt: run.startedAt, declaredId: run.runId });
  }
  if (selected.length === 0)
    throw new UserInputError(
      `no complete run in the period ${period.start}..${period.end} (runs are folders with run.json and manifest.json)`,
      source.location,
    );
  const byKey = new Map<string, string>();
  for (const r of selected) {
    for (const key of [`id:${r.declaredId}`, `time:${r.startedAt}`]) {
      const other = byKey.get(key);
      if (other)
        throw new UserInputError(
          `runs ${other} and ${r.runId} are duplicates (same ` +
            `${key.startsWith('id') ? `run id ${r.declaredId}` : `start time ${r.startedAt}`}); ` +
            'keep one of them in the folder',
          source.location,
        );
      byKey.set(key, r.runId);
    }
  }
  return selected
    .map(({ runId, startedAt }) => ({ runId, startedAt }))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.runId.localeCompare(b.runId));
}

/** Population files per run, and the checks whose evidence shows how each was collected. */
const POPULATION_CHECKS: Record<string, string[]> = {
  'pull-requests.csv': ['github.changes.pr-approved'],
  'direct-pushes.csv': ['github.changes.no-direct-push'],
  'repositories.csv': ['github.repo.branch-protection'],
  'users.csv': ['idp.users.inactive', 'idp.mfa.enrolled'],
  'leavers.csv': ['idp.users.inactive', 'idp.mfa.enrolled'],
};
const CALLS_PER_RUN = 25;

interface IpeCall {
  runId: string;
  operation: string;
  parameters: unknown;
  collectedAt: string;
  evidence: string;
  sha256: string;
}

async function collectionCalls(source: RunSource, runId: string, findings: Finding[], checks: string[]): Promise<{ calls: IpeCall[]; total: number }> {
  const refs = new Map<string, Finding['evidence'][number]>();
  for (const f of findings) if (checks.includes(f.checkId)) for (const e of f.evidence) if (!refs.has(e.file)) refs.set(e.file, e);
  const calls: IpeCall[] = [];
  for (const ref of [...refs.values()].sort((a, b) => a.collectedAt.localeCompare(b.collectedAt) || a.file.localeCompare(b.file)).slice(0, CALLS_PER_RUN)) {
    let parameters: unknown = null;
    try {
      parameters = (JSON.parse((await source.readFile(runId, ref.file)).toString('utf8')) as { parameters?: unknown }).parameters ?? null;
    } catch {
      parameters = null; // the manifest check already reported a missing or changed file
    }
    calls.push({ runId, operation: ref.operation, parameters, collectedAt: ref.collectedAt, evidence: `runs/${runId}/${ref.file}`, sha256: ref.sha256 });
  }
  return { calls, total: refs.size };
}

export async function writeExportBundle(options: ExportOptions): Promise<ExportSummary> {
  const { source, period } = options;
  const selected = await selectRuns(source, period);
  checkOutputPath(options.out);

  // 1. Every run's manifest, recomputed.
  const verified = new Map<string, Awaited<ReturnType<typeof verifyStoredRun>>>();
  const tampered: Array<{ runId: string; summary: string }> = [];
  for (const r of selected) {
    const result = await verifyStoredRun(source, r.runId);
    verified.set(r.runId, result);
    const bad = result.changed.length + result.added.length + result.removed.length;
    if (bad) {
      const example = result.changed[0]
        ? `, e.g. ${result.changed[0].file}`
        : result.added[0]
          ? `, e.g. ${result.added[0]}`
          : result.removed[0]
            ? `, e.g. ${result.removed[0]}`
            : '';
      tampered.push({ runId: r.runId, summary: `${result.changed.length} changed, ${result.added.length} added, ${result.removed.length} removed${example}` });
    }
  }
  if (tampered.length && !options.force) throw new TamperedRunError(tampered);

  const work = mkdtempSync(path.join(tmpdir(), 'soc2-export-'));
  const partial = `${options.out}.partial`;
  try {
    // 2. One pass over the runs, oldest first: period history, populations, OSCAL results.
    const history = new PeriodHistory(period);
    const merger = new PopulationMerger(period);
    const ipeCalls = new Map<string, { calls: IpeCall[]; total: number }>();
    const oscalFile = path.join(work, 'assessment-results.json');
    const oscalFd = openSync(oscalFile, 'w');
    const oscalHash = createHash('sha256');
    // Batched: one write per MB, not one per observation.
    let pending: string[] = [];
    let pendingLength = 0;
    const flush = () => {
      const b = Buffer.from(pending.join(''), 'utf8');
      oscalHash.update(b);
      writeSync(oscalFd, b);
      pending = [];
      pendingLength = 0;
    };
    const emit = (s: string) => {
      pending.push(s);
      pendingLength += s.length;
      if (pendingLength > 1 << 20) flush();
    };
    const runJsons: RunJson[] = [];
    for (const r of selected) runJsons.push(JSON.parse((await source.readFile(r.runId, 'run.json')).toString('utf8')) as RunJson);
    const lastRun = runJsons[runJsons.length - 1]!;
    emit(oscal.opening({ organization: lastRun.organization, period, lastModified: lastRun.finishedAt, runIds: selected.map((r) => r.runId) }));
    for (const [i, r] of selected.entries()) {
      const run = runJsons[i]!;
      const v = verified.get(r.runId)!;
      const findings = (JSON.parse((await source.readFile(r.runId, 'findings.json')).toString('utf8')) as { findings: Finding[] }).findings;
      const entry: RunIndexEntry = {
        runId: r.runId,
        startedAt: run.startedAt,
        manifestSha256: v.manifestSha256,
        intact: !tampered.some((t) => t.runId === r.runId),
        counts: run.counts,
      };
      history.addRun(run, findings, entry);
      const populations = new Map<string, RunPopulation>();
      for (const file of [...v.hashes.keys()].filter((f) => /^populations\/[^/]+\.csv$/.test(f))) {
        const text = (await source.readFile(r.runId, file)).toString('utf8');
        populations.set(file.slice('populations/'.length), { file: `runs/${r.runId}/${file}`, sha256: v.hashes.get(file)!, ...parsePopulationCsv(text) });
      }
      merger.addRun(r.runId, run.startedAt, populations);
      for (const [name, checks] of Object.entries(POPULATION_CHECKS)) {
        const { calls, total } = await collectionCalls(source, r.runId, findings, checks);
        const acc = ipeCalls.get(name) ?? { calls: [], total: 0 };
        acc.calls.push(...calls);
        acc.total += total;
        ipeCalls.set(name, acc);
      }
      emit(i ? ',\n   ' : '   ');
      oscal.writeResult(run, findings, emit);
    }
    emit(oscal.closing());
    flush();
    closeSync(oscalFd);
    history.finish();

    // 3. Period entries (all small enough to hold, except the OSCAL file streamed from disk).
    const entries = new Map<string, Buffer>();
    const merged = merger.result(history);
    const drawn: NonNullable<BundleManifest['sample']>['drawn'] = {};
    for (const p of merged) {
      const csv = Buffer.from(toCsv(p.columns, p.rows));
      entries.set(`period/populations/${p.name}`, csv);
      entries.set(
        `period/populations/${p.name.replace(/\.csv$/, '.ipe.json')}`,
        Buffer.from(`${JSON.stringify(ipeFor(p, csv, ipeCalls.get(p.name), history), null, 2)}\n`),
      );
      if (options.sample) {
        const size = sampleSize(p.rows.length, options.sample.sizes);
        const picked = drawSample(p.rows.length, size, options.sample.seed, p.name);
        drawn[p.name] = { population: p.rows.length, sample: picked.length };
        entries.set(
          `period/samples/${p.name}`,
          Buffer.from(
            toCsv(
              ['population_row', ...p.columns],
              picked.map((i) => [i + 1, ...p.rows[i]!]),
            ),
          ),
        );
      }
    }
    const episodes = sortedEpisodes(history);
    entries.set(
      'period/gap-timeline.csv',
      Buffer.from(
        toCsv(
          ['check', 'resource', 'controls', 'severity', 'first_seen', 'first_seen_run', 'resolved', 'resolved_run', 'days_open', 'state', 'message'],
          episodes.map((e) => [
            e.checkId,
            e.resourceId,
            e.controlIds.join(' '),
            e.severity,
            e.firstSeen,
            e.firstSeenRun,
            e.resolved ?? '',
            e.resolvedRun ?? '',
            e.daysOpen,
            e.stillOpen ? 'still open' : 'resolved',
            e.message,
          ]),
        ),
      ),
    );
    const overrides = tampered.map((t) => {
      const v = verified.get(t.runId)!;
      return {
        runId: t.runId,
        reason: 'included with --force although its manifest does not verify',
        changed: v.changed.map((c) => c.file),
        added: v.added,
        removed: v.removed,
      };
    });
    const { pdf, pages } = await buildOverviewPdf(history, {
      overrides: tampered,
      populations: merged.map((p) => ({ name: p.name, rows: p.rows.length })),
      sample: options.sample ? { seed: options.sample.seed } : null,
    });
    entries.set('period/overview.pdf', pdf);

    // 4. The manifest of every entry, then the zip in sorted entry order.
    const files: Record<string, string> = {};
    for (const [name, data] of entries) files[name] = sha256(data);
    files['period/assessment-results.json'] = oscalHash.digest('hex');
    for (const r of selected) for (const [file, hash] of verified.get(r.runId)!.hashes) files[`runs/${r.runId}/${file}`] = hash;
    const manifest: BundleManifest = {
      algorithm: 'sha256',
      tool: { name: 'soc2-evidence', version: TOOL_VERSION },
      organization: lastRun.organization,
      period,
      runs: history.runs.map((r) => ({ runId: r.runId, startedAt: r.startedAt, manifestSha256: r.manifestSha256, intact: r.intact })),
      overrides,
      sample: options.sample ? { seed: options.sample.seed, algorithm: SAMPLE_ALGORITHM, sizes: options.sample.sizes, drawn } : null,
      files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    };
    entries.set(BUNDLE_MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));

    const names = [BUNDLE_MANIFEST, ...Object.keys(manifest.files)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const zip = DeterministicZip.open(partial);
    try {
      for (const name of names) {
        if (name === 'period/assessment-results.json') await zip.addStream(name, fileChunks(oscalFile));
        else if (entries.has(name)) zip.add(name, entries.get(name)!);
        else {
          const [, runId, ...rest] = name.split('/');
          const data = await source.readFile(runId!, rest.join('/'));
          if (sha256(data) !== files[name]) throw new Error(`${name} changed while the bundle was being written`);
          zip.add(name, data);
        }
      }
    } finally {
      zip.close();
    }
    renameSync(partial, options.out);
    return {
      out: options.out,
      bytes: zip.bytes,
      runs: selected.map((r) => r.runId),
      entries: names.length,
      pages,
      populations: merged.map((p) => ({ name: p.name, rows: p.rows.length, ...(drawn[p.name] ? { sample: drawn[p.name]!.sample } : {}) })),
      gaps: { episodes: episodes.length, stillOpen: episodes.filter((e) => e.stillOpen).length },
      monthsWithoutRun: history
        .months()
        .filter((m) => !m.runId)
        .map((m) => m.month),
      overrides: tampered.map((t) => t.runId),
    };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function* fileChunks(file: string): Generator<Uint8Array> {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return;
      yield Buffer.from(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

function ipeFor(p: MergedPopulation, csv: Buffer, calls: { calls: IpeCall[]; total: number } | undefined, history: PeriodHistory) {
  return {
    population: `period/populations/${p.name}`,
    title: p.title,
    period: history.period,
    rows: p.rows.length,
    columns: p.columns,
    sha256: sha256(csv),
    method: p.method,
    runs: p.sources.map((s) => ({ runId: s.runId, collectedAt: s.collectedAt, file: s.file, sha256: s.sha256, rows: s.rows })),
    runsWithoutThisPopulation: history.runs.filter((r) => !p.sources.some((s) => s.runId === r.runId)).map((r) => r.runId),
    sourceCalls: {
      description:
        'The API calls whose stored responses produced the run populations (up to ' +
        `${CALLS_PER_RUN} per run; each run's findings.json cites them all). Parameters ` +
        'as sent; responses in the evidence files named, with their SHA-256.',
      total: calls?.total ?? 0,
      calls: calls?.calls ?? [],
    },
  };
}
