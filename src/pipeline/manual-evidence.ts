// Manual evidence: documents the user places in the config's manual-evidence folder. Files under
// `<CONTROL-ID>/` belong to that control and are copied into the run (so a run or an export is
// self-contained); every file is hashed. Links and dotfiles are skipped.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { sha256File } from '../run/manifest.js';
import type { ManualEvidenceFile } from '../run/record.js';

/** Folder of the run that receives the per-control documents. */
export const MANUAL_EVIDENCE_DIR = 'manual-evidence';

/**
 * Every file of `dir`, hashed. With `runDir`, the files of a sub-folder named after a control in
 * `controlIds` are tied to it and copied to `manual-evidence/<CONTROL-ID>/…` of the run.
 */
export function indexManualEvidence(dir: string, runDir?: string, controlIds: readonly string[] = []): ManualEvidenceFile[] {
  if (!existsSync(dir)) return [];
  const controls = new Set(controlIds);
  const out: ManualEvidenceFile[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, child);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) {
        const file: ManualEvidenceFile = { path: child, sha256: sha256File(full), bytes: statSync(full).size };
        const controlId = child.split('/')[0]!;
        if (child.includes('/') && controls.has(controlId)) {
          file.controlId = controlId;
          if (runDir) {
            file.copy = `${MANUAL_EVIDENCE_DIR}/${child}`;
            mkdirSync(path.dirname(path.join(runDir, file.copy)), { recursive: true });
            copyFileSync(full, path.join(runDir, file.copy));
          }
        }
        out.push(file);
      }
    }
  };
  walk('');
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
