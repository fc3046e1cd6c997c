// `report` rebuilds a run's reports only from a run that verifies. A forced rebuild of one that does
// not (manifest missing, files changed) is recorded, never hidden: run.json stays as collected, and
// report-rebuild.json (listed in the new manifest, shown in the pack) says when, why and which files.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserInputError } from '../core/errors.js';
import { TOOL_VERSION } from '../version.js';
import { isIntact, MANIFEST_FILE, SIGNATURE_FILE, verifyRun, type VerifyResult } from './manifest.js';

export const REBUILD_FILE = 'report-rebuild.json';

export interface RebuildRecord {
  at: string;
  tool: string;
  reason: string;
  /** SHA-256 of the manifest.json that was replaced (null when there was none). */
  previousManifestSha256: string | null;
  /** The signature that manifest carried, kept: it still proves what the folder held before. */
  previousSignature?: unknown;
  differing: Pick<VerifyResult, 'changed' | 'added' | 'removed' | 'misnamed' | 'symlinks'>;
}

/** Why the run cannot be rebuilt as it is, or null when it verifies. */
function problemWith(dir: string): { reason: string; result?: VerifyResult } | null {
  if (!existsSync(path.join(dir, MANIFEST_FILE))) return { reason: 'manifest.json is missing' };
  const result = verifyRun(dir);
  if (isIntact(result)) return null;
  const files = [...result.changed.map((c) => c.file), ...result.added, ...result.removed, ...result.misnamed, ...result.symlinks];
  return { reason: `${files.length} file(s) differ from manifest.json (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''})`, result };
}

/**
 * Refuses (exit 2) a run whose manifest is missing or does not verify; with `force`, records the
 * rebuild in report-rebuild.json before the reports and the new manifest are written.
 */
export function guardRebuild(dir: string, force: boolean, now: Date = new Date()): RebuildRecord | null {
  const problem = problemWith(dir);
  if (!problem) return null;
  if (!force) {
    throw new UserInputError(
      `${problem.reason}: the run does not verify, so report will not rebuild it; run "soc2-evidence ` +
        `verify ${dir}" to see why, or pass --force to rebuild anyway (recorded in ${REBUILD_FILE} and in the pack)`,
      dir,
    );
  }
  const manifest = path.join(dir, MANIFEST_FILE);
  const signature = path.join(dir, SIGNATURE_FILE);
  const r = problem.result;
  const record: RebuildRecord = {
    at: now.toISOString(),
    tool: `soc2-evidence ${TOOL_VERSION}`,
    reason: problem.reason,
    previousManifestSha256: existsSync(manifest) ? createHash('sha256').update(readFileSync(manifest)).digest('hex') : null,
    ...(existsSync(signature) ? { previousSignature: JSON.parse(readFileSync(signature, 'utf8')) as unknown } : {}),
    differing: { changed: r?.changed ?? [], added: r?.added ?? [], removed: r?.removed ?? [], misnamed: r?.misnamed ?? [], symlinks: r?.symlinks ?? [] },
  };
  writeFileSync(path.join(dir, REBUILD_FILE), `${JSON.stringify({ rebuilds: [...readRebuilds(dir), record] }, null, 2)}\n`);
  return record;
}

export function readRebuilds(dir: string): RebuildRecord[] {
  try {
    const body = JSON.parse(readFileSync(path.join(dir, REBUILD_FILE), 'utf8')) as { rebuilds?: RebuildRecord[] };
    return Array.isArray(body.rebuilds) ? body.rebuilds : [];
  } catch {
    return [];
  }
}
