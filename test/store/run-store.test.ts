// The S3 run store against the sandbox (Object Lock) and against s3rver, an S3 implementation nobody
// here wrote (no Object Lock there): publish with manifest.json last, list only complete runs, find
// the previous run, verify, and refuse what cannot be stored.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import { buildManifest, MANIFEST_FILE } from '../../src/run/manifest.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/server.js';
import { storeCompany, storeEnv } from '../../src/sandbox/store-company.js';
import { S3RunStore, storeClient } from '../../src/store/s3.js';

/** A small run folder as the pipeline writes it. */
function localRun(runId: string, extra: Record<string, unknown> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'store-run-'));
  const dir = path.join(root, runId);
  mkdirSync(path.join(dir, 'evidence'), { recursive: true });
  writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ runId, startedAt: '2026-11-01T00:00:00Z', ...extra }));
  writeFileSync(path.join(dir, 'findings.json'), JSON.stringify({ findings: [] }));
  writeFileSync(path.join(dir, 'gaps.json'), JSON.stringify({ runId, gaps: [] }));
  writeFileSync(path.join(dir, 'evidence', 'a.json'), '{"response":1}');
  writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(buildManifest(dir, runId)));
  return dir;
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: Error) => e,
  );
}

describe('S3 run store on the sandbox (Object Lock)', () => {
  let sandbox: SandboxHandle;
  const company = storeCompany([{ name: 'locked', objectLock: {} }, { name: 'plain' }]);
  const env = () => storeEnv(sandbox.url);
  beforeAll(async () => {
    sandbox = await startSandbox(company);
  });
  afterAll(() => sandbox.close());

  it('puts every object under the retention asked, manifest.json last, and verifies each object with its retention', async () => {
    const store = new S3RunStore('s3://locked/monthly', { env: env(), retention: { days: 30, mode: 'COMPLIANCE' }, concurrency: 4 });
    await store.prepare();
    const before = new Map(sandbox.stats);
    expect(await store.publish(localRun('2026-11-01T000000Z'), '2026-11-01T000000Z')).toBe('s3://locked/monthly/2026-11-01T000000Z');
    expect((sandbox.stats.get('aws:s3:PutObject') ?? 0) - (before.get('aws:s3:PutObject') ?? 0)).toBe(5);
    const result = await store.verifyRun('2026-11-01T000000Z');
    expect(result).toMatchObject({ complete: true, matched: 4, added: [], removed: [], changed: [] });
    expect(result.retention.map((r) => r.file)).toEqual(['evidence/a.json', 'findings.json', 'gaps.json', MANIFEST_FILE, 'run.json']);
    for (const r of result.retention) {
      expect(r.mode).toBe('COMPLIANCE');
      expect(Date.parse(r.until!) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    }
    // The last object written is the manifest: a run interrupted before it is not complete.
    const keys = [...company.aws!.accounts[0]!.s3.buckets!.find((b) => b.name === 'locked')!.objects!.keys()];
    expect(keys.at(-1)).toBe(`monthly/2026-11-01T000000Z/${MANIFEST_FILE}`);
    store.destroy();
  });

  it('lists only complete runs; the previous run is the latest complete unsharded one', async () => {
    const store = new S3RunStore('s3://plain/runs', { env: env() });
    await store.publish(localRun('2026-09-01T000000Z'), '2026-09-01T000000Z');
    await store.publish(localRun('2026-10-01T000000Z'), '2026-10-01T000000Z');
    await store.publish(localRun('2026-10-15T000000Z', { shard: { k: 1, n: 2, configDigest: 'x' } }), '2026-10-15T000000Z');
    // An interrupted run: objects, no manifest.
    const s3 = storeClient(env());
    await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'runs/2026-11-01T000000Z/run.json', Body: '{}' }));
    expect(await store.listRuns()).toEqual(['2026-09-01T000000Z', '2026-10-01T000000Z', '2026-10-15T000000Z']);
    expect(await store.latestCompleteRun()).toBe('2026-10-01T000000Z');
    const staging = await store.stage();
    try {
      expect(staging.previousRunsDir).toBeDefined();
      expect(JSON.parse(readFileSync(path.join(staging.previousRunsDir!, '2026-10-01T000000Z', 'gaps.json'), 'utf8')).runId).toBe('2026-10-01T000000Z');
    } finally {
      staging.cleanup();
    }
    const incomplete = await store.verifyRun('2026-11-01T000000Z');
    expect(incomplete).toMatchObject({ complete: false, added: ['run.json'] });
    // A stored run is never overwritten.
    expect((await rejection(store.publish(localRun('2026-10-01T000000Z'), '2026-10-01T000000Z'))).message).toMatch(/already holds objects/);
    // A changed object fails verification.
    await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'runs/2026-10-01T000000Z/evidence/a.json', Body: '{"response":2}' }));
    const changed = await store.verifyRun('2026-10-01T000000Z');
    expect(changed.changed.map((c) => c.file)).toEqual(['evidence/a.json']);
    s3.destroy();
    store.destroy();
  });

  it('is bad input (before anything is written) for retention on a bucket without Object Lock, a missing bucket, or a denied list', async () => {
    const noLock = await rejection(new S3RunStore('s3://plain/x', { env: env(), retention: { days: 1, mode: 'GOVERNANCE' } }).prepare());
    expect(noLock).toBeInstanceOf(UserInputError);
    expect(noLock.message).toMatch(/does not have S3 Object Lock enabled/);
    const missing = await rejection(new S3RunStore('s3://nope/x', { env: env() }).prepare());
    expect(missing).toBeInstanceOf(UserInputError);
    expect(missing.message).toMatch(/bucket "nope" does not exist/);
    sandbox.setFaults({ deny: ['s3:ListBucket'] });
    try {
      const denied = await rejection(new S3RunStore('s3://plain/x', { env: env() }).prepare());
      expect(denied).toBeInstanceOf(UserInputError);
      expect(denied.message).toMatch(/access denied to s3:ListBucket .*store-policy\.json/);
    } finally {
      sandbox.setFaults({});
    }
  });
});

describe('S3 run store on s3rver (no Object Lock)', () => {
  let server: S3rver;
  let url: string;
  beforeAll(async () => {
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: mkdtempSync(path.join(tmpdir(), 's3rver-')),
      configureBuckets: [{ name: 'evidence', configs: [] }],
    });
    const address = (await server.run()) as AddressInfo;
    url = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => server.close());
  const env = () => ({ AWS_ENDPOINT_URL: url, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' });

  it('publishes, lists, fetches and verifies runs; a retention is refused as bad input', async () => {
    const store = new S3RunStore('s3://evidence/org/monthly', { env: env() });
    await store.prepare();
    await store.publish(localRun('2026-10-01T000000Z'), '2026-10-01T000000Z');
    await store.publish(localRun('2026-11-01T000000Z'), '2026-11-01T000000Z');
    expect(await store.listRuns()).toEqual(['2026-10-01T000000Z', '2026-11-01T000000Z']);
    expect(await store.latestCompleteRun()).toBe('2026-11-01T000000Z');
    const scratch = mkdtempSync(path.join(tmpdir(), 'fetch-'));
    const dir = await store.fetchRun('2026-10-01T000000Z', scratch);
    expect(readFileSync(path.join(dir, 'evidence', 'a.json'), 'utf8')).toBe('{"response":1}');
    expect(await store.verifyRun('2026-11-01T000000Z')).toMatchObject({
      complete: true,
      matched: 4,
      changed: [],
      retention: [{ file: 'evidence/a.json' }, { file: 'findings.json' }, { file: 'gaps.json' }, { file: MANIFEST_FILE }, { file: 'run.json' }],
    });
    const locked = await rejection(new S3RunStore('s3://evidence/x', { env: env(), retention: { days: 1, mode: 'GOVERNANCE' } }).prepare());
    expect(locked).toBeInstanceOf(UserInputError);
    store.destroy();
  });
});
