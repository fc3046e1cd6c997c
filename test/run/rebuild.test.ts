// report rebuilds only a run that verifies (or, forced, says so in the run and the pack); it reads no
// path from run.json or findings.json outside the run folder; verify checks evidence names and symlinks.
import { cpSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildManifest, isIntact, MANIFEST_FILE, verifyRun } from '../../src/run/manifest.js';
import { REBUILD_FILE } from '../../src/run/rebuild.js';
import { completeRun, pdfText, tempDir } from '../reports/pack-helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function run(): Promise<{ dir: string; runId: string }> {
  const out = tempDir();
  dirs.push(out);
  const record = await completeRun(out, { findings: 80, now: new Date('2026-10-01T06:00:00Z') });
  return { dir: record.dir, runId: record.run.runId };
}

/** The CLI in-process: exit code and stderr. */
async function cli(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => {
    stderr += chunk;
    return true;
  }) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    return { code: await main(['node', 'soc2-evidence', ...args]), stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = undefined;
  }
}

const resign = (dir: string, runId: string) => writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(buildManifest(dir, runId), null, 2)}\n`);

describe('report on a run that does not verify', () => {
  it('refuses a run without manifest.json (exit 2), unless --force, which is recorded in report-rebuild.json and on the cover', async () => {
    const { dir } = await run();
    const runJson = readFileSync(path.join(dir, 'run.json'));
    unlinkSync(path.join(dir, MANIFEST_FILE));
    const refused = await cli('report', dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/manifest\.json is missing: the run does not verify[\s\S]*--force/);

    expect((await cli('report', dir, '--force')).code).toBe(0);
    const { rebuilds } = JSON.parse(readFileSync(path.join(dir, REBUILD_FILE), 'utf8')) as {
      rebuilds: Array<{ reason: string; previousManifestSha256: string | null }>;
    };
    expect(rebuilds).toHaveLength(1);
    expect(rebuilds[0]).toMatchObject({ reason: 'manifest.json is missing', previousManifestSha256: null });
    expect(readFileSync(path.join(dir, 'run.json')).equals(runJson)).toBe(true); // the collected record is never rewritten
    const manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(manifest.files)).toContain(REBUILD_FILE);
    expect(isIntact(verifyRun(dir))).toBe(true);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(readFileSync(path.join(dir, 'evidence-pack.pdf')))), { mergePages: false });
    expect((text as string[])[0]!.replace(/\s+/g, ' ')).toMatch(/FORCED REBUILD .* manifest\.json is missing/);
  });

  it('refuses a run whose gap list was edited, naming it', async () => {
    const { dir } = await run();
    writeFileSync(path.join(dir, 'gaps.md'), 'nothing to see\n');
    const refused = await cli('report', dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/1 file\(s\) differ from manifest\.json \(gaps\.md\)/);
  });
});

describe('report reads nothing outside the run folder', () => {
  it('a crafted run.json population path and evidence reference do not print /etc/passwd into the pack', async () => {
    const { dir } = await run();
    const runFile = path.join(dir, 'run.json');
    const runJson = JSON.parse(readFileSync(runFile, 'utf8')) as { populations: Array<{ file: string }> };
    runJson.populations[0]!.file = '../../../../../../../../etc/passwd';
    if (runJson.populations[1]) {
      symlinkSync('/etc/passwd', path.join(dir, 'populations', 'linked.csv'));
      runJson.populations[1].file = 'populations/linked.csv';
    }
    writeFileSync(runFile, JSON.stringify(runJson));
    const findingsFile = path.join(dir, 'findings.json');
    const findings = JSON.parse(readFileSync(findingsFile, 'utf8')) as { findings: Array<{ evidence: Array<{ file: string }> }> };
    const cited = findings.findings.find((f) => f.evidence.length)!;
    cited.evidence[0]!.file = '../../../../../../../../etc/passwd';
    writeFileSync(findingsFile, JSON.stringify(findings));
    expect((await cli('report', dir, '--force')).code).toBe(0);
    const pack = await pdfText(path.join(dir, 'evidence-pack.pdf'));
    expect(pack.text).not.toMatch(/root:x?:0:0/);
    expect(pack.compact).toContain('pointsoutsidetherunfolder,andisnotread');
  });
});

describe('verify', () => {
  it('catches an evidence file whose name is not its content hash, even with a recomputed manifest', async () => {
    const { dir, runId } = await run();
    const evidence = JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as { files: Record<string, string> };
    const file = Object.keys(evidence.files).find((f) => f.startsWith('evidence/'))!;
    writeFileSync(path.join(dir, file), readFileSync(path.join(dir, file), 'utf8').replace(/"requestId": "[^"]*"/, '"requestId": "edited"'));
    resign(dir, runId);
    const result = verifyRun(dir);
    expect(result.changed).toEqual([]);
    expect(result.misnamed).toEqual([file]);
    expect(isIntact(result)).toBe(false);
    expect((await cli('verify', dir)).code).toBe(1);
  });

  it('rejects symlinks anywhere in the run, even when the manifest lists them', async () => {
    const { dir, runId } = await run();
    const target = path.join(path.dirname(dir), 'outside.csv');
    const name = readFileSync(path.join(dir, MANIFEST_FILE), 'utf8').match(/"(populations\/[^"]+)"/)![1]!;
    cpSync(path.join(dir, name), target);
    unlinkSync(path.join(dir, name));
    symlinkSync(target, path.join(dir, name));
    resign(dir, runId);
    const result = verifyRun(dir);
    expect(result.symlinks).toEqual([name]);
    expect(isIntact(result)).toBe(false);
  });
});
