// Sharded collection and merge against the demo company: for N = 2, 3, 4 the merged run's findings,
// control statuses, gap list and populations equal the unsharded run's; and merge refuses shards
// that do not belong together.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { silentProgress } from '../../src/cli/progress.js';
import { UserInputError } from '../../src/core/errors.js';
import { checkShards, mergedStart, readShardRun, shardCollectors, type ShardRun } from '../../src/pipeline/merge.js';
import { runCollection, type RunResult, type RunOptions } from '../../src/pipeline/run.js';
import { demoCompany } from '../../src/sandbox/demo/company.js';
import { demoConfig, demoEnv } from '../../src/sandbox/demo/config.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/server.js';
import { TEST_NOW } from '../helpers/sandbox.js';

let sandbox: SandboxHandle;
let unsharded: RunResult;
const catalog = loadCatalog();
const base = (): Omit<RunOptions, 'outDir'> => ({
  loaded: demoConfig(sandbox.url, process.cwd()),
  catalog,
  env: demoEnv(sandbox.url),
  progress: silentProgress,
  now: TEST_NOW,
  tuning: { retryBaseMs: 2 },
});
const out = () => mkdtempSync(path.join(tmpdir(), 'shard-'));

/** What must not depend on sharding: everything but evidence references (they carry collection times). */
const verdicts = (findings: RunResult['findings']) => findings.map(({ evidence: _evidence, ...rest }) => rest);
const controls = (r: RunResult) => r.run.controls.map((c) => ({ id: c.id, status: c.status, findings: c.findings }));
const gapList = (dir: string) =>
  (JSON.parse(readFileSync(path.join(dir, 'gaps.json'), 'utf8')) as { gaps: Array<Record<string, unknown>> }).gaps.map(({ evidence: _e, ...g }) => g);
const populations = (dir: string) =>
  existsSync(path.join(dir, 'populations'))
    ? readdirSync(path.join(dir, 'populations'))
        .sort()
        .map((f) => [f, readFileSync(path.join(dir, 'populations', f), 'utf8')])
    : [];

beforeAll(async () => {
  sandbox = await startSandbox(demoCompany());
  unsharded = await runCollection({ ...base(), outDir: out() });
}, 180_000);
afterAll(() => sandbox.close());

async function shardRuns(n: number): Promise<ShardRun[]> {
  const dir = out();
  const runs: ShardRun[] = [];
  for (let k = 1; k <= n; k++) {
    const r = await runCollection({ ...base(), outDir: dir, shard: { k, n } });
    runs.push(readShardRun(r.dir, r.dir));
  }
  return runs;
}

describe('collect --shard K/N and merge', () => {
  it.each([2, 3, 4])(
    'N=%i: the merged run equals the unsharded run in findings, control statuses, gap list and populations',
    async (n) => {
      const shards = await shardRuns(n);
      // Shards write evidence, not verdicts.
      for (const s of shards) {
        expect(s.run.shard).toEqual({ k: s.run.shard!.k, n, configDigest: base().loaded.digest });
        expect(existsSync(path.join(s.dir, 'findings.json'))).toBe(false);
        expect(existsSync(path.join(s.dir, 'evidence-pack.pdf'))).toBe(false);
      }
      // GitHub and the IdP are read by shard 1 only; every active account by exactly one shard.
      expect(shards.slice(1).every((s) => s.file.evidence.github === undefined && s.file.evidence.idp === undefined)).toBe(true);
      const read = shards.flatMap((s) => s.file.evidence.aws?.accounts.map((a) => a.accountId) ?? []);
      expect(read.sort()).toEqual(unsharded.run.scope.aws!.accounts.map((a) => a.id).sort());

      const merged = await runCollection({
        ...base(),
        outDir: out(),
        now: mergedStart(checkShards(shards, base().loaded.digest)),
        collectors: shardCollectors(shards),
      });
      expect(verdicts(merged.findings)).toEqual(verdicts(unsharded.findings));
      expect(controls(merged)).toEqual(controls(unsharded));
      expect(merged.run.counts.findings).toEqual(unsharded.run.counts.findings);
      expect(merged.run.scope).toEqual(unsharded.run.scope);
      expect(gapList(merged.dir)).toEqual(gapList(unsharded.dir));
      expect(populations(merged.dir)).toEqual(populations(unsharded.dir));
      expect(existsSync(path.join(merged.dir, 'evidence-pack.pdf'))).toBe(true);
      // Every evidence file a merged finding points at is in the merged run.
      for (const f of merged.findings) for (const e of f.evidence) expect(existsSync(path.join(merged.dir, e.file))).toBe(true);
    },
    300_000,
  );
});

describe('merge refuses shards that do not belong together', () => {
  const shard = (k: number, n: number, over: { digest?: string; period?: string; version?: string; only?: string[] } = {}): ShardRun => ({
    location: `runs/shard-${k}`,
    dir: '/nonexistent',
    run: {
      shard: { k, n, configDigest: over.digest ?? 'abc' },
      period: { start: over.period ?? '2026-07-01', end: '2026-09-30' },
      tool: { name: 'soc2-evidence', version: over.version ?? '0.1.0' },
    } as ShardRun['run'],
    file: { shard: { k, n }, only: over.only ?? null, evidence: {}, outcomes: {}, populations: {} },
  });
  it.each([
    ['a missing shard', [shard(1, 3), shard(3, 3)], /shard 2\/3 missing: merge needs all 3 shards/],
    ['a duplicated shard', [shard(1, 2), shard(1, 2), shard(2, 2)], /shard 1\/2 is given twice/],
    ['another config', [shard(1, 2), shard(2, 2, { digest: 'def' })], /shards differ in config/],
    [
      'another period',
      [shard(1, 2), shard(2, 2, { period: '2026-04-01' })],
      /shards differ in audit period: runs\/shard-1 has 2026-07-01\.\.2026-09-30, runs\/shard-2 has 2026-04-01\.\.2026-09-30/,
    ],
    ['another tool version', [shard(1, 2), shard(2, 2, { version: '0.2.0' })], /shards differ in tool version/],
    ['another shard count', [shard(1, 2), shard(2, 3)], /shards differ in shard count/],
    ['another --only', [shard(1, 2), shard(2, 2, { only: ['aws.iam.root-mfa'] })], /shards differ in selected checks/],
  ])('%s (bad input, naming what is wrong)', (_name, shards, message) => {
    expect(() => checkShards(shards, 'abc')).toThrow(UserInputError);
    expect(() => checkShards(shards, 'abc')).toThrow(message);
  });

  it("refuses a config other than the shards'", () => {
    expect(() => checkShards([shard(1, 1)], 'other')).toThrow(/the shards ran with another config/);
  });
});
