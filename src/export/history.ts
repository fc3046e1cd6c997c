// What happened over the period, accumulated run by run (oldest first) so no more than one run's
// findings are in memory: each control's status per month, each gap's timeline, exceptions in force,
// and how each merged pull request was judged in each run.
import type { AuditPeriod, ControlStatus, Finding, FindingStatus, Severity } from '../core/types.js';
import type { RunJson } from '../run/record.js';
import { daysBetween, periodMonths } from './period.js';

export interface RunIndexEntry {
  runId: string;
  startedAt: string;
  manifestSha256: string;
  /** false when the run's manifest did not verify and --force included it anyway. */
  intact: boolean;
  counts: RunJson['counts'];
}

export interface GapEpisode {
  checkId: string;
  resourceId: string;
  controlIds: string[];
  severity: Severity;
  message: string;
  firstSeenRun: string;
  firstSeen: string;
  /** The first later run where the finding was no longer failing (pass, accepted, n/a, or gone). */
  resolvedRun: string | null;
  resolved: string | null;
  /** Until `resolved`, or until the last run of the period when still open. */
  daysOpen: number;
  stillOpen: boolean;
}

export interface ExceptionInForce {
  check: string;
  resource: string;
  reason: string;
  approvedBy: string;
  expires: string;
  /** Runs in which it accepted a finding (not expired). */
  acceptedIn: string[];
  /** Runs in which it had expired. */
  expiredIn: string[];
}

/** Per month `YYYY-MM`: the last run of that month and each control's status in it. */
export interface MonthColumn {
  month: string;
  runId: string | null;
  runs: number;
}

export class PeriodHistory {
  readonly runs: RunIndexEntry[] = [];
  readonly controls = new Map<string, { title: string; criteria: string[]; manual: boolean; byRun: Map<string, ControlStatus> }>();
  readonly episodes: GapEpisode[] = [];
  private readonly open = new Map<string, GapEpisode>();
  readonly exceptions = new Map<string, ExceptionInForce>();
  /** PR / commit id → its verdict in each run that judged it. */
  readonly changeVerdicts = new Map<string, Array<{ runId: string; status: FindingStatus }>>();
  organization = '';
  /** The latest run's run.json (scope, sources) for the cover. */
  lastRun: RunJson | null = null;

  constructor(readonly period: AuditPeriod) {}

  addRun(run: RunJson, findings: Finding[], entry: RunIndexEntry): void {
    this.runs.push(entry);
    this.organization = run.organization;
    this.lastRun = run;
    for (const c of run.controls) {
      const control = this.controls.get(c.id) ?? { title: c.title, criteria: c.criteria, manual: c.manual, byRun: new Map() };
      control.title = c.title;
      control.byRun.set(run.runId, c.status);
      this.controls.set(c.id, control);
    }
    const failing = new Set<string>();
    for (const f of findings) {
      if (f.checkId === 'github.changes.pr-approved' || f.checkId === 'github.changes.no-direct-push') {
        const list = this.changeVerdicts.get(f.resource.id) ?? [];
        list.push({ runId: run.runId, status: f.status });
        this.changeVerdicts.set(f.resource.id, list);
      }
      const key = `${f.checkId}\u0000${f.resource.id}`;
      if (f.status === 'fail') {
        failing.add(key);
        if (!this.open.has(key)) {
          const episode: GapEpisode = {
            checkId: f.checkId,
            resourceId: f.resource.id,
            controlIds: f.controlIds,
            severity: f.severity,
            message: f.message,
            firstSeenRun: run.runId,
            firstSeen: run.startedAt,
            resolvedRun: null,
            resolved: null,
            daysOpen: 0,
            stillOpen: true,
          };
          this.open.set(key, episode);
          this.episodes.push(episode);
        }
      } else if (f.status === 'error' && this.open.has(key)) failing.add(key); // could not tell: still open
    }
    for (const [key, episode] of this.open) {
      if (failing.has(key)) continue;
      episode.resolvedRun = run.runId;
      episode.resolved = run.startedAt;
      episode.stillOpen = false;
      episode.daysOpen = daysBetween(episode.firstSeen, run.startedAt);
      this.open.delete(key);
    }
    for (const e of run.exceptions) {
      const key = `${e.check}\u0000${e.resource}\u0000${e.expires}`;
      const entry = this.exceptions.get(key) ?? {
        check: e.check,
        resource: e.resource,
        reason: e.reason,
        approvedBy: e.approvedBy,
        expires: e.expires,
        acceptedIn: [],
        expiredIn: [],
      };
      (e.expired ? entry.expiredIn : entry.acceptedIn).push(run.runId);
      this.exceptions.set(key, entry);
    }
  }

  /** Close the still-open gaps at the last run. */
  finish(): void {
    const last = this.runs[this.runs.length - 1];
    for (const episode of this.open.values()) episode.daysOpen = last ? daysBetween(episode.firstSeen, last.startedAt) : 0;
  }

  months(): MonthColumn[] {
    return periodMonths(this.period).map((month) => {
      const inMonth = this.runs.filter((r) => r.startedAt.slice(0, 7) === month);
      return { month, runId: inMonth.length ? inMonth[inMonth.length - 1]!.runId : null, runs: inMonth.length };
    });
  }

  /** Status of a control in a month (its last run), or `no_run`. */
  statusIn(controlId: string, column: MonthColumn): ControlStatus | 'no_run' {
    if (!column.runId) return 'no_run';
    return this.controls.get(controlId)?.byRun.get(column.runId) ?? 'out_of_scope';
  }

  /** Changes (PRs, commits) whose verdict differs between runs: "RUN: status; RUN: status". */
  judgedDifferently(id: string): string {
    const verdicts = this.changeVerdicts.get(id) ?? [];
    if (new Set(verdicts.map((v) => v.status)).size <= 1) return '';
    return verdicts.map((v) => `${v.runId}: ${v.status}`).join('; ');
  }

  latestVerdict(id: string): FindingStatus | '' {
    const verdicts = this.changeVerdicts.get(id);
    return verdicts?.length ? verdicts[verdicts.length - 1]!.status : '';
  }
}
