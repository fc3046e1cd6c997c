// Shared by the report tests: a synthetic run with its reports and manifest written, and PDF text.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { writeReports } from '../../src/reports/index.js';
import { buildManifest, MANIFEST_FILE } from '../../src/run/manifest.js';
import { readRun, type RunRecord } from '../../src/run/record.js';
import { writeSyntheticRun, type SyntheticOptions } from '../helpers/synthetic-run.js';

export function tempDir(prefix = 'soc2-reports-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A synthetic run folder as `collect` leaves it: run.json, findings.json, evidence, reports, manifest. */
export async function completeRun(outDir: string, options: SyntheticOptions): Promise<RunRecord> {
  const synthetic = await writeSyntheticRun(outDir, options);
  const record = readRun(synthetic.dir);
  await writeReports(record, { previousRunsDir: outDir });
  writeFileSync(path.join(record.dir, MANIFEST_FILE), `${JSON.stringify(buildManifest(record.dir, record.run.runId), null, 2)}\n`);
  return record;
}

export interface PdfText {
  pages: number;
  text: string;
  /** The text with every whitespace removed: wrapped ids and hashes compare whole. */
  compact: string;
  outline: string[];
}

export async function pdfText(file: string): Promise<PdfText> {
  const pdf = await getDocumentProxy(new Uint8Array(readFileSync(file)));
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  const outline: string[] = [];
  const walk = (items: Array<{ title: string; items: unknown[] }> | null) => {
    for (const item of items ?? []) {
      outline.push(item.title);
      walk(item.items as Array<{ title: string; items: unknown[] }>);
    }
  };
  walk((await pdf.getOutline()) as Array<{ title: string; items: unknown[] }> | null);
  return { pages: totalPages, text, compact: text.replace(/\s+/g, ''), outline };
}

export const compact = (s: string): string => s.replace(/\s+/g, '');
