// A check is small: its id, the evidence it needs, its metadata, and a pure `evaluate`.
// Checks import no SDK and do no I/O (a test enforces this).
import type { z } from 'zod';
import type { AuditPeriod, FindingDraft, Severity, SourceName } from '../core/types.js';

/** `access`: a cross-source check (people reconciliation) that reads the evidence of every source in `sources`. */
export type CheckSource = SourceName | 'access';
import type { Evidence } from '../evidence/index.js';

export interface Remediation {
  /** One sentence: what to change. */
  summary: string;
  console?: string;
  cli?: string;
  terraform?: string;
}

export interface CheckContext<P> {
  /** The run's reference time; "90 days ago" is computed from this, never from the clock. */
  now: Date;
  period: AuditPeriod;
  /** The check's parameters: defaults merged with `checks.<id>` from the config. */
  params: P;
}

export interface CheckDefinition<P = Record<string, never>> {
  /** Stable id from the SPEC's catalog. Never renamed. */
  id: string;
  title: string;
  source: CheckSource;
  /**
   * Cross-source checks (`source: 'access'`): every source whose evidence the check reads. The check is out
   * of scope unless all of them are configured, and each need goes to the source its key names (`github.…`).
   */
  sources?: readonly SourceName[];
  severity: Severity;
  /** What the check judges, in the auditor's words ("IAM users with a console password"). */
  judges: string;
  resourceType: string;
  /**
   * Evidence keys this check reads (e.g. `aws.iam.credentialReport`). The planner collects the union of
   * the selected checks' needs, so an unselected check costs no API call.
   */
  needs: readonly string[];
  /** Tunable thresholds, with defaults (zod schema). Omit for checks without parameters. */
  params?: z.ZodType<P>;
  remediation: Remediation;
  evaluate(evidence: Evidence, ctx: CheckContext<P>): FindingDraft[];
}

// Checks are stored heterogeneously; `params` are validated before evaluate is called.
export type AnyCheck = CheckDefinition<unknown>;

/** Identity helper that keeps the parameter type of one check precise. */
export function defineCheck<P = Record<string, never>>(check: CheckDefinition<P>): CheckDefinition<P> {
  return check;
}

/** The sources a check reads: its own, or for a cross-source check the ones it lists. */
export function sourcesOf(check: Pick<AnyCheck, 'source' | 'sources'>): SourceName[] {
  return check.source === 'access' ? [...(check.sources ?? [])] : [check.source];
}

/** The source that provides an evidence key: the key's first segment (`idp.users` → idp), else the check's own. */
export function sourceOfNeed(check: Pick<AnyCheck, 'source' | 'sources'>, need: string): SourceName {
  const sources = sourcesOf(check);
  return sources.find((s) => need.startsWith(`${s}.`)) ?? sources[0]!;
}
