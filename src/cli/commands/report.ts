import type { Command } from 'commander';
import { readRun } from '../../run/record.js';
import { writeReports } from '../../reports/index.js';
import { MANIFEST_FILE, buildManifest } from '../../run/manifest.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export function registerReportCommands(program: Command): void {
  program
    .command('report')
    .description('rebuild every report of a stored run from its findings and evidence (no API calls)')
    .argument('<run-dir>', 'a run folder, e.g. reports/2026-11-26T145000Z')
    .action(async (dir: string) => {
      const record = readRun(dir);
      await writeReports(record, { previousRunsDir: path.dirname(path.resolve(dir)) });
      writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(buildManifest(dir, record.run.runId), null, 2)}\n`);
      process.stdout.write(`${dir}\n`);
    });
}
