// Opening the run store a location names: `s3://BUCKET/PREFIX` or a folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FolderRunStore } from './folder.js';
import { S3RunStore } from './s3.js';
import type { RunStore, StoreOptions } from './types.js';

export type { RunStore, StoreOptions, Retention, LockMode, Staging, StoreVerifyResult } from './types.js';

export const isS3Location = (location: string): boolean => location.startsWith('s3://');

export function openRunStore(location: string, options: StoreOptions): RunStore {
  return isS3Location(location) ? new S3RunStore(location, options) : new FolderRunStore(location);
}

/** A run's location split into the store holding it and its id: `s3://b/p/RUN_ID` → (`s3://b/p`, RUN_ID). */
export function openRunAt(location: string, options: StoreOptions): { store: RunStore; runId: string } {
  const trimmed = location.replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  return { store: openRunStore(trimmed.slice(0, cut), options), runId: trimmed.slice(cut + 1) };
}

/**
 * Run `use` on a local folder holding the run at `location`: the folder itself, or for S3 a
 * temporary copy (only `files` when given) removed afterwards. The verbs' local code does the rest.
 */
export async function withLocalRun<T>(
  location: string,
  use: (dir: string) => T | Promise<T>,
  files?: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  if (!isS3Location(location)) return use(location);
  const { store, runId } = openRunAt(location, { env });
  const scratch = mkdtempSync(path.join(tmpdir(), 'soc2-fetch-'));
  try {
    return await use(await store.fetchRun(runId, scratch, files));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
