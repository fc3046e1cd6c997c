// Month over month: what changed since the previous run in the same output folder, keyed by
// checkId + resource.id. New gaps, resolved ones, and the ones still open (since which run).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Finding, FindingStatus, Severity } from '../core/types.js';
import { worstFirst } from '../pipeline/status.js';
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
const isGap = (f: Finding): boolean => f.status === 'fail' || f.status === 'error';
const refOf = (record: RunRecord): RunRef => ({ runId: record.run.runId, date: record.run.startedAt.slice(0, 10) });

/**
 * The latest run in `dir` whose id sorts before `runId`. Partial folders (`.…partial`) and anything
 * without a readable run.json + findings.json are not runs.
 */
export function findPreviousRun(dir: string, runId: string): RunRecord | null {
  if (!existsSync(dir)) return null;
  const candidates = readdirSync(dir)
    .filter((name) => !name.startsWith('.') && name < runId)
    .sort()
    .reverse();
  for (const name of candidates) {
    const candidate = path.join(dir, name);
    try {
      if (!statSync(candidate).isDirectory() || !existsSync(path.join(candidate, 'run.json'))) continue;
      const record = readRun(candidate);
      if (record.run.runId && Array.isArray(record.findings)) return record;
    } catch {
      // Not a run (or unreadable): keep looking further back.
    }
  }
  return null;
}

/** `openSince` per gap key as the previous run's gaps.json recorded it (absent on older runs). */
function previousOpenSince(previous: RunRecord): Map<string, RunRef> {
  const out = new Map<string, RunRef>();
  try {
    const gaps = JSON.parse(readFileSync(path.join(previous.dir, 'gaps.json'), 'utf8')) as { gaps?: Array<{ checkId: string; resource: { id: string }; openSince?: RunRef }> };
    for (const g of gaps.gaps ?? []) if (g.openSince) out.set(gapKey(g.checkId, g.resource.id), g.openSince);
  } catch {
    // No usable gaps.json: the streak starts at the previous run.
  }
  return out;
}

const item = (f: Finding, extra: Partial<ChangeItem> = {}): ChangeItem => ({
  checkId: f.checkId,
  resource: { id: f.resource.id, ...(f.resource.name ? { name: f.resource.name } : {}) },
  severity: f.severity,
  status: f.status,
  message: f.message,
  ...extra,
});

export function compareRuns(current: RunRecord, previous: RunRecord | null): RunChanges {
  const here = refOf(current);
  const currentGaps = current.findings.filter(isGap).sort(worstFirst);
  if (!previous) {
    return { previous: null, new: currentGaps.map((f) => item(f, { openSince: here })), resolved: [], stillOpen: [], notRechecked: [] };
  }
  const before = refOf(previous);
  const since = previousOpenSince(previous);
  const previousGaps = new Map<string, Finding>();
  for (const f of previous.findings) if (isGap(f)) previousGaps.set(gapKey(f.checkId, f.resource.id), f);
  const currentByKey = new Map(current.findings.map((f) => [gapKey(f.checkId, f.resource.id), f]));
  const ranChecks = new Set(current.run.scope.checks);

  const changes: RunChanges = { previous: before, new: [], resolved: [], stillOpen: [], notRechecked: [] };
  for (const f of currentGaps) {
    const key = gapKey(f.checkId, f.resource.id);
    const old = previousGaps.get(key);
    if (!old) changes.new.push(item(f, { openSince: here }));
    else changes.stillOpen.push(item(f, { previousStatus: old.status, openSince: since.get(key) ?? before }));
  }
  for (const old of [...previousGaps.values()].sort(worstFirst)) {
    const key = gapKey(old.checkId, old.resource.id);
    const now = currentByKey.get(key);
    if (now && isGap(now)) continue;
    if (!ranChecks.has(old.checkId)) changes.notRechecked.push(item(old, { previousStatus: old.status, openSince: since.get(key) ?? before }));
    else changes.resolved.push(item(now ?? old, { status: now ? now.status : 'gone', previousStatus: old.status, openSince: since.get(key) ?? before }));
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
  section('New gaps', changes.new, (c) => `${c.status === 'error' ? 'could not verify' : 'fail'}: ${c.message}`);
  if (changes.previous) {
    section('Resolved', changes.resolved, (c) => `was ${c.previousStatus}, now ${c.status === 'gone' ? 'no longer present' : c.status}; had been ${since(c, current)}`);
    section('Still open', changes.stillOpen, (c) => `${c.status === 'error' ? 'could not verify' : 'fail'}${c.previousStatus !== c.status ? ` (was ${c.previousStatus})` : ''}, ${since(c, current)}`);
    if (changes.notRechecked.length) section('Not re-checked this run', changes.notRechecked, (c) => `check did not run; ${since(c, current)}`);
  }
  return out;
}
