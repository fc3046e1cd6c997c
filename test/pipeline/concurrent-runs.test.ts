// Two runs into the same output folder at once never share a run id or a partial folder, and what
// killed runs left behind is cleaned up.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { silentProgress } from '../../src/cli/progress.js';
import { runCollection } from '../../src/pipeline/run.js';
import { isIntact, verifyRun } from '../../src/run/manifest.js';
import { RUN_ID_PATTERN, reserveRun, sweepStaleRuns } from '../../src/run/run-id.js';
import { demoCompany } from '../../src/sandbox/demo/company.js';
import { demoConfig, demoEnv } from '../../src/sandbox/demo/config.js';
import { startSandbox } from '../../src/sandbox/server.js';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'soc2-concurrent-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const BIN = path.resolve('src/cli/bin.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
function cli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', TSX, BIN, ...args], {
    cwd,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('run ids', () => {
  it('the same second twice: the second run gets a suffix, each its own partial folder', () => {
    const out = temp();
    const now = new Date('2026-11-26T14:50:00.123Z');
    const a = reserveRun(out, now);
    const b = reserveRun(out, now);
    expect(a.runId).toBe('2026-11-26T145000Z');
    expect(b.runId).toBe('2026-11-26T145000Z-2');
    expect(a.partialDir).not.toBe(b.partialDir);
    expect(path.basename(a.partialDir)).toMatch(/^\.2026-11-26T145000Z\.[0-9a-f]{12}\.partial$/);
    for (const id of [a.runId, b.runId]) expect(id).toMatch(RUN_ID_PATTERN);
  });

  it('removes partial and empty reserved folders of killed runs older than 12 hours; keeps young ones and real runs', () => {
    const out = temp();
    const old = (name: string, files: string[] = []) => {
      mkdirSync(path.join(out, name), { recursive: true });
      for (const f of files) writeFileSync(path.join(out, name, f), 'x');
      const t = new Date(Date.now() - 13 * 3600_000);
      utimesSync(path.join(out, name), t, t);
    };
    old('.2026-11-01T000000Z.partial', ['run.json']);
    old('.2026-11-02T000000Z.ab12cd34ef56.partial');
    old('2026-11-03T000000Z');
    old('2026-11-04T000000Z', ['run.json']);
    old('notes');
    mkdirSync(path.join(out, '.2026-11-05T000000Z.0123456789ab.partial'));
    mkdirSync(path.join(out, '2026-11-06T000000Z'));
    expect(sweepStaleRuns(out).sort()).toEqual(['.2026-11-01T000000Z.partial', '.2026-11-02T000000Z.ab12cd34ef56.partial', '2026-11-03T000000Z']);
    expect(readdirSync(out).sort()).toEqual(['.2026-11-05T000000Z.0123456789ab.partial', '2026-11-04T000000Z', '2026-11-06T000000Z', 'notes']);
  });

  it('two pipeline runs at the same instant into one folder: two complete, intact runs with their own evidence', async () => {
    const sandbox = await startSandbox(demoCompany());
    try {
      const out = temp();
      const now = new Date('2026-11-26T12:00:00Z');
      const run = () =>
        runCollection({
          loaded: demoConfig(sandbox.url, out),
          catalog: loadCatalog(),
          only: ['aws.iam.root-mfa', 'github.org.2fa-required'],
          outDir: out,
          env: demoEnv(sandbox.url),
          progress: silentProgress,
          now,
          tuning: { retryBaseMs: 2 },
        });
      const [a, b] = await Promise.all([run(), run()]);
      expect([a.run.runId, b.run.runId].sort()).toEqual(['2026-11-26T120000Z', '2026-11-26T120000Z-2']);
      expect(readdirSync(out).sort()).toEqual(['2026-11-26T120000Z', '2026-11-26T120000Z-2']);
      for (const r of [a, b]) {
        expect(isIntact(verifyRun(r.dir))).toBe(true);
        expect(JSON.parse(readFileSync(path.join(r.dir, 'run.json'), 'utf8')).runId).toBe(path.basename(r.dir));
        for (const f of r.findings) for (const e of f.evidence) expect(readdirSync(path.join(r.dir, 'evidence'))).toContain(path.basename(e.file));
      }
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});

describe('two demo runs started at once into the same --out', () => {
  it('both finish (exit 0, no stack trace) with distinct run folders that verify intact', async () => {
    const cwd = temp();
    const [a, b] = await Promise.all([cli(['demo', '--out', 'out', '--json'], cwd), cli(['demo', '--out', 'out', '--json'], cwd)]);
    for (const r of [a, b]) {
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.code).toBe(0);
    }
    const runs = readdirSync(path.join(cwd, 'out')).sort();
    expect(runs).toHaveLength(2);
    expect(new Set([JSON.parse(a.stdout).dir, JSON.parse(b.stdout).dir]).size).toBe(2);
    for (const id of runs) {
      expect(id).toMatch(RUN_ID_PATTERN);
      expect(isIntact(verifyRun(path.join(cwd, 'out', id)))).toBe(true);
    }
  }, 300_000);
});
