import { writeFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { RunRecord } from '../../run/record.js';
import type { ReportOptions } from '../index.js';

/** Placeholder pack: cover and summary only (the full pack is being built). */
export async function writeEvidencePack(record: RunRecord, _options: ReportOptions): Promise<void> {
  const { run } = record;
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `SOC 2 evidence pack — ${run.organization}`, CreationDate: new Date(run.startedAt) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.fontSize(22).text(`SOC 2 evidence pack`).moveDown();
  doc.fontSize(14).text(run.organization).moveDown();
  doc.fontSize(11).text(`Audit period: ${run.period.start} to ${run.period.end}`);
  doc.text(`Run: ${run.runId}`);
  for (const c of run.controls) doc.text(`${c.id} ${c.title}: ${c.status}`);
  doc.end();
  await done;
  writeFileSync(path.join(record.dir, 'evidence-pack.pdf'), Buffer.concat(chunks));
}
