// `verify` and `report` on a run stored in S3. verify recomputes every object's SHA-256 against
// manifest.json and prints each object's Object Lock retention; report rebuilds the reports in a
// local copy (a stored run is never rewritten: its objects may be locked).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UserInputError } from '../../core/errors.js';
import { isIntact, MANIFEST_FILE } from '../../run/manifest.js';
import { openRunAt } from '../../store/index.js';
import type { S3RunStore } from '../../store/s3.js';

export async function verifyStoredRun(location: string, flags: { json?: boolean }): Promise<number> {
  const { store, runId } = openRunAt(location, { env: process.env });
  const result = await store.verifyRun(runId);
  const intact = result.complete && isIntact(result);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ intact, ...result }, null, 2)}\n`);
    return intact ? 0 : 1;
  }
  const retention = result.retention.map((r) => `retention  ${r.mode ? `${r.mode} until ${r.until}` : 'none'}  ${r.file}`);
  const lines = !result.complete
    ? [`${location}: INCOMPLETE — ${result.added.length} objects but no ${MANIFEST_FILE}: the run was never completely written.`]
    : intact
      ? [`${location}: intact — ${result.matched} objects match ${MANIFEST_FILE} (run ${result.runId}).`]
      : [
          `${location}: NOT intact — ${result.changed.length} changed, ${result.added.length} ` +
            `added, ${result.removed.length} removed (${result.matched} objects match).`,
          ...result.changed.map((c) => `changed  ${c.file}  (manifest ${c.expected}, now ${c.actual})`),
          ...result.added.map((f) => `added    ${f}`),
          ...result.removed.map((f) => `removed  ${f}`),
        ];
  const unlocked = result.retention.filter((r) => !r.mode).length;
  lines.push(
    unlocked === result.retention.length
      ? 'Retention: no object is under Object Lock.'
      : `Retention: ${result.retention.length - unlocked} of ${result.retention.length} objects under Object Lock.`,
    ...retention,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return intact ? 0 : 1;
}

/**
 * Copy the stored run to `outDir/RUN_ID`, and the files change needs of the stored run before it to a
 * scratch folder: `report` then rebuilds the local copy as it does any run folder.
 */
export async function copyStoredRun(location: string, outDir: string): Promise<{ dir: string; previousRunsDir: string; cleanup(): void }> {
  const { store, runId } = openRunAt(location, { env: process.env });
  const dir = path.join(path.resolve(outDir), runId);
  if (existsSync(dir))
    throw new UserInputError('a folder for this run already exists here; rebuild it with "soc2-evidence report FOLDER" or pick another --out', dir);
  mkdirSync(path.dirname(dir), { recursive: true });
  const scratch = mkdtempSync(path.join(tmpdir(), 'soc2-report-'));
  const cleanup = () => rmSync(scratch, { recursive: true, force: true });
  try {
    await store.fetchRun(runId, path.dirname(dir));
    await (store as S3RunStore).fetchPreviousRun(runId, scratch);
    return { dir, previousRunsDir: scratch, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}
