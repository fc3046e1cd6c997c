// Benchmark: a 300-question questionnaire answered from a stored run.
//   npx tsx bench/questionnaire.ts [questions] [findings]   (defaults: 300 questions, a run of 2,000 findings)
// Builds the workbook (varied wordings from the test tables, CAIQ ids on half the rows, a Yes/No/N/A
// drop-down, a formula sheet) and a complete synthetic run, then times the whole command as a user runs
// it — the compiled CLI when dist/ is built, else through tsx — from process start to exit, including
// the run's manifest verification, reading and writing the workbook and questionnaire-report.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXAMPLE_QUESTIONS, exampleWorkbook } from '../test/helpers/questionnaire.js';
import { completeRun } from '../test/reports/pack-helpers.js';

const questions = Number(process.argv[2] ?? 300);
const findings = Number(process.argv[3] ?? 2_000);

// Wordings from the placement tests (without ids) and the example (with ids), cycled to `questions` rows.
const placementTest = readFileSync(new URL('../test/questionnaire/placement.test.ts', import.meta.url), 'utf8');
const wordings = [...placementTest.matchAll(/^\s+\['([^']+\?)', \[/gm)].map((m) => m[1]!);
const pool: Array<[string, string]> = [...EXAMPLE_QUESTIONS.filter(([id]) => id), ...wordings.map((w, i) => [`Q-${i + 1}`, w] as [string, string])];
const rows = Array.from({ length: questions }, (_v, i) => {
  const [id, text] = pool[i % pool.length]!;
  return [i % 2 === 0 ? id : `V-${i + 1}`, `${text}${i >= pool.length ? ` (${Math.floor(i / pool.length) + 1})` : ''}`] as [string, string];
});

const dir = mkdtempSync(path.join(tmpdir(), 'soc2-bench-q-'));
try {
  const input = path.join(dir, 'questionnaire.xlsx');
  await exampleWorkbook({ questions: rows }).xlsx.writeFile(input);
  const record = await completeRun(path.join(dir, 'reports'), { findings, now: new Date('2026-11-01T06:00:00Z'), seed: 11 });
  const compiled = existsSync('dist/cli/bin.js');
  const command = compiled ? [process.execPath, 'dist/cli/bin.js'] : [process.execPath, '--import', 'tsx', 'src/cli/bin.ts'];
  // On a shared machine wall time includes waiting for a core; CPU time (user + system, from
  // /usr/bin/time) is what the command itself costs, and equals wall time on an idle machine.
  const timed = existsSync('/usr/bin/time');
  const times: number[] = [];
  const cpu: number[] = [];
  const rss: number[] = [];
  let summary = '';
  for (let i = 0; i < 5; i++) {
    const args = [
      ...command,
      'questionnaire',
      'answer',
      input,
      '--run',
      record.dir,
      '--library',
      'examples/answers.yaml',
      '--out',
      path.join(dir, `answered-${i}.xlsx`),
    ];
    const statsFile = path.join(dir, `time-${i}.txt`);
    const start = process.hrtime.bigint();
    summary = timed
      ? execFileSync('/usr/bin/time', ['-f', '%U %S %M', '-o', statsFile, ...args], { encoding: 'utf8' })
      : execFileSync(args[0]!, args.slice(1), { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (timed) {
      const [user, system, maxKb] = readFileSync(statsFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      cpu.push(user! + system!);
      rss.push(maxKb! / 1024);
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `questionnaire answer: ${questions} questions, run of ${record.findings.length} findings and ` +
      `${record.run.counts.evidenceFiles} evidence files (${compiled ? 'compiled CLI' : 'CLI through tsx'})`,
  );
  console.log(
    summary
      .trim()
      .split('\n')
      .slice(0, 2)
      .map((l) => `  ${l.trim()}`)
      .join('\n'),
  );
  console.log(`  wall time, process start to exit, 5 runs: ${times.map((t) => t.toFixed(2)).join(', ')} s; median ${sorted[2]!.toFixed(2)} s (target < 3 s)`);
  if (timed)
    console.log(
      `  CPU time (user + system) of the command: ` +
        `${cpu.map((t) => t.toFixed(2)).join(', ')} s; median ${median(cpu).toFixed(2)} s; peak memory ${median(rss).toFixed(0)} MB`,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
