// manifest.json: every file of a run with its SHA-256, and `verify` that recomputes them.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserInputError } from '../core/errors.js';

export const MANIFEST_FILE = 'manifest.json';
/** The signature over manifest.json (written after it, so neither lists the other). */
export const SIGNATURE_FILE = 'manifest.sig';

export interface Manifest {
  algorithm: 'sha256';
  runId: string;
  files: Record<string, string>;
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Every file below `dir` (POSIX separators, sorted), except the manifest and its signature. */
export function listRunFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (child !== MANIFEST_FILE && child !== SIGNATURE_FILE) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

export function buildManifest(dir: string, runId: string): Manifest {
  const files: Record<string, string> = {};
  for (const rel of listRunFiles(dir)) files[rel] = sha256File(path.join(dir, rel));
  return { algorithm: 'sha256', runId, files };
}

export interface VerifyResult {
  runId: string;
  /** Files listed in the manifest whose hash matched. */
  matched: number;
  added: string[];
  removed: string[];
  changed: Array<{ file: string; expected: string; actual: string }>;
}

/**
 * Recompute every hash of manifest.json: any file added, removed or changed since the run was written
 * shows up. Throws UserInputError (exit 2) when `dir` is not a run folder.
 */
export function verifyRun(dir: string): VerifyResult {
  const manifestFile = path.join(dir, MANIFEST_FILE);
  if (!existsSync(path.join(dir, 'run.json')) || !existsSync(manifestFile)) {
    throw new UserInputError('not a run folder: run.json or manifest.json is missing', dir);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    if (manifest.algorithm !== 'sha256' || typeof manifest.files !== 'object' || manifest.files === null) throw new Error('not a soc2-evidence manifest');
  } catch (err) {
    throw new UserInputError(`unreadable manifest: ${(err as Error).message}`, manifestFile);
  }
  const onDisk = new Set(listRunFiles(dir));
  const result: VerifyResult = { runId: manifest.runId, matched: 0, added: [], removed: [], changed: [] };
  for (const [file, expected] of Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!onDisk.has(file)) {
      result.removed.push(file);
      continue;
    }
    onDisk.delete(file);
    const actual = sha256File(path.join(dir, file));
    if (actual === expected) result.matched++;
    else result.changed.push({ file, expected, actual });
  }
  result.added = [...onDisk].sort();
  return result;
}

export function isIntact(result: VerifyResult): boolean {
  return result.added.length === 0 && result.removed.length === 0 && result.changed.length === 0;
}
