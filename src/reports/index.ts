// Every report of a run, built from its findings and evidence only (no API calls).
import type { RunRecord } from '../run/record.js';
import { writeGaps } from './gaps.js';
import { writeEvidencePack } from './pdf/index.js';

export interface ReportOptions {
  /** Folder holding earlier runs (for month-over-month change); the run's own parent by default. */
  previousRunsDir?: string;
}

export async function writeReports(record: RunRecord, options: ReportOptions = {}): Promise<void> {
  writeGaps(record);
  await writeEvidencePack(record, options);
}
