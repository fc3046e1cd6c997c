// `export --runs s3://…`: the runs of the S3 run store give the same bundle, byte for byte, as the same
// runs in a folder (same period and seed); an incomplete stored run (no manifest) is left out.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/server.js';
import { storeCompany, storeEnv } from '../../src/sandbox/store-company.js';
import { openRunStore } from '../../src/store/index.js';
import { storeClient } from '../../src/store/s3.js';
import { runCli } from '../helpers/cli.js';
import { HISTORY_PERIOD, RUN_IDS, writeHistory } from './history-fixture.js';

let sandbox: SandboxHandle;
let runs: string;

beforeAll(async () => {
  sandbox = await startSandbox(storeCompany([{ name: 'evidence' }]));
  runs = await writeHistory();
  const store = openRunStore('s3://evidence/soc2', { env: storeEnv(sandbox.url) });
  for (const runId of RUN_IDS) await store.publish(path.join(runs, runId), runId);
  // A run whose upload stopped before its manifest: incomplete, so not part of any export.
  await storeClient(storeEnv(sandbox.url)).send(
    new PutObjectCommand({
      Bucket: 'evidence',
      Key: 'soc2/2026-12-02T060000Z/run.json',
      Body: '{"runId":"2026-12-02T060000Z","startedAt":"2026-12-02T06:00:00Z"}',
    }),
  );
}, 180_000);
afterAll(() => sandbox.close());

describe('export --runs s3://…', () => {
  it('bundles the stored runs exactly as the same runs in a folder', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'soc2-export-s3-'));
    const args = ['--period', `${HISTORY_PERIOD.start}..${HISTORY_PERIOD.end}`, '--sample', '--seed', '7'];
    const fromFolder = await runCli(['export', '--runs', runs, ...args, '--out', path.join(out, 'folder.zip')], { cwd: out });
    const fromS3 = await runCli(['export', '--runs', 's3://evidence/soc2', ...args, '--out', path.join(out, 's3.zip')], {
      cwd: out,
      env: storeEnv(sandbox.url),
    });
    expect(fromFolder.stderr).toMatch(/6 runs/);
    expect(fromS3.code, fromS3.stderr).toBe(0);
    expect(fromS3.stderr).toMatch(/6 runs/);
    expect(readFileSync(path.join(out, 's3.zip')).equals(readFileSync(path.join(out, 'folder.zip')))).toBe(true);
    const verified = await runCli(['verify', path.join(out, 's3.zip')], { cwd: out });
    expect(verified.code).toBe(0);
  }, 240_000);
});
