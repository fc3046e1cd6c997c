import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UserInputError } from '../../core/errors.js';
import { compareRuns, describeChanges } from '../../reports/diff.js';
import { PACK_FILE } from '../../reports/pdf/index.js';
import { MANIFEST_FILE, buildManifest, isIntact, verifyRun, type VerifyResult } from '../../run/manifest.js';
import { readRun } from '../../run/record.js';
import { isS3Location, withLocalRun } from '../../store/index.js';

/** Files `report` rewrites; any other difference from the manifest means the run itself changed. */
const REPORT_FILES = new Set(['gaps.md', 'gaps.csv', 'gaps.json', PACK_FILE]);

export function registerReportCommands(program: Command): void {
  program
    .command('report')
    .description('rebuild every report of a stored run (gap list, evidence pack, manifest) from its findings and evidence; no API calls')
    .argument('<run-dir>', 'a run folder, e.g. reports/2026-11-26T145000Z, or a stored run s3://BUCKET/PREFIX/RUN_ID')
    .option('--force', 'rebuild even when files other than the reports differ from manifest.json (the new manifest then covers them)')
    .option('-o, --out <dir>', 'for an s3:// run: the folder it is copied to and rebuilt in (the stored run is never rewritten)', 'reports')
    .action(async (location: string, flags: { force?: boolean; out?: string }) => {
      const copy = isS3Location(location) ? await (await import('./stored-run.js')).copyStoredRun(location, flags.out ?? 'reports') : undefined;
      const dir = copy?.dir ?? location;
      try {
      const record = readRun(dir);
      // Never re-sign a tampered run silently: only the report files themselves may differ.
      let check: VerifyResult | undefined;
      try {
        check = verifyRun(dir);
      } catch {
        check = undefined; // no manifest yet: nothing to protect
      }
      if (check && !flags.force) {
        const touched = [...check.added, ...check.removed, ...check.changed.map((c) => c.file)].filter((f) => !REPORT_FILES.has(f));
        if (touched.length) {
          throw new UserInputError(`${touched.length} file(s) differ from manifest.json (${touched.slice(0, 3).join(', ')}${touched.length > 3 ? ', …' : ''}); run "soc2-evidence verify ${dir}" to see them, or pass --force to rebuild anyway`, dir);
        }
      }
      const { writeReports } = await import('../../reports/index.js');
      await writeReports(record, { previousRunsDir: copy?.previousRunsDir ?? path.dirname(path.resolve(dir)) });
      writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(buildManifest(dir, record.run.runId), null, 2)}\n`);
      process.stdout.write(`${dir}\n`);
      } finally {
        copy?.cleanup();
      }
    });

  program
    .command('diff')
    .description('what changed between two runs: new gaps, resolved, still open (keyed by check and resource)')
    .argument('<old-run-dir>', 'the earlier run folder (or s3://BUCKET/PREFIX/RUN_ID)')
    .argument('<new-run-dir>', 'the later run folder (or s3://BUCKET/PREFIX/RUN_ID)')
    .option('--json', 'print the change as JSON (same shape as "changes" in gaps.json)')
    .action(async (oldLocation: string, newLocation: string, flags: { json?: boolean }) => {
      const files = ['run.json', 'findings.json', 'gaps.json'];
      const { newer, changes } = await withLocalRun(oldLocation, (oldDir) => withLocalRun(newLocation, (newDir) => {
        const newer = readRun(newDir);
        return { newer, changes: compareRuns(newer, readRun(oldDir)) };
      }, files), files);
      if (flags.json) process.stdout.write(`${JSON.stringify(changes, null, 2)}\n`);
      else process.stdout.write(`${describeChanges(changes, { runId: newer.run.runId, date: newer.run.startedAt.slice(0, 10) }).join('\n')}\n`);
    });

  program
    .command('verify')
    .description('recompute every SHA-256 in a run\'s manifest.json and report files added, removed or changed (exit 0 intact, 1 changed, 2 not a run folder)')
    .argument('<run-dir>', 'a run folder, or a stored run s3://BUCKET/PREFIX/RUN_ID (each object\'s Object Lock retention is printed too)')
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, flags: { json?: boolean }) => {
      if (isS3Location(dir)) {
        const { verifyStoredRun } = await import('./stored-run.js');
        process.exitCode = await verifyStoredRun(dir, flags);
        return;
      }
      const result = verifyRun(dir);
      const intact = isIntact(result);
      if (flags.json) process.stdout.write(`${JSON.stringify({ intact, ...result }, null, 2)}\n`);
      else {
        const lines = intact
          ? [`${dir}: intact — ${result.matched} files match manifest.json (run ${result.runId}).`]
          : [
              `${dir}: NOT intact — ${result.changed.length} changed, ${result.added.length} added, ${result.removed.length} removed (${result.matched} files match).`,
              ...result.changed.map((c) => `changed  ${c.file}  (manifest ${c.expected}, now ${c.actual})`),
              ...result.added.map((f) => `added    ${f}`),
              ...result.removed.map((f) => `removed  ${f}`),
            ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      process.exitCode = intact ? 0 : 1;
    });
}
