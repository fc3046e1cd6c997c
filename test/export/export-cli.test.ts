// `export`, `verify FILE.zip` and `demo --history` as a user runs them: exit codes, messages, nothing
// half-written.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoHistory } from '../../src/cli/commands/demo-history.js';
import { parsePopulationCsv } from '../../src/export/populations.js';

const BIN = path.resolve('src/cli/bin.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let cwd: string;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', TSX, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'soc2-export-cli-'));
  await writeDemoHistory({ months: 2, outDir: path.join(cwd, 'reports'), today: new Date('2026-12-06T12:00:00Z') });
}, 180_000);

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('export on the command line', () => {
  it.each([
    ['a period that is not a date range', ['--period', 'last year', '--out', 'a.zip'], /--period takes a date range START\.\.END/],
    ['no period and no config', ['--out', 'a.zip'], /no config file \(soc2-evidence\.yaml\) to take the audit period from: pass --period/],
    ['no run in the period', ['--period', '2025-01-01..2025-03-31', '--out', 'a.zip'], /no complete run in the period 2025-01-01\.\.2025-03-31/],
    [
      'a zip path that cannot be written',
      ['--period', '2026-11-01..2026-12-31', '--out', 'nowhere/a.zip'],
      /cannot write the bundle: folder .*nowhere does not exist/,
    ],
    ['a bad seed', ['--period', '2026-11-01..2026-12-31', '--sample', '--seed', '-1', '--out', 'a.zip'], /--seed takes a whole number/],
  ])('exits 2 on %s, with one line and nothing written', (_name, args, message) => {
    const r = cli(['export', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(cwd, 'a.zip'))).toBe(false);
    expect(existsSync(path.join(cwd, 'a.zip.partial'))).toBe(false);
  });

  it('takes the period and the sample-size table from the config, and verify checks the bundle', () => {
    writeFileSync(
      path.join(cwd, 'soc2-evidence.yaml'),
      'organization: Kestrel\nperiod: { start: 2026-11-01, end: 2026-12-31 }\nexport:\n  sampleSizes:\n    - { max: 3, size: 1 }\n    - { size: 3 }\n',
    );
    try {
      const r = cli(['export', '--sample', '--seed', '9', '--out', 'config.zip']);
      expect(r.stderr).toMatch(/2 runs/);
      expect(r.code).toBe(0);
      const bundle = unzipSync(readFileSync(path.join(cwd, 'config.zip')));
      expect(parsePopulationCsv(strFromU8(bundle['period/samples/users.csv']!)).rows).toHaveLength(3);
      expect(parsePopulationCsv(strFromU8(bundle['period/samples/pull-requests.csv']!)).rows).toHaveLength(1); // 3 merged PRs: the first bucket
      expect(JSON.parse(strFromU8(bundle['bundle-manifest.json']!)).sample).toMatchObject({ seed: 9, sizes: [{ max: 3, size: 1 }, { size: 3 }] });
      const v = cli(['verify', 'config.zip']);
      expect(v.code).toBe(0);
      expect(v.stdout).toMatch(/config\.zip: intact — bundle-manifest\.json and 2 run\(s\)/);
    } finally {
      rmSync(path.join(cwd, 'soc2-evidence.yaml'));
    }
  });

  it('exits 1 naming a tampered run; --force includes it, and verify then exits 1 naming the file', () => {
    appendFileSync(path.join(cwd, 'reports', '2026-12-01T060000Z', 'run.json'), ' ');
    const refused = cli(['export', '--period', '2026-11-01..2026-12-31', '--out', 'tampered.zip']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/run 2026-12-01T060000Z \(1 changed, 0 added, 0 removed, e\.g\. run\.json\) does not match its manifest\.json/);
    expect(existsSync(path.join(cwd, 'tampered.zip'))).toBe(false);
    const forced = cli(['export', '--period', '2026-11-01..2026-12-31', '--force', '--out', 'tampered.zip']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/--force: included 2026-12-01T060000Z/);
    const v = cli(['verify', 'tampered.zip']);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/run 2026-12-01T060000Z: NOT intact[\s\S]*changed {2}run\.json/);
  });

  it('verify exits 2 on a zip that is not a bundle', () => {
    writeFileSync(path.join(cwd, 'junk.zip'), 'not a zip at all');
    const v = cli(['verify', 'junk.zip']);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/junk\.zip: not an export bundle|not a readable zip/);
  });

  it('demo --history rejects a bad number of months', () => {
    const r = cli(['demo', '--history', 'six', '--out', 'h']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--history takes a number of months from 1 to 36, not "six"/);
    expect(existsSync(path.join(cwd, 'h'))).toBe(false);
  });
});
