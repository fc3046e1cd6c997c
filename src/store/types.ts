// One seam for every verb that finds, reads or writes runs: a folder (today's behaviour) or an S3
// prefix. Runs are still built in a local folder; the store publishes a finished one (manifest.json
// last) and hands the verbs local copies of stored runs, so S3 stays out of the verbs.
import type { VerifyResult } from '../run/manifest.js';

export type LockMode = 'COMPLIANCE' | 'GOVERNANCE';

/** S3 Object Lock for every object of a stored run. */
export interface Retention {
  days: number;
  mode: LockMode;
}

export interface StoreOptions {
  /** Credentials and endpoint overrides (AWS default chain, AWS_ENDPOINT_URL[_S3]). */
  env: NodeJS.ProcessEnv;
  retention?: Retention;
  /** Uploads and downloads in flight at once. */
  concurrency?: number;
}

/** Where a run is built before it is published, and where the previous complete run can be read. */
export interface Staging {
  /** Folder that receives the run folder (the store itself for a folder store). */
  outDir: string;
  /** Folder holding a local copy of the latest earlier complete run, for month-over-month change. */
  previousRunsDir?: string;
  cleanup(): void;
}

export interface StoredObjectRetention {
  file: string;
  /** Absent: the object has no retention (no Object Lock). */
  mode?: string;
  until?: string;
}

export interface StoreVerifyResult extends VerifyResult {
  location: string;
  /** False when the run has objects but no manifest.json: it was never completely written. */
  complete: boolean;
  /** Every object's Object Lock retention (S3), manifest.json included. */
  retention: StoredObjectRetention[];
}

export interface RunStore {
  readonly kind: 'folder' | 's3';
  /** As the user wrote it: a folder path or `s3://BUCKET/PREFIX`. */
  readonly location: string;
  /** Check the store can take a run (bucket reachable, Object Lock when retention is asked) before collecting. */
  prepare(): Promise<void>;
  stage(): Promise<Staging>;
  /** Store a finished local run folder as `runId`: every object first, manifest.json last. Returns its location. */
  publish(localRunDir: string, runId: string): Promise<string>;
  /** Ids of complete runs (manifest.json present), oldest first. */
  listRuns(): Promise<string[]>;
  /** A local folder holding the run (or only `files` of it); S3 runs are downloaded into `scratchDir`. */
  fetchRun(runId: string, scratchDir: string, files?: readonly string[]): Promise<string>;
  verifyRun(runId: string): Promise<StoreVerifyResult>;
  /** A small file beside the runs, not part of any run (the notification record). */
  writeBeside(name: string, body: string): Promise<void>;
  locationOf(runId: string): string;
}
