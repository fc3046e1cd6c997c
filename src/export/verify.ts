// `verify FILE.zip`: recompute the SHA-256 of every entry of an export bundle, compare them with
// bundle-manifest.json, and check every run in it against its own manifest.json. Streams the zip.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { Unzip, UnzipInflate } from 'fflate';
import { UserInputError } from '../core/errors.js';
import { MANIFEST_FILE, SIGNATURE_FILE, type Manifest, type VerifyResult } from '../run/manifest.js';
import { BUNDLE_MANIFEST } from './bundle.js';
import { compareManifest } from './runs.js';

export interface BundleVerifyResult {
  bundle: VerifyResult;
  runs: Array<{ runId: string; result: VerifyResult }>;
  intact: boolean;
}

async function readEntries(file: string): Promise<{ hashes: Map<string, string>; kept: Map<string, Buffer> }> {
  const hashes = new Map<string, string>();
  const kept = new Map<string, Buffer>();
  const keep = (name: string) => name === BUNDLE_MANIFEST || /^runs\/[^/]+\/manifest\.json$/.test(name);
  let failure: Error | null = null;
  const unzip = new Unzip((entry) => {
    const hash = createHash('sha256');
    const parts: Buffer[] = [];
    entry.ondata = (err, data, final) => {
      if (err) {
        failure ??= err;
        return;
      }
      hash.update(data);
      if (keep(entry.name)) parts.push(Buffer.from(data));
      if (final) {
        hashes.set(entry.name, hash.digest('hex'));
        if (keep(entry.name)) kept.set(entry.name, Buffer.concat(parts));
      }
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  for await (const chunk of createReadStream(file)) unzip.push(chunk as Uint8Array);
  unzip.push(new Uint8Array(0), true);
  if (failure) throw new UserInputError(`not a readable zip: ${(failure as Error).message}`, file);
  return { hashes, kept };
}

export async function verifyBundle(file: string): Promise<BundleVerifyResult> {
  if (!existsSync(file)) throw new UserInputError('no such file', file);
  let entries: Awaited<ReturnType<typeof readEntries>>;
  try {
    entries = await readEntries(file);
  } catch (err) {
    if (err instanceof UserInputError) throw err;
    throw new UserInputError(`not a readable zip: ${(err as Error).message}`, file);
  }
  const raw = entries.kept.get(BUNDLE_MANIFEST);
  if (!raw) throw new UserInputError(`not an export bundle: ${BUNDLE_MANIFEST} is missing`, file);
  let manifest: { files: Record<string, string> };
  try {
    manifest = JSON.parse(raw.toString('utf8')) as { files: Record<string, string> };
    if (typeof manifest.files !== 'object' || manifest.files === null) throw new Error('no "files"');
  } catch (err) {
    throw new UserInputError(`unreadable ${BUNDLE_MANIFEST}: ${(err as Error).message}`, file);
  }
  const others = new Map([...entries.hashes].filter(([name]) => name !== BUNDLE_MANIFEST));
  const bundle = compareManifest({ algorithm: 'sha256', runId: 'bundle', files: manifest.files }, others);
  const runIds = [...new Set([...entries.hashes.keys()].filter((n) => n.startsWith('runs/')).map((n) => n.split('/')[1]!))].sort();
  const runs = runIds.map((runId) => {
    const prefix = `runs/${runId}/`;
    // manifest.sig (a signed run) signs the manifest and is not listed in it.
    const hashes = new Map(
      [...entries.hashes].filter(([n]) => n.startsWith(prefix) && n !== `${prefix}${SIGNATURE_FILE}`).map(([n, h]) => [n.slice(prefix.length), h]),
    );
    const runManifest = entries.kept.get(`${prefix}${MANIFEST_FILE}`);
    let parsed: Manifest;
    try {
      parsed = JSON.parse(runManifest?.toString('utf8') ?? '') as Manifest;
    } catch {
      return {
        runId,
        result: {
          runId,
          matched: 0,
          added: [...hashes.keys()].filter((f) => f !== MANIFEST_FILE),
          removed: [MANIFEST_FILE],
          changed: [],
          misnamed: [],
          symlinks: [],
        },
      };
    }
    return { runId, result: compareManifest(parsed, hashes) };
  });
  const clean = (r: VerifyResult) => r.added.length + r.removed.length + r.changed.length === 0;
  return { bundle, runs, intact: clean(bundle) && runs.every((r) => clean(r.result)) };
}
