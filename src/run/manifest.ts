// manifest.json: every file of a run with its SHA-256, and `verify` that recomputes them.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync } from 'node:fs';
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

/** Read buffer reused across files: a run's tens of thousands of small evidence files allocate nothing. */
const READ_BUFFER = Buffer.allocUnsafe(1 << 16);

export function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = openSync(file, 'r');
  try {
    for (let n = readSync(fd, READ_BUFFER, 0, READ_BUFFER.length, null); n > 0; n = readSync(fd, READ_BUFFER, 0, READ_BUFFER.length, null)) {
      hash.update(READ_BUFFER.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Every file below `dir` (POSIX separators, sorted), except the manifest and its signature. */
export function listRunFiles(dir: string): string[] {
  return walkRun(dir).files;
}

/** Files (symlinks included, never followed) and the symlinks among them. */
function walkRun(dir: string): { files: string[]; symlinks: string[] } {
  const files: string[] = [];
  const symlinks: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) symlinks.push(child);
      if (entry.isDirectory()) walk(child);
      else if (child !== MANIFEST_FILE && child !== SIGNATURE_FILE) files.push(child);
    }
  };
  walk('');
  return { files: files.sort(), symlinks: symlinks.sort() };
}

/**
 * `rel` (a path a run file names: a population, an evidence reference) as a real file inside the
 * run folder, or null: no `..`, no absolute path, no symlink on the way out of the folder.
 */
export function fileInRun(dir: string, rel: string): string | null {
  if (typeof rel !== 'string' || rel === '' || path.isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) return null;
  const full = path.join(dir, rel);
  try {
    if (lstatSync(full).isSymbolicLink() || !lstatSync(full).isFile()) return null;
    const root = realpathSync(dir);
    const real = realpathSync(full);
    return real.startsWith(root + path.sep) ? full : null;
  } catch {
    return null;
  }
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
  /** Files under evidence/ whose name is not the SHA-256 of their content. */
  misnamed: string[];
  /** Symbolic links anywhere in the run (a run holds only its own files). */
  symlinks: string[];
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
  const walked = walkRun(dir);
  const onDisk = new Set(walked.files);
  const result: VerifyResult = { runId: manifest.runId, matched: 0, added: [], removed: [], changed: [], misnamed: [], symlinks: walked.symlinks };
  for (const [file, expected] of Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!onDisk.has(file)) {
      result.removed.push(file);
      continue;
    }
    onDisk.delete(file);
    if (walked.symlinks.includes(file)) continue;
    const actual = sha256File(path.join(dir, file));
    const named = /^evidence\/([0-9a-f]{64})\.json$/.exec(file);
    if (file.startsWith('evidence/') && named?.[1] !== actual) result.misnamed.push(file);
    if (actual === expected) result.matched++;
    else result.changed.push({ file, expected, actual });
  }
  result.added = [...onDisk].sort();
  return result;
}

export function isIntact(result: VerifyResult): boolean {
  return (
    result.added.length === 0 && result.removed.length === 0 && result.changed.length === 0 && result.misnamed.length === 0 && result.symlinks.length === 0
  );
}
