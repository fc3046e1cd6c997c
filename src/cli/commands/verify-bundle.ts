// `verify FILE.zip`: the export bundle's manifest and every run's manifest inside it.
import type { VerifyResult } from '../../run/manifest.js';

function describe(label: string, r: VerifyResult): string[] {
  const bad = r.changed.length + r.added.length + r.removed.length;
  if (!bad) return [`${label}: intact (${r.matched} files match)`];
  return [
    `${label}: NOT intact — ${r.changed.length} changed, ${r.added.length} added, ${r.removed.length} removed (${r.matched} files match).`,
    ...r.changed.map((c) => `  changed  ${c.file}  (manifest ${c.expected}, now ${c.actual})`),
    ...r.added.map((f) => `  added    ${f}`),
    ...r.removed.map((f) => `  removed  ${f}`),
  ];
}

export async function verifyBundleCommand(file: string, json: boolean): Promise<number> {
  const { verifyBundle } = await import('../../export/verify.js');
  const result = await verifyBundle(file);
  if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    const lines = [
      `${file}: ${result.intact ? 'intact' : 'NOT intact'} — bundle-manifest.json and ${result.runs.length} run(s).`,
      ...describe('bundle-manifest.json', result.bundle),
      ...result.runs.flatMap((r) => describe(`run ${r.runId}`, r.result)),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return result.intact ? 0 : 1;
}
