// Benchmark: the scale company (12 AWS accounts, 2,000 repositories, 5,000 users) collected unsharded
// and in 4 shards, then merged. Bound: merged findings identical to the unsharded run's (evidence
// references aside, which carry collection times); merge of the 4 shards in under 15 s.
//   npx tsx bench/shard-merge.ts [--shards 4] [--repos 2000] [--prs 5000] [--users 5000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog } from '../src/catalog/load.js';
import { silentProgress } from '../src/cli/progress.js';
import { checkShards, mergedStart, readShardRun, shardCollectors } from '../src/pipeline/merge.js';
import { runCollection, type RunOptions, type RunResult } from '../src/pipeline/run.js';
import { startSandbox } from '../src/sandbox/server.js';
import { FULL_SCALE, scaleCompany, scaleConfig, scaleEnv, SCALE_NOW } from './scale-company.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('shards', 4);
const size = {
  ...FULL_SCALE,
  repositories: arg('repos', FULL_SCALE.repositories),
  pullRequests: arg('prs', FULL_SCALE.pullRequests),
  users: arg('users', FULL_SCALE.users),
};
const out = mkdtempSync(path.join(tmpdir(), 'soc2-shard-bench-'));
const sandbox = await startSandbox(scaleCompany(size));
try {
  const base: Omit<RunOptions, 'outDir'> = {
    loaded: scaleConfig(sandbox.url),
    catalog: loadCatalog(),
    env: scaleEnv(sandbox.url),
    progress: silentProgress,
    now: SCALE_NOW,
  };
  const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
    const t0 = performance.now();
    const v = await f();
    return [v, (performance.now() - t0) / 1000];
  };
  const [unsharded, unshardedSeconds] = await timed(() => runCollection({ ...base, outDir: path.join(out, 'unsharded') }));
  const shardSeconds: number[] = [];
  const shardDirs: string[] = [];
  for (let k = 1; k <= N; k++) {
    const [r, s] = await timed(() => runCollection({ ...base, outDir: path.join(out, `shard-${k}`), shard: { k, n: N } }));
    shardSeconds.push(s);
    shardDirs.push(r.dir);
  }
  const [merged, mergeSeconds] = await timed(async () => {
    const shards = checkShards(
      shardDirs.map((d) => readShardRun(d, d)),
      base.loaded.digest,
    );
    return runCollection({ ...base, outDir: path.join(out, 'merged'), now: mergedStart(shards), collectors: shardCollectors(shards) });
  });
  const verdicts = (r: RunResult) => JSON.stringify(r.findings.map(({ evidence: _e, ...f }) => f));
  const controls = (r: RunResult) => JSON.stringify(r.run.controls.map((c) => [c.id, c.status]));
  const same = verdicts(merged) === verdicts(unsharded) && controls(merged) === controls(unsharded);
  console.log(
    `Scale company: ${size.repositories} repositories, ${size.pullRequests} PRs, ${size.users || 'demo'} ` +
      `Okta users, ${unsharded.run.scope.aws?.accounts.length} AWS accounts, ${unsharded.findings.length} ` +
      `findings, ${unsharded.run.counts.evidenceFiles} evidence items`,
  );
  console.log(`  unsharded run                 ${unshardedSeconds.toFixed(1)} s`);
  console.log(`  shards (one after another)    ${shardSeconds.map((s, k) => `${k + 1}/${N}: ${s.toFixed(1)} s`).join(', ')}`);
  console.log(`  merge of ${N} shards            ${mergeSeconds.toFixed(1)} s (findings, reports, PDF pack, manifest)`);
  console.log(
    `  merged = unsharded            findings ${verdicts(merged) === verdicts(unsharded)}, control statuses ${controls(merged) === controls(unsharded)}`,
  );
  const ok = same && mergeSeconds < 15;
  console.log(ok ? 'PASS: identical verdicts, merge < 15 s' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  await sandbox.close();
  rmSync(out, { recursive: true, force: true });
}
