// One report rebuild, measured (spawned by bench/report-scale.ts so memory is this process alone).
import { statSync } from 'node:fs';
import path from 'node:path';
import { writeReports } from '../src/reports/index.js';
import { readRun } from '../src/run/record.js';

const [dir, previousRunsDir] = process.argv.slice(2) as [string, string];
const started = performance.now();
const { pack, changes } = await writeReports(readRun(dir), { previousRunsDir });
const seconds = (performance.now() - started) / 1000;
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
process.stdout.write(
  JSON.stringify({
    seconds: seconds.toFixed(2),
    maxRssMb: (process.resourceUsage().maxRSS / 1024).toFixed(0),
    pages: pack.pages,
    pdfMb: mb(pack.bytes),
    gapsJsonMb: mb(statSync(path.join(dir, 'gaps.json')).size),
    changes: `${changes.new.length} new, ${changes.resolved.length} resolved, ${changes.stillOpen.length} still open`,
  }),
);
