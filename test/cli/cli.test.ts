import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve('src/cli/bin.ts');
// Resolved here, not in the child's cwd (a temporary folder without node_modules).
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function cli(args: string[], cwd = mkdtempSync(path.join(tmpdir(), 'cli-'))) {
  const r = spawnSync(process.execPath, ['--import', TSX, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
}

describe('command line', () => {
  it('--help lists the verbs and the exit codes', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const word of ['collect', 'demo', 'controls', 'report', 'Exit codes']) expect(r.stdout).toContain(word);
  });

  it.each([
    [
      'an unknown --only check',
      ['collect', '--only', 'aws.iam.root-mfa,aws.iam.rootmfa'],
      /--only names unknown check "aws.iam.rootmfa" \(did you mean "aws.iam.root-mfa"\?\)/,
    ],
    ['a missing config file', ['collect', '--config', 'nope.yaml'], /nope\.yaml: config file not found/],
    ['an unknown option', ['collect', '--regoins', 'x'], /unknown option/],
  ])('exits 2 on %s, with a one-paragraph message and nothing written', (_name, args, message) => {
    const r = cli([...args, '--out', 'out']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(path.join(r.cwd, 'out'))).toBe(false);
  });

  it('exits 2 on a config typo, naming file and line, and writes nothing', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'cli-'));
    writeFileSync(path.join(cwd, 'soc2-evidence.yaml'), 'organization: Acme\naws:\n  organisation: true\n');
    const r = cli(['collect', '--out', 'out'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: soc2-evidence.yaml:3: unknown key "organisation" in "aws" (did you mean "organization"?)');
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
  });

  it.each([
    ['a config without any source', 'organization: Acme\n', [], /config names no source to collect from/],
    [
      'a period that starts in the future',
      'organization: Acme\naws: { organization: false }\nperiod: { start: 2099-01-01, end: 2099-12-31 }\n',
      [],
      /soc2-evidence\.yaml:3: period\.start 2099-01-01 is in the future/,
    ],
    [
      '--only checks of a source the config does not name',
      'organization: Acme\naws: { organization: false }\n',
      ['--only', 'github.repo.branch-protection'],
      /--only selects only github checks, but the config has no "github" section/,
    ],
  ])('exits 2 on %s: a run that judges nothing is not a pass', (_name, yaml, args, message) => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'cli-'));
    writeFileSync(path.join(cwd, 'soc2-evidence.yaml'), yaml);
    const r = cli(['collect', '--out', 'out', ...args], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
  });

  it('exits 2 when a control file names an unknown check', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'cli-'));
    writeFileSync(
      path.join(cwd, 'mfa.yaml'),
      'controls:\n  - id: AC-01\n    title: MFA\n    statement: MFA everywhere\n    criteria: [CC6.1]\n    checks: [idp.mfa.enroled]\n',
    );
    const r = cli(['controls', 'validate', cwd], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mfa\.yaml:6: control AC-01 names unknown check "idp\.mfa\.enroled" \(did you mean "idp\.mfa\.enrolled"\?\)/);
  });

  it('demo writes a complete run folder against the sandbox and exits 0', () => {
    const r = cli(['demo', '--out', 'out', '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { dir: string; exitCode: number; counts: { findings: Record<string, number> } };
    expect(existsSync(path.join(summary.dir, 'evidence-pack.pdf'))).toBe(true);
    expect(readdirSync(path.join(r.cwd, 'out'))).toHaveLength(1);
    expect(r.stderr).not.toMatch(/NodeDeprecationWarning|not supported by the AWS SDK/);
  });

  it.each([
    [
      '--out naming a file',
      (cwd: string) => {
        writeFileSync(path.join(cwd, 'afile'), '');
        return ['demo', '--out', 'afile'];
      },
      /--out afile: is a file, not a folder/,
    ],
    [
      '--out under a file',
      (cwd: string) => {
        writeFileSync(path.join(cwd, 'afile'), '');
        return ['demo', '--out', 'afile/sub'];
      },
      /part of this path is a file/,
    ],
    ["--out under /proc (Node's recursive mkdir spins there)", () => ['demo', '--out', '/proc/soc2-x'], /--out \/proc\/soc2-x: the folder cannot be written/],
    ['demo --config (the demo has its own configuration)', () => ['demo', '--config', 'x.yaml'], /--config belongs to "collect"/],
    [
      'an unknown AWS region',
      (cwd: string) => {
        writeFileSync(path.join(cwd, 'c.yaml'), 'organization: A\naws:\n  regions: [us-east-7]\n');
        return ['collect', '--config', 'c.yaml', '--out', 'out'];
      },
      /c\.yaml:3: .*unknown AWS region "us-east-7" \(did you mean "us-east-1"\?\)/,
    ],
  ])('exits 2 at once on %s, one line, no stack trace', (_name, args, message) => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'cli-'));
    const r = cli(args(cwd), cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
  });

  it('--json reports the exit code the process returns (the demo returns 0 although its run has gaps)', () => {
    const r = cli(['demo', '--out', 'out', '--json', '--only', 'aws.iam.password-policy']);
    const summary = JSON.parse(r.stdout) as { exitCode: number; runExitCode: number };
    expect(r.code).toBe(0);
    expect(summary.exitCode).toBe(0);
    expect(summary.runExitCode).toBe(1);
  });

  it('gaps.json states the exit code the process returns, under the demo rule and under --fail-on', () => {
    const gapsOf = (dir: string) =>
      JSON.parse(readFileSync(path.join(dir, 'gaps.json'), 'utf8')) as { exitCode: number; failOn: { mode: string; demo?: boolean; exitCode: number } };
    const first = cli(['demo', '--out', 'out', '--json', '--only', 'aws.iam.password-policy']);
    const firstSummary = JSON.parse(first.stdout) as { dir: string; exitCode: number };
    expect(first.code).toBe(0);
    expect(gapsOf(firstSummary.dir)).toMatchObject({ exitCode: 1, failOn: { mode: 'none', demo: true, exitCode: 0 } });
    // Same gaps again, judged against the first run: nothing is new, so --fail-on new returns 0 …
    const again = cli(['demo', '--out', 'out', '--json', '--only', 'aws.iam.password-policy', '--fail-on', 'new'], first.cwd);
    const againSummary = JSON.parse(again.stdout) as { dir: string; exitCode: number; runExitCode: number };
    expect(again.code).toBe(0);
    expect(againSummary).toMatchObject({ exitCode: 0, runExitCode: 1 });
    expect(gapsOf(againSummary.dir)).toMatchObject({ exitCode: 1, failOn: { mode: 'new', demo: true, exitCode: 0 } });
    // … and --fail-on any returns the run's own code, as gaps.json says.
    const any = cli(['demo', '--out', 'out', '--json', '--only', 'aws.iam.password-policy', '--fail-on', 'any'], first.cwd);
    const anySummary = JSON.parse(any.stdout) as { dir: string; exitCode: number };
    expect(any.code).toBe(1);
    expect(anySummary.exitCode).toBe(1);
    expect(gapsOf(anySummary.dir).failOn).toEqual({ mode: 'any', demo: true, exitCode: 1 });
    // A rebuilt report keeps the policy the run was collected under.
    expect(cli(['report', anySummary.dir], first.cwd).code).toBe(0);
    expect(gapsOf(anySummary.dir).failOn).toEqual({ mode: 'any', demo: true, exitCode: 1 });
  });
});
