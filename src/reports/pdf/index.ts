// evidence-pack.pdf: the auditor-facing pack, built from run.json, findings.json and the evidence
// files only. Same run in, same bytes out (fixed dates, stable order, no clock, no randomness).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunRecord } from '../../run/record.js';
import type { SignerIdentity } from '../../run/signing.js';
import type { RebuildRecord } from '../../run/rebuild.js';
import type { RunChanges } from '../diff.js';
import { compareRuns } from '../diff.js';
import { appendices } from './appendices.js';
import { controlSections } from './controls.js';
import { cover, summary, whatChanged } from './front.js';
import { PackLayout } from './layout.js';
import { peopleSection } from './people.js';

export const PACK_FILE = 'evidence-pack.pdf';

export interface PackStats {
  pages: number;
  bytes: number;
}

export async function buildEvidencePack(
  record: RunRecord,
  changes: RunChanges,
  signing?: SignerIdentity,
  rebuilds: RebuildRecord[] = [],
): Promise<{ pdf: Buffer; pages: number }> {
  const { run } = record;
  const layout = new PackLayout({
    title: `SOC 2 evidence pack — ${run.organization} — ${run.period.start} to ${run.period.end}`,
    author: run.organization,
    subject: `soc2-evidence run ${run.runId}`,
    date: new Date(run.finishedAt),
  });
  cover(layout, record, signing, rebuilds);
  layout.addPage();
  summary(layout, record);
  whatChanged(layout, changes);
  peopleSection(layout, record);
  const passesInAppendix = controlSections(layout, record);
  appendices(layout, record, passesInAppendix);
  layout.finishPages(
    `SOC 2 evidence pack · ${run.organization} · ${run.period.start} to ${run.period.end}`,
    `Run ${run.runId} · soc2-evidence ${run.tool.version} · check: soc2-evidence verify <folder>/${run.runId}`,
  );
  const pages = layout.pageCount();
  return { pdf: await layout.end(), pages };
}

export async function writeEvidencePack(
  record: RunRecord,
  changes: RunChanges = compareRuns(record, null),
  signing?: SignerIdentity,
  rebuilds: RebuildRecord[] = [],
): Promise<PackStats> {
  const { pdf, pages } = await buildEvidencePack(record, changes, signing, rebuilds);
  writeFileSync(path.join(record.dir, PACK_FILE), pdf);
  return { pages, bytes: pdf.length };
}
