// Run ids and run folders: a sortable UTC stamp (`2026-11-26T145000Z`), reserved atomically so two
// runs started at once into the same output folder never share an id or a partial folder.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export function runIdFor(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace(/^(\d{4})(\d{2})(\d{2})/, '$1-$2-$3');
}

/** A run id: the stamp, with `-2`, `-3`… only when another run took the same second. */
export const RUN_ID_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{6}Z(-\d+)?$/;

/** Partial folders (and reserved, still empty run folders) untouched for this long belong to killed runs. */
export const STALE_AFTER_MS = 12 * 60 * 60 * 1000;

export interface RunSlot {
  runId: string;
  /** `OUT/RUN_ID`: created empty now (the reservation), replaced by the partial folder at the end. */
  finalDir: string;
  /** `OUT/.RUN_ID.<random>.partial`: this process's own working folder. */
  partialDir: string;
}

/**
 * Reserves the run's id by creating its final folder (mkdir is atomic: of two runs in the same
 * second, one gets EEXIST and takes the next suffix), and makes this process's own partial folder.
 */
export function reserveRun(outDir: string, now: Date): RunSlot {
  mkdirSync(outDir, { recursive: true });
  const base = runIdFor(now);
  for (let i = 1; ; i++) {
    const runId = i === 1 ? base : `${base}-${i}`;
    const finalDir = path.join(outDir, runId);
    try {
      mkdirSync(finalDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    const partialDir = path.join(outDir, `.${runId}.${randomBytes(6).toString('hex')}.partial`);
    mkdirSync(partialDir);
    return { runId, finalDir, partialDir };
  }
}

/** A failed run gives its id back: its partial folder and the (still empty) reserved folder go. */
export function releaseRun(slot: RunSlot): void {
  rmSync(slot.partialDir, { recursive: true, force: true });
  try {
    rmdirSync(slot.finalDir);
  } catch {
    // Already gone, or not empty (never ours to delete then).
  }
}

/**
 * Removes what killed runs left behind: partial folders and empty reserved run folders untouched
 * for STALE_AFTER_MS. A live run's folders are younger and stay. Returns the names removed.
 */
export function sweepStaleRuns(outDir: string, now: number = Date.now(), staleAfterMs: number = STALE_AFTER_MS): string[] {
  let names: string[];
  try {
    names = readdirSync(outDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const full = path.join(outDir, name);
    const partial = name.startsWith('.') && name.endsWith('.partial');
    if (!partial && !RUN_ID_PATTERN.test(name)) continue;
    try {
      const stat = statSync(full);
      if (!stat.isDirectory()) continue;
      // Evidence files land in evidence/, which the folder's own mtime does not see.
      const touched = Math.max(
        stat.mtimeMs,
        ...readdirSync(full, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => statSync(path.join(full, e.name)).mtimeMs),
      );
      if (now - touched < staleAfterMs) continue;
      if (partial) rmSync(full, { recursive: true, force: true });
      else if (readdirSync(full).length === 0) rmdirSync(full);
      else continue;
      removed.push(name);
    } catch {
      // Another process is removing it, or it is not ours to read: leave it.
    }
  }
  return removed;
}
