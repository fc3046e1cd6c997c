// The contract between the pipeline and a source's collector.
import type { Config } from '../config/schema.js';
import type { AuditPeriod, SourceOutcome } from '../core/types.js';
import type { EvidenceStore } from '../run/evidence-store.js';
import type { Progress } from '../cli/progress.js';

export interface CollectContext {
  config: Config;
  /** Folder the config's relative paths resolve against. */
  baseDir: string;
  /** Environment to read credentials and endpoint overrides from (process.env in production). */
  env: NodeJS.ProcessEnv;
  now: Date;
  period: AuditPeriod;
  store: EvidenceStore;
  progress: Progress;
  /** Evidence keys the selected checks need (e.g. `aws.iam.credentialReport`). Collect nothing else. */
  needs: ReadonlySet<string>;
  /** `collect --shard K/N`: read only this shard's AWS accounts. */
  shard?: { k: number; n: number };
  /** Test and benchmark knobs; production leaves them unset. */
  tuning?: { retryBaseMs?: number; maxAttempts?: number; concurrency?: number };
}

/** A list an auditor samples from (users, repositories, merged pull requests), written as CSV. */
export interface Population {
  /** File name under `populations/`, e.g. `pull-requests.csv`. */
  name: string;
  title: string;
  columns: string[];
  rows: Array<Array<string | number | boolean | null>>;
}

export interface SourceResult<E> {
  /** Absent when nothing could be collected at all (bad credentials): every check of the source is then `error`. */
  evidence?: E | undefined;
  outcome: SourceOutcome;
  populations?: Population[];
}

export type SourceCollector<E> = (ctx: CollectContext) => Promise<SourceResult<E>>;
