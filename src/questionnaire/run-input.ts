// The run a job over runs reads: a folder, or "latest" (the newest complete run in the runs folder).
// It must verify against its manifest: answers and overviews are never built on a changed run.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserInputError } from '../core/errors.js';
import { MANIFEST_FILE, isIntact, verifyRun } from '../run/manifest.js';
import { readRun, type RunRecord } from '../run/record.js';

export const DEFAULT_RUNS_DIR = 'reports';

/** The newest folder in `runsDir` that has run.json and manifest.json (dot-prefixed partial runs skipped). */
export function latestRun(runsDir: string): string {
  if (!existsSync(runsDir) || !statSync(runsDir).isDirectory()) {
    throw new UserInputError('no runs folder here: run "soc2-evidence demo" or "collect" first, or pass --runs DIR or --run RUN_DIR', runsDir);
  }
  const runs = readdirSync(runsDir)
    .filter((name) => !name.startsWith('.'))
    .filter((name) => {
      const dir = path.join(runsDir, name);
      return statSync(dir).isDirectory() && existsSync(path.join(dir, 'run.json')) && existsSync(path.join(dir, MANIFEST_FILE));
    })
    .sort();
  const newest = runs[runs.length - 1];
  if (!newest) throw new UserInputError('no complete run (a folder with run.json and manifest.json) in the runs folder', runsDir);
  return path.join(runsDir, newest);
}

/** Resolve `--run`, verify every hash of its manifest, and read it. Refuses (exit 2) a run that does not verify. */
export function openVerifiedRun(run: string, runsDir: string = DEFAULT_RUNS_DIR): RunRecord {
  if (/^s3:\/\//.test(run)) throw new UserInputError('read runs from a local folder: copy the run out of S3 first (aws s3 sync …)', run);
  const dir = run === 'latest' ? latestRun(runsDir) : run;
  const result = verifyRun(dir);
  if (!isIntact(result)) {
    const files = [...result.changed.map((c) => c.file), ...result.added, ...result.removed];
    throw new UserInputError(
      `the run does not verify against its manifest.json (${result.changed.length} changed, ` +
        `${result.added.length} added, ${result.removed.length} removed: ${files.slice(0, 3).join(', ')}` +
        `${files.length > 3 ? ', …' : ''}); see "soc2-evidence verify ${dir}"`,
      dir,
    );
  }
  return readRun(dir);
}
