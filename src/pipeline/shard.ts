// Sharded collection (`collect --shard K/N`): shard K reads the AWS accounts at positions ≡ K−1
// (mod N) of the sorted account list, and GitHub and the IdP only in shard 1. A shard run holds the
// raw evidence, the typed evidence tree and the source outcomes (shard.json), but no findings or
// reports: `merge` judges the shards together, exactly as one unsharded run would.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Population } from '../collectors/types.js';
import { UserInputError } from '../core/errors.js';
import type { SourceName, SourceOutcome } from '../core/types.js';
import type { Evidence } from '../evidence/index.js';
import type { RunJson } from '../run/record.js';
import type { ShardSpec } from '../core/shard.js';

export { inShard, type ShardSpec } from '../core/shard.js';

export const SHARD_FILE = 'shard.json';

/** What a shard hands to `merge`, beside its evidence files. */
export interface ShardFile {
  shard: ShardSpec;
  /** The checks selected with --only (null: all). */
  only: string[] | null;
  evidence: Evidence;
  outcomes: Partial<Record<SourceName, SourceOutcome>>;
  populations: Partial<Record<SourceName, Population[]>>;
}

export function parseShard(value: string): ShardSpec {
  const m = value.trim().match(/^(\d+)\/(\d+)$/);
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || n > 1000 || k < 1 || k > n) throw new UserInputError(`--shard expects K/N with 1 ≤ K ≤ N (e.g. 2/4), not "${value}"`);
  return { k, n };
}

/** Sources a shard collects: AWS in every shard, the others in shard 1 only. */
export const shardCollects = (shard: ShardSpec | undefined, source: SourceName): boolean => !shard || shard.k === 1 || source === 'aws';

/** run.json and shard.json of a shard run (no findings, no reports). */
export function writeShardRun(dir: string, run: RunJson, shardFile: ShardFile): void {
  writeFileSync(path.join(dir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(path.join(dir, SHARD_FILE), `${JSON.stringify(shardFile)}\n`);
}
