// Every report of a run, built from its findings and evidence only (no API calls). `collect` and
// `report` both call writeReports, so a rebuilt report is byte-identical to the original.
import type { RunRecord } from '../run/record.js';
import type { SignerIdentity } from '../run/signing.js';
import type { RebuildRecord } from '../run/rebuild.js';
import { changesFor, type FailOnPolicy, type RunChanges } from './diff.js';
import { writeGaps } from './gaps.js';
import { writeEvidencePack, type PackStats } from './pdf/index.js';

export interface ReportOptions {
  /** Folder holding earlier runs (for month-over-month change); the run's own parent by default. */
  previousRunsDir?: string;
  /** The key that will sign manifest.json once written (the pack says so on its cover); unsigned when absent. */
  signing?: SignerIdentity;
  /** Forced rebuilds of this run (report --force), shown on the pack's cover. */
  rebuilds?: RebuildRecord[];
  /** How the process's exit code is decided (--fail-on, the demo's rule); gaps.json states it and the code. Default: `any`. */
  failOn?: FailOnPolicy;
}

export interface ReportSummary {
  changes: RunChanges;
  pack: PackStats;
}

export async function writeReports(record: RunRecord, options: ReportOptions = {}): Promise<ReportSummary> {
  const changes = changesFor(record, options.previousRunsDir);
  // The gap files first: the pack's manifest appendix lists (and hashes) them.
  writeGaps(record, changes, undefined, options.failOn);
  const pack = await writeEvidencePack(record, changes, options.signing, options.rebuilds);
  return { changes, pack };
}
