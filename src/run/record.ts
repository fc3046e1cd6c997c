// What a stored run is: run.json + findings.json (+ evidence/, populations/). Reports read only this.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserInputError } from '../core/errors.js';
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
}

export interface ManualEvidenceFile {
  path: string;
  sha256: string;
  bytes: number;
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
  exceptions: Array<{ check: string; resource: string; reason: string; approvedBy: string; expires: string; expired: boolean; matched: number }>;
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
