// The period's populations, merged from every run's populations/*.csv (oldest run first): one row per
// pull request, direct push, repository and user, the latest run's view winning, and the leavers
// derived from the users of successive runs.
import { parse } from 'csv-parse/sync';
import type { AuditPeriod } from '../core/types.js';
import type { PeriodHistory } from './history.js';
import { inPeriod } from './period.js';

export type Row = Record<string, string>;

export interface MergedPopulation {
  /** File name under period/populations/, e.g. `pull-requests.csv`. */
  name: string;
  title: string;
  columns: string[];
  rows: string[][];
  /** Which run files it came from. */
  sources: Array<{ runId: string; collectedAt: string; file: string; sha256: string; rows: number }>;
  /** How the rows were merged, in a sentence (for the IPE file). */
  method: string;
  /** Run populations (file names) it is built from. */
  from: string[];
}

interface Seen {
  row: Row;
  firstRun: string;
  lastRun: string;
  runs: number;
}

/** A run population as read: the file, its rows as column → value. */
export interface RunPopulation {
  file: string;
  sha256: string;
  columns: string[];
  rows: Row[];
}

export function parsePopulationCsv(text: string): { columns: string[]; rows: Row[] } {
  const records = parse(text, { bom: true, relax_column_count: true }) as string[][];
  const columns = records[0] ?? [];
  return { columns, rows: records.slice(1).map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? '']))) };
}

const INACTIVE = /suspend|deprovision|deactivat|disabled|deleted|archived|accountenabled=false|locked.?by.?admin/i;

export function isActiveStatus(status: string): boolean {
  return !INACTIVE.test(status);
}

class KeyedMerge {
  readonly seen = new Map<string, Seen>();
  columns: string[] = [];
  readonly sources: MergedPopulation['sources'] = [];

  add(runId: string, collectedAt: string, population: RunPopulation, key: (r: Row) => string, keep: (r: Row) => boolean = () => true): void {
    this.columns = population.columns;
    this.sources.push({ runId, collectedAt, file: population.file, sha256: population.sha256, rows: population.rows.length });
    for (const row of population.rows) {
      if (!keep(row)) continue;
      const id = key(row);
      const seen = this.seen.get(id);
      if (seen) {
        seen.row = row;
        seen.lastRun = runId;
        seen.runs++;
      } else this.seen.set(id, { row, firstRun: runId, lastRun: runId, runs: 1 });
    }
  }

  sorted(): Array<[string, Seen]> {
    return [...this.seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

interface UserSighting {
  runIndex: number;
  row: Row;
}

/** Fed with each run's populations in order; `result()` gives the merged populations of the period. */
export class PopulationMerger {
  private readonly pulls = new KeyedMerge();
  private readonly pushes = new KeyedMerge();
  private readonly repos = new KeyedMerge();
  private readonly users = new KeyedMerge();
  private readonly sightings = new Map<string, UserSighting[]>();
  private readonly runTimes: Array<{ runId: string; startedAt: string }> = [];

  constructor(private readonly period: AuditPeriod) {}

  addRun(runId: string, startedAt: string, populations: Map<string, RunPopulation>): void {
    const runIndex = this.runTimes.length;
    this.runTimes.push({ runId, startedAt });
    const pr = populations.get('pull-requests.csv');
    if (pr)
      this.pulls.add(
        runId,
        startedAt,
        pr,
        (r) => r.id ?? `${r.repository}#${r.number}`,
        (r) => inPeriod(r.merged_at ?? '', this.period),
      );
    const dp = populations.get('direct-pushes.csv');
    if (dp)
      this.pushes.add(
        runId,
        startedAt,
        dp,
        (r) => r.id ?? `${r.repository}@${r.sha}`,
        (r) => inPeriod(r.committed_at ?? '', this.period),
      );
    const repos = populations.get('repositories.csv');
    if (repos) this.repos.add(runId, startedAt, repos, (r) => r.repository ?? '');
    // Runs before populations/users.csv wrote idp-users.csv (lastSignIn, no email).
    const users = populations.get('users.csv') ?? legacyUsers(populations.get('idp-users.csv'));
    if (users) {
      this.users.add(runId, startedAt, users, (r) => (r.login ?? '').toLowerCase());
      for (const row of users.rows) {
        const login = (row.login ?? '').toLowerCase();
        const list = this.sightings.get(login) ?? [];
        list.push({ runIndex, row });
        this.sightings.set(login, list);
      }
    }
  }

  result(history: PeriodHistory): MergedPopulation[] {
    const at = (runId: string) => this.runTimes.find((r) => r.runId === runId)?.startedAt ?? '';
    const out: MergedPopulation[] = [];
    const changeRows = (merge: KeyedMerge) =>
      merge
        .sorted()
        .map(([id, s]) => [
          ...merge.columns.map((c) => s.row[c] ?? ''),
          history.latestVerdict(id),
          history.judgedDifferently(id),
          s.firstRun,
          s.lastRun,
          String(s.runs),
        ]);
    const changeColumns = (merge: KeyedMerge) => [...merge.columns, 'verdict', 'judged_differently', 'first_seen_run', 'last_seen_run', 'runs_seen'];
    out.push({
      name: 'pull-requests.csv',
      title: 'Pull requests merged into a default branch in the period (one row per pull request)',
      columns: changeColumns(this.pulls),
      rows: changeRows(this.pulls),
      sources: this.pulls.sources,
      method:
        "Rows of every run's populations/pull-requests.csv merged in the period, keyed by " +
        'OWNER/REPO#NUMBER; the latest run\'s row wins. "verdict" is github.changes.pr-approved in ' +
        'the latest run that judged it; "judged_differently" lists every run\'s verdict when they differ.',
      from: ['pull-requests.csv'],
    });
    out.push({
      name: 'direct-pushes.csv',
      title: 'Commits on a default branch in the period that belong to no merged pull request',
      columns: changeColumns(this.pushes),
      rows: changeRows(this.pushes),
      sources: this.pushes.sources,
      method:
        "Rows of every run's populations/direct-pushes.csv committed in the period, " +
        'keyed by OWNER/REPO@SHA; the latest run\'s row wins. "verdict" is github.changes.no-direct-push ' +
        'in the latest run that judged it.',
      from: ['direct-pushes.csv'],
    });
    out.push({
      name: 'repositories.csv',
      title: 'Repositories of the GitHub organization seen in the period',
      columns: [...this.repos.columns, 'first_seen_run', 'last_seen_run', 'runs_seen'],
      rows: this.repos.sorted().map(([, s]) => [...this.repos.columns.map((c) => s.row[c] ?? ''), s.firstRun, s.lastRun, String(s.runs)]),
      sources: this.repos.sources,
      method: "Rows of every run's populations/repositories.csv, keyed by OWNER/REPO; the latest run's row wins; first and last run that listed it.",
      from: ['repositories.csv'],
    });
    const userColumns = ['login', 'email', 'name', 'status', 'created', 'last_sign_in', 'status_changed'];
    out.push({
      name: 'users.csv',
      title: 'Identity-provider users seen in the period, with first and last seen',
      columns: [...userColumns, 'first_seen', 'last_seen', 'first_seen_run', 'last_seen_run', 'runs_seen'],
      rows: this.users
        .sorted()
        .map(([, s]) => [...userColumns.map((c) => s.row[c] ?? ''), at(s.firstRun), at(s.lastRun), s.firstRun, s.lastRun, String(s.runs)]),
      sources: this.users.sources,
      method:
        "Rows of every run's populations/users.csv, keyed by login (case-insensitive); the latest run's " +
        'row wins; first_seen/last_seen are the times of the first and last run that listed the user.',
      from: ['users.csv'],
    });
    out.push({
      name: 'leavers.csv',
      title: 'Leavers: users active in one run and gone or deactivated in a later one',
      columns: ['login', 'email', 'name', 'last_active_run', 'last_active_seen', 'left_run', 'left_seen', 'how', 'status_changed', 'left_on'],
      rows: this.leavers(),
      sources: this.users.sources,
      method:
        'From the users of successive runs: a user whose status is active in a run and who is absent, or ' +
        'whose status is inactive (suspended, deprovisioned, disabled…), in the next run. left_on is the ' +
        "IdP's status-change time when the source gives it, else the run that first saw the change.",
      from: ['users.csv'],
    });
    return out;
  }

  private leavers(): string[][] {
    const rows: string[][] = [];
    for (const [login, sightings] of [...this.sightings.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const byRun = new Map(sightings.map((s) => [s.runIndex, s.row]));
      let lastActive: { runIndex: number; row: Row } | null = null;
      for (let i = 0; i < this.runTimes.length; i++) {
        const row = byRun.get(i);
        const active = row !== undefined && isActiveStatus(row.status ?? '');
        if (lastActive && !active && this.hadUsers(i)) {
          const left = this.runTimes[i]!;
          const since = this.runTimes[lastActive.runIndex]!;
          const changed = row?.status_changed ?? '';
          const r = row ?? lastActive.row;
          rows.push([
            login,
            r.email ?? '',
            r.name ?? '',
            since.runId,
            since.startedAt,
            left.runId,
            left.startedAt,
            row ? `deactivated (${row.status})` : 'removed from the IdP',
            changed,
            changed || left.startedAt,
          ]);
          lastActive = null;
        }
        if (active) lastActive = { runIndex: i, row: row! };
      }
    }
    return rows;
  }

  /** A run whose IdP users could not be read says nothing about who left. */
  private hadUsers(runIndex: number): boolean {
    const runId = this.runTimes[runIndex]!.runId;
    return this.users.sources.some((s) => s.runId === runId);
  }
}

function legacyUsers(population: RunPopulation | undefined): RunPopulation | undefined {
  if (!population) return undefined;
  return {
    ...population,
    columns: ['login', 'email', 'name', 'status', 'created', 'last_sign_in', 'status_changed'],
    rows: population.rows.map((r) => ({
      login: r.login ?? '',
      email: (r.login ?? '').includes('@') ? r.login! : '',
      name: r.name ?? '',
      status: r.status ?? '',
      created: r.created ?? '',
      last_sign_in: r.lastSignIn ?? '',
      status_changed: '',
    })),
  };
}
