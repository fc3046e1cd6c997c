// `merge`: N shard runs of one config and period become one run, judged exactly as an unsharded run
// would be. The shards' evidence trees are put back together (AWS accounts in the plan's order,
// GitHub and the IdP from shard 1) and handed to the ordinary pipeline in place of the collectors.
import { iamUsersPopulation } from '../collectors/aws/populations.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceCollector, SourceResult } from '../collectors/types.js';
import { UserInputError } from '../core/errors.js';
import { failed, SOURCES, type SourceName, type SourceOutcome } from '../core/types.js';
import type { AwsAccountEvidence, AwsEvidence } from '../evidence/aws/index.js';
import type { RunJson } from '../run/record.js';
import type { RunOptions } from './run.js';
import { inShard, SHARD_FILE, type ShardFile } from './shard.js';

export interface ShardRun {
  /** As the user named it (folder or s3://…), for messages. */
  location: string;
  dir: string;
  run: RunJson;
  file: ShardFile;
}

export function readShardRun(location: string, dir: string): ShardRun {
  const read = <T>(name: string): T => {
    try {
      return JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as T;
    } catch {
      throw new UserInputError(`not a shard run: ${name} is missing or unreadable (shard runs come from "collect --shard K/N")`, location);
    }
  };
  const run = read<RunJson>('run.json');
  if (!run.shard) throw new UserInputError('not a shard run: its run.json has no "shard" (only runs of "collect --shard K/N" can be merged)', location);
  return { location, dir, run, file: read<ShardFile>(SHARD_FILE) };
}

/** All N shards of one config, period, tool version and check selection, each once; else bad input naming what differs. */
export function checkShards(shards: ShardRun[], configDigest: string): ShardRun[] {
  if (shards.length === 0) throw new UserInputError('merge needs the shard runs to merge');
  const first = shards[0]!;
  const n = first.run.shard!.n;
  const differ = (what: string, of: (s: ShardRun) => string) => {
    const odd = shards.find((s) => of(s) !== of(first));
    if (odd) throw new UserInputError(`shards differ in ${what}: ${first.location} has ${of(first)}, ${odd.location} has ${of(odd)}`, odd.location);
  };
  differ('shard count', (s) => `N=${s.run.shard!.n}`);
  differ('config', (s) => `config sha256 ${s.run.shard!.configDigest.slice(0, 12)}`);
  differ('audit period', (s) => `${s.run.period.start}..${s.run.period.end}`);
  differ('tool version', (s) => `soc2-evidence ${s.run.tool.version}`);
  differ('selected checks (--only)', (s) => (s.file.only ? s.file.only.join(',') : 'all checks'));
  if (first.run.shard!.configDigest !== configDigest) {
    throw new UserInputError(
      `the shards ran with another config (sha256 ${first.run.shard!.configDigest.slice(0, 12)}…) than the one given to merge (${configDigest.slice(0, 12)}…)`,
    );
  }
  const byK = new Map<number, ShardRun>();
  for (const s of shards) {
    const twin = byK.get(s.run.shard!.k);
    if (twin) throw new UserInputError(`shard ${s.run.shard!.k}/${n} is given twice (${twin.location} and ${s.location})`, s.location);
    byK.set(s.run.shard!.k, s);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !byK.has(k));
  if (missing.length)
    throw new UserInputError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${n}`).join(', ')} missing: merge needs all ${n} shards`);
  const planned = (s: ShardRun) => (s.file.outcomes.aws?.notes?.plannedAccounts as string[] | undefined)?.join(',');
  const plans = new Set(shards.map(planned).filter((p) => p !== undefined));
  if (plans.size > 1)
    throw new UserInputError('the shards saw different AWS account lists (an account was added or removed between them); run every shard again');
  return [...byK.keys()].sort((a, b) => a - b).map((k) => byK.get(k)!);
}

/** The AWS evidence of every shard as one run: accounts in the plan's order, discovery from shard 1. */
function mergeAws(shards: ShardRun[]): SourceResult<AwsEvidence> {
  const n = shards.length;
  const planned = shards.map((s) => s.file.outcomes.aws?.notes?.plannedAccounts as string[] | undefined).find((p) => p !== undefined);
  const outcomes = shards.map((s) => s.file.outcomes.aws).filter((o): o is SourceOutcome => o !== undefined);
  const requests: Record<string, number> = {};
  for (const o of outcomes) for (const [k, v] of Object.entries(o.requests)) requests[k] = (requests[k] ?? 0) + v;
  const missingPermissions = [...new Set(outcomes.flatMap((o) => o.missingPermissions))].sort();
  const reasons = shards.flatMap((s) => (s.file.outcomes.aws?.reason ? [`shard ${s.run.shard!.k}/${n}: ${s.file.outcomes.aws.reason}`] : []));
  const outcome = (status: SourceOutcome['status'], accounts?: number): SourceOutcome => ({
    source: 'aws',
    status,
    ...(reasons.length ? { reason: reasons.join('; ') } : {}),
    missingPermissions,
    requests,
    notes: { shards: n, ...(accounts !== undefined ? { accounts } : {}) },
  });
  if (!planned) return { evidence: undefined, outcome: outcome('failed') };

  const byId = new Map<string, AwsAccountEvidence>();
  for (const s of shards) {
    const evidence = s.file.evidence.aws;
    if (evidence) for (const a of evidence.accounts) byId.set(a.accountId, a);
    else {
      // A shard that could not use its credentials at all: its accounts are judged as not entered.
      const reason = s.file.outcomes.aws?.reason ?? 'AWS collection failed';
      for (const id of inShard(planned, s.run.shard!)) {
        byId.set(id, {
          accountId: id,
          access: failed({ kind: 'auth', message: `shard ${s.run.shard!.k}/${n}: ${reason}` }),
          regions: failed({ kind: 'auth', message: reason }),
          iam: {},
          regional: [],
        });
      }
    }
  }
  const accounts = planned.map((id) => byId.get(id)).filter((a): a is AwsAccountEvidence => a !== undefined);
  const discovery = shards[0]!.file.evidence.aws?.discovery ?? shards.find((s) => s.file.evidence.aws?.discovery)?.file.evidence.aws?.discovery;
  const unreachable = accounts.filter((a) => !a.access.ok).length;
  const status =
    unreachable === accounts.length ? 'failed' : outcomes.some((o) => o.status === 'partial' || o.status === 'failed') || unreachable > 0 ? 'partial' : 'ok';
  return { evidence: { accounts, ...(discovery ? { discovery } : {}) }, outcome: outcome(status, accounts.length) };
}

/**
 * Collectors that read the shards instead of the APIs: each hands the pipeline the merged evidence
 * tree and adopts the shards' evidence files (content-addressed, so a read two shards share is one file).
 */
export function shardCollectors(shards: ShardRun[]): NonNullable<RunOptions['collectors']> {
  let adopted = false;
  const collectorFor =
    (source: SourceName): SourceCollector<never> =>
    async (ctx) => {
      if (!adopted) {
        adopted = true;
        for (const s of shards) {
          const dir = path.join(s.dir, 'evidence');
          if (existsSync(dir)) for (const name of readdirSync(dir)) ctx.store.adopt(`evidence/${name}`, path.join(dir, name));
          ctx.store.countRecorded(s.run.counts.evidenceFiles);
        }
      }
      if (source === 'aws') {
        // AWS populations span every account: rebuilt from the merged evidence, not taken from one shard.
        const merged = mergeAws(shards);
        const iamUsers = merged.evidence ? iamUsersPopulation(merged.evidence) : undefined;
        return { ...merged, ...(iamUsers ? { populations: [iamUsers] } : {}) } as SourceResult<never>;
      }
      const first = shards[0]!.file;
      const outcome = first.outcomes[source] ?? { source, status: 'failed', reason: `shard 1 has no ${source} outcome`, missingPermissions: [], requests: {} };
      return { evidence: first.evidence[source] as never, outcome, populations: first.populations[source] ?? [] };
    };
  return Object.fromEntries(SOURCES.map((s) => [s, collectorFor(s)]));
}

/** The merged run's reference time: the earliest shard start, as if one run had started then. */
export function mergedStart(shards: ShardRun[]): Date {
  return new Date(Math.min(...shards.map((s) => Date.parse(s.run.startedAt))));
}
