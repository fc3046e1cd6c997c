// Benchmark: all reports of a run with 20,000 findings (a large organization), month over month.
//   npx tsx bench/report-scale.ts [findings]
// Writes two synthetic runs (last month and this month) to a temp folder, then rebuilds every report
// of this month's run in a fresh process (as `soc2-evidence report` does) and prints its wall time,
// peak memory (max RSS of that process), pages and file sizes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../src/core/types.js';
import { writeReports } from '../src/reports/index.js';
import { readRun } from '../src/run/record.js';
import { writeSyntheticRun } from '../test/helpers/synthetic-run.js';

const count = Number(process.argv[2] ?? 20_000);
const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'report-child.ts');

/** Last month's run with `lastSeed`, this month's with seed 7 (a different seed reshuffles every status). */
async function scenario(title: string, lastSeed: number, adjust?: (f: Finding[]) => Finding[]): Promise<void> {
  const out = mkdtempSync(path.join(tmpdir(), 'soc2-bench-'));
  try {
    const last = await writeSyntheticRun(out, { findings: count, now: new Date('2026-09-01T06:00:00Z'), seed: lastSeed, ...(adjust ? { adjust } : {}) });
    await writeReports(readRun(last.dir), { previousRunsDir: out });
    const current = await writeSyntheticRun(out, { findings: count, now: new Date('2026-10-01T06:00:00Z'), seed: 7 });
    const result = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', child, current.dir, out], { encoding: 'utf8' })) as Record<
      string,
      number | string
    >;
    const c = current.run.counts.findings;
    console.log(`\n${title}`);
    console.log(
      `  findings: ${current.findings.length} (fail ${c.fail}, error ${c.error}, accepted ${c.accepted}, ` +
        `pass ${c.pass}, n/a ${c.not_applicable}); evidence files: ${current.run.counts.evidenceFiles}`,
    );
    console.log(
      `  all reports (gaps.md/.csv/.json + evidence-pack.pdf): ${result.seconds} s; peak memory (max RSS of the report process): ${result.maxRssMb} MB`,
    );
    console.log(`  evidence-pack.pdf: ${result.pages} pages, ${result.pdfMb} MB; gaps.json ${result.gapsJsonMb} MB; changes: ${result.changes}`);
    if (process.env.KEEP) console.log(`  kept: ${current.dir}`);
  } finally {
    if (!process.env.KEEP) rmSync(out, { recursive: true, force: true });
  }
}

// A typical month: about 1 in 17 findings changed status since last month.
await scenario('typical month (≈6% of statuses changed)', 7, (f) =>
  f.map((x, i) => (i % 17 === 0 && (x.status === 'fail' || x.status === 'pass') ? { ...x, status: x.status === 'fail' ? 'pass' : 'fail' } : x)),
);
// Worst case for the pack: every gap is new or resolved, all listed in "What changed".
await scenario('heavy churn (every status reshuffled)', 3);
