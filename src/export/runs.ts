// Where `export` reads runs from. A small seam: list the complete runs, list and read a run's files.
// Folders, and any run store (src/store/: `--runs s3://…`) through local copies of the runs it reads.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserInputError } from '../core/errors.js';
import { MANIFEST_FILE, SIGNATURE_FILE, type Manifest, type VerifyResult } from '../run/manifest.js';
import type { RunStore } from '../store/types.js';

export interface RunSource {
  /** Where the runs are, for messages (a folder or s3:// URL). */
  readonly location: string;
  /** Ids of runs that are complete: they have run.json and manifest.json (a run without its manifest is incomplete). */
  listCompleteRuns(): Promise<string[]>;
  /** Every file of one run (POSIX relative paths, sorted), the manifest included. */
  listFiles(runId: string): Promise<string[]>;
  readFile(runId: string, file: string): Promise<Buffer>;
}

export function folderRunSource(dir: string): RunSource {
  const root = path.resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UserInputError('no such folder of runs (pass --runs DIR, the folder collect writes into)', dir);
  return {
    location: dir,
    async listCompleteRuns() {
      return readdirSync(root, { withFileTypes: true })
        .filter(
          (e) =>
            e.isDirectory() && !e.name.startsWith('.') && existsSync(path.join(root, e.name, 'run.json')) && existsSync(path.join(root, e.name, MANIFEST_FILE)),
        )
        .map((e) => e.name)
        .sort();
    },
    async listFiles(runId) {
      const out: string[] = [];
      const walk = (rel: string) => {
        for (const entry of readdirSync(path.join(root, runId, rel), { withFileTypes: true })) {
          const child = rel ? `${rel}/${entry.name}` : entry.name;
          if (entry.isDirectory()) walk(child);
          else out.push(child);
        }
      };
      walk('');
      return out.sort();
    },
    async readFile(runId, file) {
      return readFileSync(path.join(root, runId, file));
    },
  };
}

/**
 * Runs of a store (S3): a run's run.json is fetched alone to place it in the period; the whole run is
 * fetched into `scratchDir` only when the bundle needs its files.
 */
export function storeRunSource(store: Pick<RunStore, 'location' | 'listRuns' | 'fetchRun'>, scratchDir: string): RunSource {
  const whole = new Map<string, Promise<string>>();
  const fetchWhole = (runId: string) => {
    if (!whole.has(runId)) whole.set(runId, store.fetchRun(runId, path.join(scratchDir, 'runs')));
    return whole.get(runId)!;
  };
  const local = folderRunSource;
  return {
    location: store.location,
    listCompleteRuns: () => store.listRuns(),
    async listFiles(runId) {
      return local(path.dirname(await fetchWhole(runId))).listFiles(runId);
    },
    async readFile(runId, file) {
      if (!whole.has(runId) && file === 'run.json') {
        const dir = await store.fetchRun(runId, path.join(scratchDir, 'meta'), [file]);
        return readFileSync(path.join(dir, file));
      }
      return readFileSync(path.join(await fetchWhole(runId), file));
    },
  };
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The run's manifest checked against its files, through any source (same result as `verify RUN_DIR`). */
export async function verifyStoredRun(source: RunSource, runId: string): Promise<VerifyResult & { manifestSha256: string; hashes: Map<string, string> }> {
  const raw = await source.readFile(runId, MANIFEST_FILE);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(raw.toString('utf8')) as Manifest;
    if (manifest.algorithm !== 'sha256' || typeof manifest.files !== 'object' || manifest.files === null) throw new Error('not a soc2-evidence manifest');
  } catch (err) {
    throw new UserInputError(`unreadable manifest: ${(err as Error).message}`, `${source.location}/${runId}/${MANIFEST_FILE}`);
  }
  // manifest.sig signs the manifest: it is not listed in it.
  const files = (await source.listFiles(runId)).filter((f) => f !== MANIFEST_FILE && f !== SIGNATURE_FILE);
  const hashes = new Map<string, string>();
  for (const file of files) hashes.set(file, sha256(await source.readFile(runId, file)));
  hashes.set(MANIFEST_FILE, sha256(raw));
  return { ...compareManifest(manifest, hashes), manifestSha256: sha256(raw), hashes };
}

/** Files added, removed or changed relative to a manifest, given the actual hashes (the manifest file itself ignored). */
export function compareManifest(manifest: Manifest, actual: Map<string, string>): VerifyResult {
  const result: VerifyResult = { runId: manifest.runId, matched: 0, added: [], removed: [], changed: [], misnamed: [], symlinks: [] };
  const seen = new Set<string>();
  for (const [file, expected] of Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    seen.add(file);
    const hash = actual.get(file);
    if (hash === undefined) result.removed.push(file);
    else if (hash === expected) result.matched++;
    else result.changed.push({ file, expected, actual: hash });
  }
  result.added = [...actual.keys()].filter((f) => f !== MANIFEST_FILE && !seen.has(f)).sort();
  return result;
}
