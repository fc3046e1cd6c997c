import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { sha256File } from '../run/manifest.js';
import type { ManualEvidenceFile } from '../run/record.js';

/** Files the user placed in the manual-evidence folder (policies, training records), each hashed. */
export function indexManualEvidence(dir: string): ManualEvidenceFile[] {
  if (!existsSync(dir)) return [];
  const out: ManualEvidenceFile[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, child);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push({ path: child, sha256: sha256File(full), bytes: statSync(full).size });
    }
  };
  walk('');
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
