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

/** What month over month keeps of a resource: its id, and the type and account that tell whether a wider read failure covers it. */
export interface ChangeResource {
  id: string;
  name?: string;
  type?: string;
  account?: string;
}

export interface ChangeItem {
  checkId: string;
  resource: ChangeResource;
  severity: Severity;
  /** Status in this run (for resolved items: what it is now, or `gone` when the resource was not seen). */
  status: FindingStatus | 'gone';
  previousStatus?: FindingStatus;
  message: string;
  /** First run of the uninterrupted streak in which this gap was open. */
  openSince?: RunRef;
  /** For not-re-checked items: why the check could not say whether the gap is still open. */
  reason?: string;
}

export interface RunChanges {
  /** The run compared against; null on the first run (every gap is then new). */
  previous: RunRef | null;
  new: ChangeItem[];
  resolved: ChangeItem[];
  stillOpen: ChangeItem[];
  /**
   * Earlier gaps this run could not re-check, with why: the check did not run (out of scope, not selected),
   * its source failed, or the read it rests on failed (the finding is now `error`). Neither resolved nor
   * open, and carried forward: the next run compares against them with their original streak.
   */
  notRechecked: ChangeItem[];
}

export const gapKey = (checkId: string, resourceId: string): string => `${checkId}\u0000${resourceId}`;
const isGap = (f: Pick<Finding, 'status'>): boolean => f.status === 'fail' || f.status === 'error';
const refOf = (record: RunRecord): RunRef => ({ runId: record.run.runId, date: record.run.startedAt.slice(0, 10) });

/** What month over month needs of an earlier run: its gaps (fail and error findings) and their streaks. */
export interface PreviousRun extends RunRef {
  /** Its gaps, plus the gaps it could not re-check (carried forward, so a failed run hides nothing). */
  gaps: PreviousGap[];
}

export type PreviousGap = Pick<Finding, 'checkId' | 'status' | 'severity' | 'message'> & { resource: ChangeResource; openSince?: RunRef };

const resourceOf = (r: ChangeResource): ChangeResource => ({
  id: r.id,
  ...(r.name ? { name: r.name } : {}),
  ...(r.type ? { type: r.type } : {}),
  ...(r.account ? { account: r.account } : {}),
});

/** The earlier run's gaps from its findings, with the streaks (and carried gaps) its gaps.json recorded (if any). */
export function previousFromRecord(record: RunRecord): PreviousRun {
  const list = readGapList(record.dir);
  const own = list?.runId === record.run.runId ? list : null;
  const since = new Map<string, RunRef>();
  for (const g of own?.gaps ?? []) if (g.openSince) since.set(gapKey(g.checkId, g.resource.id), g.openSince);
  const gaps: PreviousGap[] = record.findings.filter(isGap).map((f) => ({
    checkId: f.checkId,
    status: f.status,
    severity: f.severity,
    message: f.message,
    resource: resourceOf(f.resource),
    ...(since.has(gapKey(f.checkId, f.resource.id)) ? { openSince: since.get(gapKey(f.checkId, f.resource.id))! } : {}),
  }));
  return { ...refOf(record), gaps: withCarried(gaps, own) };
}

interface StoredGapList {
  runId?: string;
  gaps?: PreviousGap[];
  changes?: { notRechecked?: ChangeItem[] };
}

function readGapList(dir: string): StoredGapList | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'gaps.json'), 'utf8')) as StoredGapList;
  } catch {
    return null;
  }
}

/**
 * The gaps an earlier run could not re-check stay open gaps for the next comparison, with their
 * original streak: otherwise a month whose credentials failed would hide them for good.
 */
function withCarried(gaps: PreviousGap[], list: StoredGapList | null): PreviousGap[] {
  const carried = list?.changes?.notRechecked;
  if (!Array.isArray(carried)) return gaps;
  const keys = new Set(gaps.map((g) => gapKey(g.checkId, g.resource.id)));
  const out = [...gaps];
  for (const c of carried) {
    if (typeof c?.checkId !== 'string' || typeof c.resource?.id !== 'string') continue;
    const key = gapKey(c.checkId, c.resource.id);
    if (keys.has(key)) continue;
    keys.add(key);
    const status = c.previousStatus ?? (c.status === 'fail' || c.status === 'error' ? c.status : 'fail');
    out.push({
      checkId: c.checkId,
      status,
      severity: c.severity,
      message: c.message,
      resource: resourceOf(c.resource),
      ...(c.openSince ? { openSince: c.openSince } : {}),
    });
  }
  return out;
}

/**
 * An earlier run folder's gaps. Its gaps.json (far smaller than findings.json on a large run) is used
 * when it is this run's and well formed; otherwise the gaps are taken from findings.json.
 */
export function loadPreviousRun(dir: string): PreviousRun {
  const run = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as RunRecord['run'];
  if (typeof run.runId !== 'string' || typeof run.startedAt !== 'string') throw new Error('not a run.json');
  const list = readGapList(dir);
  const wellFormed =
    list?.runId === run.runId &&
    Array.isArray(list.gaps) &&
    list.gaps.every((g) => typeof g.checkId === 'string' && typeof g.resource?.id === 'string' && isGap(g));
  if (wellFormed && existsSync(path.join(dir, 'findings.json'))) {
    return {
      runId: run.runId,
      date: run.startedAt.slice(0, 10),
      gaps: withCarried(
        list!.gaps!.map((g) => ({ ...g, resource: resourceOf(g.resource) })),
        list,
      ),
    };
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

const item = (f: Pick<Finding, 'checkId' | 'status' | 'severity' | 'message'> & { resource: ChangeResource }, extra: Partial<ChangeItem> = {}): ChangeItem => ({
  checkId: f.checkId,
  resource: resourceOf(f.resource),
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
    // A fail that now could not be read was not re-checked: it is not "still open" on this run's word either.
    else if (old.status === 'fail' && f.status === 'error')
      changes.notRechecked.push(
        item(old, { previousStatus: old.status, openSince: old.openSince ?? before, reason: `could not verify this run: ${brief(f.message)}` }),
      );
    else changes.stillOpen.push(item(f, { previousStatus: old.status, openSince: old.openSince ?? before }));
  }
  const earlier = [...previousGaps.values()].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.checkId.localeCompare(b.checkId) || a.resource.id.localeCompare(b.resource.id),
  );
  const outOfScope = new Map(current.run.scope.checksOutOfScope.map((c) => [c.checkId, c.reason]));
  const errorsByCheck = new Map<string, Finding[]>();
  for (const f of current.findings) if (f.status === 'error') errorsByCheck.set(f.checkId, [...(errorsByCheck.get(f.checkId) ?? []), f]);
  for (const old of earlier) {
    const now = currentByKey.get(gapKey(old.checkId, old.resource.id));
    if (now && isGap(now)) continue;
    const streak = { previousStatus: old.status, openSince: old.openSince ?? before };
    if (!ranChecks.has(old.checkId)) {
      changes.notRechecked.push(item(old, { ...streak, reason: `check did not run: ${outOfScope.get(old.checkId) ?? 'not in this run'}` }));
      continue;
    }
    const cover = now ? undefined : coveringError(old.resource, errorsByCheck.get(old.checkId) ?? []);
    if (cover) changes.notRechecked.push(item(old, { ...streak, reason: `could not verify this run: ${brief(cover.message)}` }));
    else changes.resolved.push(now ? item(now, streak) : item(old, { status: 'gone', ...streak }));
  }
  return changes;
}

/**
 * A resource that is no longer reported is "gone" only if the check could see it: an error of the
 * same check at a wider level (the whole source, its account, its region, the organization) means
 * the read that would have listed it failed.
 */
function coveringError(resource: ChangeResource, errors: Finding[]): Finding | undefined {
  return errors.find(
    (e) =>
      e.resource.id !== resource.id &&
      e.resource.type !== resource.type &&
      (e.resource.account === undefined || resource.account === undefined || e.resource.account === resource.account),
  );
}

const brief = (message: string): string => {
  const m = message.replace(/^Could not verify: /, '');
  return m.length > 300 ? `${m.slice(0, 299)}…` : m;
};

/** The change relative to the latest earlier run in `previousRunsDir` (the run's own parent by default). */
export function changesFor(record: RunRecord, previousRunsDir: string = path.dirname(path.resolve(record.dir))): RunChanges {
  return compareRuns(record, findPreviousRun(previousRunsDir, record.run.runId));
}

/**
 * `--fail-on`: `any` is the SPEC's exit code (1 gaps, 3 errors only); `new` looks only at gaps that
 * were not open in the previous run (1 a new fail, 3 only new errors); `none` is always 0.
 */
/**
 * How the process's exit code is decided: `--fail-on` (collect's default `any`), and the demo's rule
 * (its gaps are deliberate: a completed demo run exits 0, i.e. `none`, unless --fail-on is given).
 */
export interface FailOnPolicy {
  mode: FailOn;
  demo?: true;
}

export function failOnPolicy(flag: FailOn | undefined, demo = false): FailOnPolicy {
  return demo ? { mode: flag ?? 'none', demo: true } : { mode: flag ?? 'any' };
}

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
  const line = (c: ChangeItem, extra: string) =>
    `- ${c.severity} · ${code(c.checkId)} · ${code(c.resource.id)}${c.resource.name ? ` (${c.resource.name})` : ''} — ${extra}`;
  const out: string[] = [];
  out.push(
    changes.previous
      ? `Compared with run ${changes.previous.runId} (${changes.previous.date}): ` +
          `${changes.new.length} new, ${changes.resolved.length} resolved, ${changes.stillOpen.length} still open` +
          `${changes.notRechecked.length ? `, ${changes.notRechecked.length} not re-checked` : ''}.`
      : 'First run in this folder: every gap is new.',
  );
  const section = (title: string, items: ChangeItem[], describe: (c: ChangeItem) => string) => {
    out.push('', markdown ? `### ${title} (${items.length})` : `${title} (${items.length}):`);
    if (items.length === 0) out.push(markdown ? '_None._' : '  none');
    for (const c of items) out.push(line(c, describe(c)));
  };
  section('New gaps', changes.new, (c) =>
    c.status === 'error' && /^could not verify/i.test(c.message) ? c.message : `${c.status === 'error' ? 'could not verify' : 'fail'}: ${c.message}`,
  );
  if (changes.previous) {
    section(
      'Resolved',
      changes.resolved,
      (c) => `was ${c.previousStatus}, now ${c.status === 'gone' ? 'no longer present' : c.status}; had been ${since(c, current)}`,
    );
    section(
      'Still open',
      changes.stillOpen,
      (c) => `${c.status === 'error' ? 'could not verify' : 'fail'}${c.previousStatus !== c.status ? ` (was ${c.previousStatus})` : ''}, ${since(c, current)}`,
    );
    if (changes.notRechecked.length)
      section(
        'Not re-checked this run (neither resolved nor open; carried to the next run)',
        changes.notRechecked,
        (c) => `not re-checked (${c.reason ?? 'check did not run'}); was ${c.previousStatus ?? c.status}, ${since(c, current)}`,
      );
  }
  return out;
}
