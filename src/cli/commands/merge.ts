// `merge SHARD_RUN… --out DIR|s3://…`: the shard runs of one config and period (folders or S3, or a
// folder/prefix holding them) judged together into one complete run, as an unsharded run would be.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { loadCatalog, scopeCatalog } from '../../catalog/load.js';
import { loadConfigFile } from '../../config/load.js';
import { UserInputError } from '../../core/errors.js';
import { checkShards, mergedStart, readShardRun, shardCollectors, type ShardRun } from '../../pipeline/merge.js';
import { FAIL_ON_MODES, failOnPolicy } from '../../reports/diff.js';
import { isIntact, verifyRun } from '../../run/manifest.js';
import { isS3Location, openRunAt } from '../../store/index.js';
import { silentProgress } from '../progress.js';
import { storeRun, type CollectFlags } from './collect.js';
import { addStoreFlags } from './store-options.js';

/** Local folders of the shard runs a location names: a run, or a folder/prefix whose runs are shard runs. */
async function shardRunsAt(location: string, scratch: string): Promise<ShardRun[]> {
  let dir = location;
  if (isS3Location(location)) {
    const { store, runId } = openRunAt(location, { env: process.env });
    dir = await store.fetchRun(runId, mkdtempSync(path.join(scratch, 'shard-')));
  }
  if (!existsSync(dir)) throw new UserInputError('no such shard run', location);
  const runs = runsBelow(location.replace(/\/+$/, ''), dir, 3);
  if (runs.length === 0) throw new UserInputError('neither a shard run nor a folder of complete shard runs', location);
  return runs.map((r) => {
    let intact = false;
    try {
      intact = isIntact(verifyRun(r.dir));
    } catch {
      intact = false;
    }
    if (!intact) throw new UserInputError('shard run is incomplete or differs from its manifest.json ("soc2-evidence verify" shows what)', r.location);
    return readShardRun(r.location, r.dir);
  });
}

/** Complete runs (run.json + manifest.json) at or below `dir`, e.g. one prefix per shard, each holding its run. */
function runsBelow(location: string, dir: string, depth: number): Array<{ location: string; dir: string }> {
  if (existsSync(path.join(dir, 'run.json'))) return existsSync(path.join(dir, 'manifest.json')) ? [{ location, dir }] : [];
  if (depth === 0) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => runsBelow(`${location}/${e.name}`, path.join(dir, e.name), depth - 1));
}

export function registerMerge(program: Command): void {
  addStoreFlags(
    program
      .command('merge')
      .description(
        'merge the shard runs of "collect --shard K/N" (folders or s3:// runs, or a folder/prefix ' +
          'holding them) into one complete run, judged as one unsharded run',
      )
      .argument('<shard-runs...>', 'every shard run of one config and period')
      .option('-c, --config <file>', 'the configuration file the shards ran with (its exceptions and thresholds judge the merged run)', 'soc2-evidence.yaml')
      .option('-o, --out <dir|s3://bucket/prefix>', 'where the merged run is stored', 'reports')
      .option('--controls <dir>', 'control catalog folder (default: the config\'s "controls", else the built-in catalog)')
      .option('--json', 'print a JSON summary on stdout instead of text')
      .addOption(
        new Option('--fail-on <when>', 'exit 1 on: any gap (default), only gaps new since the previous run in --out, or none').choices([...FAIL_ON_MODES]),
      ),
  ).action(async (locations: string[], flags: CollectFlags) => {
    const loaded = loadConfigFile(flags.config ?? 'soc2-evidence.yaml');
    const scratch = mkdtempSync(path.join(tmpdir(), 'soc2-merge-'));
    try {
      const shards = checkShards((await Promise.all(locations.map((l) => shardRunsAt(l, scratch)))).flat(), loaded.digest);
      const controlsDir = flags.controls ?? (loaded.config.controls?.dir ? path.resolve(loaded.baseDir, loaded.config.controls.dir) : undefined);
      const catalog = scopeCatalog(loadCatalog(controlsDir), loaded.config.controls?.categories);
      const only = shards[0]!.file.only;
      const { runCollection } = await import('../../pipeline/run.js');
      const policy = failOnPolicy(flags.failOn);
      const result = await storeRun(
        loaded,
        flags,
        process.env,
        (staging) =>
          runCollection({
            loaded,
            catalog,
            ...(only ? { only } : {}),
            outDir: staging.outDir,
            ...(staging.previousRunsDir ? { previousRunsDir: staging.previousRunsDir } : {}),
            env: process.env,
            progress: silentProgress,
            now: mergedStart(shards),
            collectors: shardCollectors(shards),
            failOn: policy,
          }),
        policy,
      );
      process.exitCode = result.exitCode;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
}
