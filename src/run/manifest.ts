// manifest.json: every file of a run with its SHA-256, and `verify` that recomputes them.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const MANIFEST_FILE = 'manifest.json';

export interface Manifest {
  algorithm: 'sha256';
  runId: string;
  files: Record<string, string>;
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Every file below `dir` (POSIX separators, sorted), except the manifest itself. */
export function listRunFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (child !== MANIFEST_FILE) out.push(child);
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
