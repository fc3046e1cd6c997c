// Month over month: what changed since the previous run in the same output folder, keyed by
// checkId + resource.id. New gaps, resolved ones, and the ones still open (since which run).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Finding, FindingStatus, Severity } from '../core/types.js';
import { worstFirst } from '../core/order.js';
import { readRun, type RunRecord } from '../run/record.js';

export type FailOn = 'any' | 'new' | 'none';
export const FAIL_ON_MODES: readonly FailOn[] = ['any', 'new', 'none'];

export interface RunRef {
  runId: string;
  /** Day the run started (UTC), YYYY-MM-DD. */
  date: string;
}

export interface ChangeItem {
  checkId: string;
  resource: { id: string; name?: string };
  severity: Severity;
  /** Status in this run (for resolved items: what it is now, or `gone` when the resource was not seen). */
  status: FindingStatus | 'gone';
  previousStatus?: FindingStatus;
  message: string;
  /** First run of the uninterrupted streak in which this gap was open. */
  openSince?: RunRef;
}

export interface RunChanges {
  /** The run compared against; null on the first run (every gap is then new). */
  previous: RunRef | null;
  new: ChangeItem[];
  resolved: ChangeItem[];
  stillOpen: ChangeItem[];
  /** Earlier gaps whose check did not run this time (out of scope or not selected): neither resolved nor open. */
  notRechecked: ChangeItem[];
}

export const gapKey = (checkId: string, resourceId: string): string => `${checkId}\u0000${resourceId}`;
const isGap = (f: Pick<Finding, 'status'>): boolean => f.status === 'fail' || f.status === 'error';
const refOf = (record: RunRecord): RunRef => ({ runId: record.run.runId, date: record.run.startedAt.slice(0, 10) });

/** What month over month needs of an earlier run: its gaps (fail and error findings) and their streaks. */
export interface PreviousRun extends RunRef {
  gaps: Array<Pick<Finding, 'checkId' | 'status' | 'severity' | 'message'> & { resource: { id: string; name?: string }; openSince?: RunRef }>;
}

/** The earlier run's gaps from its findings, with the streaks its gaps.json recorded (if any). */
export function previousFromRecord(record: RunRecord): PreviousRun {
  const since = new Map<string, RunRef>();
  for (const g of readGapList(record.dir)?.gaps ?? []) if (g.openSince) since.set(gapKey(g.checkId, g.resource.id), g.openSince);
  return {
    ...refOf(record),
    gaps: record.findings.filter(isGap).map((f) => ({
      checkId: f.checkId, status: f.status, severity: f.severity, message: f.message,
      resource: { id: f.resource.id, ...(f.resource.name ? { name: f.resource.name } : {}) },
      ...(since.has(gapKey(f.checkId, f.resource.id)) ? { openSince: since.get(gapKey(f.checkId, f.resource.id))! } : {}),
    })),
  };
}

function readGapList(dir: string): { runId?: string; gaps?: PreviousRun['gaps'] } | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'gaps.json'), 'utf8')) as { runId?: string; gaps?: PreviousRun['gaps'] };
  } catch {
    return null;
  }
}

/**
 * An earlier run folder's gaps. Its gaps.json (far smaller than findings.json on a large run) is used
 * when it is this run's and well formed; otherwise the gaps are taken from findings.json.
 */
export function loadPreviousRun(dir: string): PreviousRun {
  const run = (JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as RunRecord['run']);
  if (typeof run.runId !== 'string' || typeof run.startedAt !== 'string') throw new Error('not a run.json');
  const list = readGapList(dir);
  const wellFormed = list?.runId === run.runId && Array.isArray(list.gaps) && list.gaps.every((g) => typeof g.checkId === 'string' && typeof g.resource?.id === 'string' && isGap(g));
  if (wellFormed && existsSync(path.join(dir, 'findings.json'))) {
    return { runId: run.runId, date: run.startedAt.slice(0, 10), gaps: list!.gaps! };
  }
  return previousFromRecord(readRun(dir));
}

/**
 * The latest run in `dir` whose id sorts before `runId`. Partial folders (`.…partial`) and anything
 * without a readable run.json + findings.json are not runs.
 */
export function findPreviousRun(dir: string, runId: string): PreviousRun | null {
  if (!existsSync(dir)) return null;
  const candidates = readdirSync(dir)
    .filter((name) => !name.startsWith('.') && name < runId)
    .sort()
    .reverse();
  for (const name of candidates) {
    const candidate = path.join(dir, name);
    try {
      if (!statSync(candidate).isDirectory() || !existsSync(path.join(candidate, 'run.json')) || !existsSync(path.join(candidate, 'findings.json'))) continue;
      return loadPreviousRun(candidate);
    } catch {
      // Not a run (or unreadable): keep looking further back.
    }
  }
  return null;
}

const item = (f: Pick<Finding, 'checkId' | 'status' | 'severity' | 'message'> & { resource: { id: string; name?: string } }, extra: Partial<ChangeItem> = {}): ChangeItem => ({
  checkId: f.checkId,
  resource: { id: f.resource.id, ...(f.resource.name ? { name: f.resource.name } : {}) },
  severity: f.severity,
  status: f.status,
  message: f.message,
  ...extra,
});

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;

/** Compare a run with an earlier one (a stored run folder, or what findPreviousRun loaded). */
export function compareRuns(current: RunRecord, previousRun: RunRecord | PreviousRun | null): RunChanges {
  const here = refOf(current);
  const currentGaps = current.findings.filter(isGap).sort(worstFirst);
  if (!previousRun) {
    return { previous: null, new: currentGaps.map((f) => item(f, { openSince: here })), resolved: [], stillOpen: [], notRechecked: [] };
  }
  const previous = 'gaps' in previousRun ? previousRun : previousFromRecord(previousRun);
  const before: RunRef = { runId: previous.runId, date: previous.date };
  const previousGaps = new Map(previous.gaps.map((g) => [gapKey(g.checkId, g.resource.id), g]));
  const currentByKey = new Map(current.findings.map((f) => [gapKey(f.checkId, f.resource.id), f]));
  const ranChecks = new Set(current.run.scope.checks);

  const changes: RunChanges = { previous: before, new: [], resolved: [], stillOpen: [], notRechecked: [] };
  for (const f of currentGaps) {
    const old = previousGaps.get(gapKey(f.checkId, f.resource.id));
    if (!old) changes.new.push(item(f, { openSince: here }));
    else changes.stillOpen.push(item(f, { previousStatus: old.status, openSince: old.openSince ?? before }));
  }
  const earlier = [...previousGaps.values()].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.checkId.localeCompare(b.checkId) || a.resource.id.localeCompare(b.resource.id),
  );
  for (const old of earlier) {
    const now = currentByKey.get(gapKey(old.checkId, old.resource.id));
    if (now && isGap(now)) continue;
    const streak = { previousStatus: old.status, openSince: old.openSince ?? before };
    if (!ranChecks.has(old.checkId)) changes.notRechecked.push(item(old, streak));
    else changes.resolved.push(now ? item(now, streak) : item(old, { status: 'gone', ...streak }));
  }
  return changes;
}

/** The change relative to the latest earlier run in `previousRunsDir` (the run's own parent by default). */
export function changesFor(record: RunRecord, previousRunsDir: string = path.dirname(path.resolve(record.dir))): RunChanges {
  return compareRuns(record, findPreviousRun(previousRunsDir, record.run.runId));
}

/**
 * `--fail-on`: `any` is the SPEC's exit code (1 gaps, 3 errors only); `new` looks only at gaps that
 * were not open in the previous run (1 a new fail, 3 only new errors); `none` is always 0.
 */
export function exitCodeForFailOn(mode: FailOn, specExitCode: number, changes: Pick<RunChanges, 'new'>): number {
  if (mode === 'none') return 0;
  if (mode === 'any') return specExitCode;
  if (changes.new.some((c) => c.status === 'fail')) return 1;
  if (changes.new.some((c) => c.status === 'error')) return 3;
  return 0;
}

const since = (c: ChangeItem, now: RunRef): string => {
  if (!c.openSince) return '';
  const days = Math.round((Date.parse(now.date) - Date.parse(c.openSince.date)) / 86_400_000);
  return `open since ${c.openSince.date} (run ${c.openSince.runId}, ${days} day${days === 1 ? '' : 's'})`;
};

/** Plain-text change report (for `diff` and the top of gaps.md). */
export function describeChanges(changes: RunChanges, current: RunRef, markdown = false): string[] {
  const code = (s: string) => (markdown ? `\`${s}\`` : s);
  const line = (c: ChangeItem, extra: string) => `- ${c.severity} · ${code(c.checkId)} · ${code(c.resource.id)}${c.resource.name ? ` (${c.resource.name})` : ''} — ${extra}`;
  const out: string[] = [];
  out.push(
    changes.previous
      ? `Compared with run ${changes.previous.runId} (${changes.previous.date}): ${changes.new.length} new, ${changes.resolved.length} resolved, ${changes.stillOpen.length} still open.`
      : 'First run in this folder: every gap is new.',
  );
  const section = (title: string, items: ChangeItem[], describe: (c: ChangeItem) => string) => {
    out.push('', markdown ? `### ${title} (${items.length})` : `${title} (${items.length}):`);
    if (items.length === 0) out.push(markdown ? '_None._' : '  none');
    for (const c of items) out.push(line(c, describe(c)));
  };
  section('New gaps', changes.new, (c) => (c.status === 'error' && /^could not verify/i.test(c.message) ? c.message : `${c.status === 'error' ? 'could not verify' : 'fail'}: ${c.message}`));
  if (changes.previous) {
    section('Resolved', changes.resolved, (c) => `was ${c.previousStatus}, now ${c.status === 'gone' ? 'no longer present' : c.status}; had been ${since(c, current)}`);
    section('Still open', changes.stillOpen, (c) => `${c.status === 'error' ? 'could not verify' : 'fail'}${c.previousStatus !== c.status ? ` (was ${c.previousStatus})` : ''}, ${since(c, current)}`);
    if (changes.notRechecked.length) section('Not re-checked this run', changes.notRechecked, (c) => `check did not run; ${since(c, current)}`);
  }
  return out;
}
