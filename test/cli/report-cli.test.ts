import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDemo } from '../../src/cli/commands/demo.js';
import { registerReportCommands } from '../../src/cli/commands/report.js';
import { UserInputError } from '../../src/core/errors.js';
import type { RunRecord } from '../../src/run/record.js';
import { captureOutput } from '../helpers/capture.js';
import { completeRun, tempDir } from '../reports/pack-helpers.js';

/** The CLI in-process (as main.ts wires it): exit code and captured output. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const program = new Command('soc2-evidence');
  registerDemo(program);
  registerReportCommands(program);
  program.exitOverride();
  for (const sub of program.commands) sub.exitOverride();
  const output = captureOutput();
  program.configureOutput({ writeOut: (s) => (output.stdout += s), writeErr: (s) => (output.stderr += s) });
  process.exitCode = undefined;
  let code: number;
  try {
    await program.parseAsync(['node', 'soc2-evidence', ...args]);
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof UserInputError) output.stderr += `error: ${e.describe()}\n`;
    else if (!(e instanceof CommanderError)) throw e;
    code = e instanceof CommanderError && e.exitCode === 0 ? 0 : 2;
  } finally {
    output.restore();
    process.exitCode = undefined;
  }
  return { code, stdout: output.stdout, stderr: output.stderr };
}
const files = ['gaps.md', 'gaps.csv', 'gaps.json', 'evidence-pack.pdf', 'manifest.json'];

describe('report, diff and verify commands', () => {
  let out: string;
  let sep: RunRecord;
  let oct: RunRecord;

  beforeAll(async () => {
    out = tempDir('soc2-cli-');
    sep = await completeRun(out, { findings: 150, now: new Date('2026-09-01T06:00:00Z'), seed: 1 });
    oct = await completeRun(out, { findings: 150, now: new Date('2026-10-01T06:00:00Z'), seed: 2 });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('report rebuilds byte-identical reports and manifest, with the month-over-month section', async () => {
    const before = files.map((f) => readFileSync(path.join(oct.dir, f)));
    const r = await cli('report', oct.dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    files.forEach((f, i) => {
      expect(readFileSync(path.join(oct.dir, f)).equals(before[i]!), f).toBe(true);
    });
    expect(readFileSync(path.join(oct.dir, 'gaps.md'), 'utf8')).toContain(`Compared with run ${sep.run.runId}`);
  });

  it('diff prints the change on its own, as text or JSON', async () => {
    const text = await cli('diff', sep.dir, oct.dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`Compared with run ${sep.run.runId} \\(2026-09-01\\): \\d+ new, \\d+ resolved, \\d+ still open`));
    const json = JSON.parse((await cli('diff', '--json', sep.dir, oct.dir)).stdout) as { new: unknown[]; resolved: unknown[]; stillOpen: unknown[] };
    const gaps = JSON.parse(readFileSync(path.join(oct.dir, 'gaps.json'), 'utf8')) as { changes: typeof json };
    expect(json.new).toEqual(gaps.changes.new);
    expect(json.resolved).toEqual(gaps.changes.resolved);
    expect((await cli('diff', sep.dir, path.join(out, 'nope'))).code).toBe(2);
  });

  it('verify exits 0 intact, 1 on a one-byte change (naming the file), 2 on a non-run folder', async () => {
    expect(await cli('verify', sep.dir)).toMatchObject({ code: 0 });
    const evidence = readdirSync(path.join(sep.dir, 'evidence')).sort()[0]!;
    const file = path.join(sep.dir, 'evidence', evidence);
    const bytes = readFileSync(file);
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 0x20;
    writeFileSync(file, bytes);
    const r = await cli('verify', sep.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`changed  evidence/${evidence}`);
    // report will not re-sign a tampered run unless forced
    const refused = await cli('report', sep.dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('differ from manifest.json');
    expect((await cli('verify', out)).code).toBe(2);
  });
});

describe('collect/demo --fail-on', () => {
  let out: string;
  beforeAll(() => {
    out = tempDir('soc2-failon-');
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('fails only on gaps new since the previous run with --fail-on new; none never fails', async () => {
    const first = await cli('demo', '--out', out, '--fail-on', 'new');
    const firstRun = JSON.parse(readFileSync(path.join(first.stdout.trim(), 'run.json'), 'utf8')) as { exitCode: number };
    // First run: every gap is new, so "new" equals the SPEC's exit code.
    expect(first.code).toBe(firstRun.exitCode);
    const second = await cli('demo', '--out', out, '--fail-on', 'new');
    const gaps = JSON.parse(readFileSync(path.join(second.stdout.trim(), 'gaps.json'), 'utf8')) as { changes: { new: unknown[]; previous: unknown } };
    expect(gaps.changes.previous).not.toBeNull();
    expect(gaps.changes.new).toEqual([]);
    expect(second.code).toBe(0);
    expect((await cli('demo', '--out', out, '--fail-on', 'any')).code).toBe(firstRun.exitCode);
    expect((await cli('demo', '--out', out, '--fail-on', 'none')).code).toBe(0);
    expect((await cli('demo', '--out', out, '--fail-on', 'sometimes')).code).toBe(2);
  });
});
