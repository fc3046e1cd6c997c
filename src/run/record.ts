// What a stored run is: run.json + findings.json (+ evidence/, populations/). Reports read only this.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserInputError } from '../core/errors.js';
import { readFindingsFile } from './findings-file.js';
import type { AuditPeriod, ControlStatus, Finding, FindingStatus, SourceName, SourceOutcome } from '../core/types.js';

export interface ControlResult {
  id: string;
  title: string;
  statement: string;
  criteria: string[];
  status: ControlStatus;
  checks: string[];
  /** Checks of this control that did not run (source not configured, or not selected with --only). */
  checksOutOfScope: string[];
  manual: boolean;
  evidenceHint?: string;
  /** Manual controls: the documents asked for, and the files provided for this control. */
  documents?: { expected: string[]; provided: ManualEvidenceFile[] };
  findings: Record<FindingStatus, number>;
}

export interface ScopeAws {
  accounts: Array<{ id: string; name?: string }>;
  regions: string[];
  organization: boolean;
}

export interface RunScope {
  aws?: ScopeAws;
  github?: { org: string; apiUrl: string };
  idp?: { provider: string; host: string };
  /** Checks that ran; the others are listed with why not. */
  checks: string[];
  checksOutOfScope: Array<{ checkId: string; reason: string }>;
  /** Trust Services categories in scope (security always); absent in runs before the second round. */
  categories?: string[];
  /** Controls of the catalog outside the categories in scope. */
  controlsOutOfScope?: Array<{ controlId: string; reason: string }>;
}

export interface ManualEvidenceFile {
  /** Path inside the configured manual-evidence folder. */
  path: string;
  sha256: string;
  bytes: number;
  /** The control this document evidences (it sits in a sub-folder named after the control). */
  controlId?: string;
  /** Where the run keeps its copy, relative to the run folder. */
  copy?: string;
}

export interface RunJson {
  runId: string;
  tool: { name: 'soc2-evidence'; version: string };
  organization: string;
  period: AuditPeriod;
  startedAt: string;
  finishedAt: string;
  config: { file: string | null; sha256: string };
  scope: RunScope;
  sources: Partial<Record<SourceName, SourceOutcome>>;
  controls: ControlResult[];
  /** `resourceFound`: the run judged that check on that resource at all (false: a typo, or the resource is gone). */
  exceptions: Array<{
    check: string;
    resource: string;
    reason: string;
    approvedBy: string;
    expires: string;
    expired: boolean;
    matched: number;
    resourceFound?: boolean;
  }>;
  manualEvidence: ManualEvidenceFile[];
  populations: Array<{ name: string; file: string; title: string; rows: number }>;
  counts: {
    findings: Record<FindingStatus, number>;
    controls: Record<ControlStatus, number>;
    evidenceFiles: number;
  };
  /** The exit code `collect` returned for this run (0/1/3 per the SPEC). */
  exitCode: number;
  /** A shard run (`collect --shard K/N`): evidence only, judged by `merge`. */
  shard?: { k: number; n: number; configDigest: string };
}

export interface RunRecord {
  dir: string;
  run: RunJson;
  findings: Finding[];
}

export function readRun(dir: string): RunRecord {
  const read = (name: string) => {
    const file = path.join(dir, name);
    try {
      // findings.json of a large organisation may not fit in one string: read finding by finding.
      if (name === 'findings.json') return { findings: readFindingsFile(file) };
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UserInputError(code === 'ENOENT' ? 'not a run folder (file missing)' : `unreadable: ${(err as Error).message}`, file);
    }
  };
  const run = read('run.json') as RunJson;
  const { findings } = read('findings.json') as { findings: Finding[] };
  return { dir, run, findings };
}

/**
 * Warnings a person must see: an exception whose check ran but which names a resource the run never
 * judged does nothing (often a typo in an ARN).
 */
export function runWarnings(run: RunJson): string[] {
  const ran = new Set(run.scope.checks);
  return run.exceptions
    .filter((e) => e.resourceFound === false && ran.has(e.check))
    .map(
      (e) =>
        `The exception for ${e.check} names resource "${e.resource}", which this run did not judge: it ` +
        'accepts nothing. Check the resource id for a typo, or remove the exception if the resource is gone.',
    );
}
