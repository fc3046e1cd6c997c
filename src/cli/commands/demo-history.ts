// `demo --history N`: N monthly runs of the sandbox company, each as of the first of its month, written
// in order into one output folder (each run compares itself with the month before, as a scheduled job would).
import path from 'node:path';
import { loadCatalog } from '../../catalog/load.js';
import { UserInputError } from '../../core/errors.js';
import type { AuditPeriod } from '../../core/types.js';
import type { RunResult } from '../../pipeline/run.js';
import { silentProgress } from '../progress.js';

export interface HistoryOptions {
  months: number;
  outDir: string;
  /** "Today": the last run is as of the first of this month (tests pin it). */
  today?: Date;
  /** Called after each run is stored. */
  onRun?: (result: RunResult) => void;
}

export function parseHistoryMonths(value: string, max: number): number {
  const months = Number(value);
  if (!/^\d+$/.test(value.trim()) || months < 1 || months > max)
    throw new UserInputError(`--history takes a number of months from 1 to ${max}, not "${value}"`);
  return months;
}

export async function writeDemoHistory(options: HistoryOptions): Promise<{ runs: RunResult[]; period: AuditPeriod }> {
  const [{ historyCompany, historyException, historyPeriod, historyTimes }, { demoConfig, demoEnv }, { startSandbox }, { runCollection }] = await Promise.all([
    import('../../sandbox/demo/history.js'),
    import('../../sandbox/demo/config.js'),
    import('../../sandbox/server.js'),
    import('../../pipeline/run.js'),
  ]);
  const times = historyTimes(options.months, options.today ?? new Date());
  const period = historyPeriod(times);
  const catalog = loadCatalog();
  const runs: RunResult[] = [];
  for (let month = 0; month < times.length; month++) {
    const sandbox = await startSandbox(historyCompany(times, month));
    try {
      const loaded = demoConfig(sandbox.url, process.cwd());
      loaded.config = { ...loaded.config, period, exceptions: [historyException(times)] };
      const result = await runCollection({
        loaded,
        catalog,
        outDir: path.resolve(options.outDir),
        env: { ...process.env, ...demoEnv(sandbox.url) },
        progress: silentProgress,
        now: times[month]!,
      });
      runs.push(result);
      options.onRun?.(result);
    } finally {
      await sandbox.close();
    }
  }
  return { runs, period };
}
