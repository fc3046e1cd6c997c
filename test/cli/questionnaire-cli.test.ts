// questionnaire answer and trust-report through the CLI's own entry point: exit codes, one-line errors.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { RunRecord } from '../../src/run/record.js';
import { captureOutput } from '../helpers/capture.js';
import { completeRun, tempDir } from '../reports/pack-helpers.js';

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = captureOutput();
  process.exitCode = undefined;
  try {
    const code = await main(['node', 'soc2-evidence', ...args]);
    return { code, stdout: output.stdout, stderr: output.stderr };
  } finally {
    output.restore();
    process.exitCode = undefined;
  }
}

describe('questionnaire answer and trust-report on the command line', () => {
  let dir: string;
  let runs: string;
  let record: RunRecord;

  beforeAll(async () => {
    dir = tempDir('q-cli-');
    runs = path.join(dir, 'reports');
    record = await completeRun(runs, { findings: 200, now: new Date('2026-11-01T06:00:00Z'), seed: 3 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers the example with the latest run and says where everything went', async () => {
    const out = path.join(dir, 'answered.xlsx');
    const r = await cli(
      'questionnaire',
      'answer',
      'examples/questionnaire.xlsx',
      '--run',
      'latest',
      '--runs',
      runs,
      '--library',
      'examples/answers.yaml',
      '--out',
      out,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `^31 questions on "Questions" answered from run ${record.run.runId}:\\n  \\d+ from evidence · ` +
          `\\d+ from the library \\(1 stale\\) · \\d+ need a human · 0 already answered \\(kept\\)\\n`,
      ),
    );
    expect(existsSync(out)).toBe(true);
    expect(existsSync(path.join(dir, 'questionnaire-report.md'))).toBe(true);
  });

  it('refuses a run that does not verify: exit 2, one line naming it, nothing written', async () => {
    const tampered = path.join(dir, 'tampered');
    cpSync(record.dir, tampered, { recursive: true });
    writeFileSync(path.join(tampered, 'run.json'), readFileSync(path.join(tampered, 'run.json'), 'utf8').replace('"gap"', '"met"'));
    const out = path.join(dir, 'refused', 'answered.xlsx');
    const r = await cli('questionnaire', 'answer', 'examples/questionnaire.xlsx', '--run', tampered, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: ${tampered}: the run does not verify against its manifest.json (1 changed, ` +
        `0 added, 0 removed: run.json); see "soc2-evidence verify ${tampered}"\n`,
    );
    expect(existsSync(path.dirname(out))).toBe(false);
    const t = await cli('trust-report', '--run', tampered, '--out', path.join(dir, 'refused.pdf'));
    expect(t.code).toBe(2);
    expect(existsSync(path.join(dir, 'refused.pdf'))).toBe(false);
  });

  it('a workbook without a question column: exit 2 naming the file, no stack trace', async () => {
    const csv = path.join(dir, 'people.csv');
    writeFileSync(csv, 'Name,Email\nAna,ana@example.com\n');
    const r = await cli('questionnaire', 'answer', csv, '--out', path.join(dir, 'people-out.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: ${csv.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no sheet has a recognisable question column`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(dir, 'people-out.csv'))).toBe(false);
  });

  it('trust-report writes a PDF or Markdown, and only those', async () => {
    const pdf = path.join(dir, 'trust.pdf');
    expect((await cli('trust-report', '--runs', runs, '--out', pdf)).code).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const md = path.join(dir, 'trust.md');
    expect((await cli('trust-report', '--run', record.dir, '--out', md)).code).toBe(0);
    expect(readFileSync(md, 'utf8')).toMatch(/^# Security overview: /);
    const bad = await cli('trust-report', '--run', record.dir, '--out', path.join(dir, 'trust.docx'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--out must end in \.pdf or \.md/);
  });

  it('"latest" with no runs folder is bad input', async () => {
    const r = await cli('trust-report', '--runs', path.join(dir, 'none'), '--out', path.join(dir, 'x.pdf'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no runs folder here/);
  });
});
