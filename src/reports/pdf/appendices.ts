// Appendices: passing resources of large controls, populations to sample from, the exceptions register,
// the manual-evidence index, and the manifest (always last).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { fileInRun, listRunFiles, MANIFEST_FILE, sha256File } from '../../run/manifest.js';
import type { RunRecord } from '../../run/record.js';
import type { PassGroup } from './controls.js';
import { shortHash } from './controls.js';
import { FINDING_LABEL, num } from './front.js';
import { textWidth } from './fonts.js';
import { COLORS, type Column, type PackLayout } from './layout.js';

/** Rows of one population printed in the pack; the CSV (hashed in the manifest) always has them all. */
export const POPULATION_ROWS_IN_PACK = 1000;
const PACK_FILE = 'evidence-pack.pdf';

function passesAppendix(layout: PackLayout, groups: PassGroup[], parent: PDFKit.PDFOutline): void {
  if (groups.length === 0) return;
  layout.addPage();
  const item = layout.heading('Appendix — Passing and not-applicable resources', 1, { parent })!;
  layout.paragraph(
    'Controls with more than 25 passing or not-applicable findings list them here rather than ' +
      'in their section. Every row is also in findings.json with its full message and evidence.',
    { size: 8.5, color: COLORS.muted },
  );
  for (const group of groups) {
    layout.heading(`${group.title} (${num(group.findings.length)})`, 3, { parent: item });
    layout.table(
      [
        { header: 'Resource', width: 250, maxLines: 2 },
        { header: 'Check', width: 130, maxLines: 2 },
        { header: 'Status', width: 55, maxLines: 1 },
        { header: 'Evidence', width: layout.width - 435, maxLines: 2 },
      ],
      group.findings.map((f) => [
        { text: f.resource.name && f.resource.name !== f.resource.id ? `${f.resource.id} (${f.resource.name})` : f.resource.id },
        { text: f.checkId },
        { text: FINDING_LABEL[f.status], color: COLORS[f.status] },
        { text: f.evidence.map((e) => shortHash(e.sha256)).join(', ') || '—' },
      ]),
      { size: 6.5 },
    );
  }
}

function populationsAppendix(layout: PackLayout, record: RunRecord, parent: PDFKit.PDFOutline): void {
  layout.addPage();
  const item = layout.heading('Appendix — Populations', 1, { parent })!;
  const { populations } = record.run;
  if (populations.length === 0) {
    layout.paragraph(
      'This run collected no populations (IAM users, IdP users, repositories, merged pull requests): their sources were out of scope or could not be read.',
      { color: COLORS.muted },
    );
    return;
  }
  layout.paragraph('The complete lists an auditor samples from. Each is the CSV file named below, whose SHA-256 is in the manifest.', {
    size: 8.5,
    color: COLORS.muted,
  });
  for (const population of populations) {
    layout.heading(`${population.title} (${num(population.rows)} rows)`, 2, { parent: item });
    // run.json names the file: only a regular file inside the run folder is read (never ../ or a symlink out).
    const file = fileInRun(record.dir, population.file);
    if (!file) {
      layout.paragraph(
        `${population.file} is missing from the run folder` +
          `${existsSync(path.join(record.dir, String(population.file))) ? ' (it points outside the run folder, and is not read)' : ''}.`,
        { color: COLORS.fail },
      );
      continue;
    }
    layout.paragraph(`File ${population.file} · SHA-256 ${sha256File(file)}`, { size: 8 });
    const rows = parse(readFileSync(file), { relax_column_count: true }) as string[][];
    const [header = [], ...data] = rows;
    const shown = data.slice(0, POPULATION_ROWS_IN_PACK);
    if (data.length > shown.length)
      layout.paragraph(`The first ${num(shown.length)} of ${num(data.length)} rows are printed here; the CSV file has them all.`, {
        size: 8,
        color: COLORS.muted,
      });
    const weights = header.map((_h, i) => Math.min(40, Math.max(9, ...shown.slice(0, 200).map((r) => (r[i] ?? '').length), (header[i] ?? '').length)));
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    const columns: Column[] = header.map((h, i) => ({ header: h, width: (layout.width * weights[i]!) / total, maxLines: 3 }));
    layout.table(
      columns,
      shown.map((r) => header.map((_h, i) => ({ text: r[i] ?? '' }))),
      { size: 6.5 },
    );
  }
}

function exceptionsAppendix(layout: PackLayout, record: RunRecord, parent: PDFKit.PDFOutline): void {
  layout.addPage();
  layout.heading('Appendix — Exceptions register', 1, { parent });
  const { exceptions } = record.run;
  if (exceptions.length === 0) {
    layout.paragraph('No exceptions are configured: no failing finding was accepted.', { color: COLORS.muted });
  } else {
    layout.paragraph(
      'Exceptions from the configuration. A current exception turns a matching failing ' +
        'finding into “accepted” (never a pass); an expired one leaves it failing.',
      { size: 8.5, color: COLORS.muted },
    );
    layout.table(
      [
        { header: 'Check and resource', width: 170, maxLines: 5 },
        { header: 'Reason', width: 150, maxLines: 6 },
        { header: 'Approved by', width: 70, maxLines: 3 },
        { header: 'Expires', width: 55 },
        { header: 'State', width: layout.width - 445, maxLines: 5 },
      ],
      exceptions.map((e) => [
        { text: `${e.check}\n${e.resource}` },
        { text: e.reason },
        { text: e.approvedBy },
        { text: e.expires },
        e.resourceFound === false
          ? { text: `${e.expired ? 'EXPIRED' : 'current'}; NO SUCH RESOURCE in this run`, color: COLORS.error, bold: true }
          : { text: `${e.expired ? 'EXPIRED' : 'current'}; matched ${num(e.matched)}`, color: e.expired ? COLORS.fail : COLORS.accepted, bold: true },
      ]),
      { size: 7.5 },
    );
  }
}

function manualAppendix(layout: PackLayout, record: RunRecord, parent: PDFKit.PDFOutline): void {
  layout.heading('Appendix — Manual evidence index', 1, { parent });
  const manualControls = record.run.controls.filter((c) => c.manual);
  if (manualControls.length) {
    layout.paragraph(`Manual controls: ${manualControls.map((c) => `${c.id} ${c.title}`).join('; ')}.`, { size: 8.5 });
  }
  const files = record.run.manualEvidence;
  if (files.length === 0) {
    layout.paragraph('No files were placed in the manual evidence folder for this run.', { color: COLORS.muted });
    return;
  }
  layout.paragraph('Documents placed in the manual evidence folder when the run was made, each with its SHA-256 at that time.', {
    size: 8.5,
    color: COLORS.muted,
  });
  layout.table(
    [
      { header: 'File', width: 190, maxLines: 3 },
      { header: 'Bytes', width: 50 },
      { header: 'SHA-256', width: layout.width - 240, maxLines: 2 },
    ],
    files.map((f) => [{ text: f.path }, { text: num(f.bytes) }, { text: f.sha256 }]),
    { size: 6.5 },
  );
}

function manifestAppendix(layout: PackLayout, record: RunRecord, parent: PDFKit.PDFOutline): void {
  layout.addPage();
  layout.heading('Appendix — Manifest: every file and its SHA-256', 1, { parent });
  const files = listRunFiles(record.dir).filter((f) => f !== PACK_FILE && f !== MANIFEST_FILE);
  layout.paragraph(
    `Every file of run folder ${record.run.runId}/ when this pack was written, with ` +
      `its SHA-256 (${num(files.length)} files). A file cannot contain its own hash: ` +
      `evidence-pack.pdf (this document) and manifest.json are not listed here; manifest.json lists every file including this pack. ` +
      `To check the whole folder: soc2-evidence verify ${record.run.runId} — it recomputes every hash ` +
      'in manifest.json and names any file added, removed or changed (exit 0 = intact, 1 = changed). ' +
      `Without the tool: sha256sum each file and compare. Evidence files are named by their own SHA-256.`,
    { size: 8.5 },
  );
  const rows = files.map((f) => [f, sha256File(path.join(record.dir, f))] as const);
  // Size the hash column to the widest hash so every hash stays on one line; file names take the rest.
  const size = 5.8;
  const hashWidth = Math.max(...rows.map(([, sha]) => textWidth(sha, size))) / 0.98 + 8;
  layout.table(
    [
      { header: 'File', width: layout.width - hashWidth, maxLines: 3 },
      { header: 'SHA-256', width: hashWidth, maxLines: 2 },
    ],
    rows.map(([file, sha]) => [{ text: file }, { text: sha }]),
    { size },
  );
}

export function appendices(layout: PackLayout, record: RunRecord, passGroups: PassGroup[]): void {
  const parent = layout.outline('Appendices');
  passesAppendix(layout, passGroups, parent);
  populationsAppendix(layout, record, parent);
  exceptionsAppendix(layout, record, parent);
  layout.y += 10;
  manualAppendix(layout, record, parent);
  manifestAppendix(layout, record, parent);
}
