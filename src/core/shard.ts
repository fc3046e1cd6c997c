// Which shard reads what (`collect --shard K/N`): shared by the AWS collector and the pipeline.

export interface ShardSpec {
  k: number;
  n: number;
}

/** Accounts of shard k/n: positions ≡ k−1 (mod n) in the account ids' sorted order. */
export function inShard(accountIds: readonly string[], shard: ShardSpec): Set<string> {
  return new Set([...accountIds].sort().filter((_, i) => i % shard.n === shard.k - 1));
}
