// The product's shared vocabulary: findings, statuses, evidence references.
// Every layer (collectors, checks, reports) speaks in these types.

export const FINDING_STATUSES = ['pass', 'fail', 'error', 'not_applicable', 'accepted'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `out_of_scope`: none of the control's checks ran (source not configured or not selected). */
export const CONTROL_STATUSES = ['met', 'gap', 'not_verified', 'manual', 'out_of_scope'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export type SourceName = 'aws' | 'github' | 'idp';
export const SOURCES: readonly SourceName[] = ['aws', 'github', 'idp'];

export interface Resource {
  type: string;
  id: string;
  name?: string;
  account?: string;
  region?: string;
}

/** Points at one stored raw API response in the run's `evidence/` folder. */
export interface EvidenceRef {
  /** Path relative to the run folder, e.g. `evidence/3f…e1.json`. */
  file: string;
  sha256: string;
  source: SourceName;
  /** `service:Operation` as the vendor names it, e.g. `iam:GetCredentialReport`, `GET /orgs/{org}`. */
  operation: string;
  collectedAt: string;
}

export interface AcceptedException {
  reason: string;
  approvedBy: string;
  expires: string;
}

export interface Finding {
  checkId: string;
  controlIds: string[];
  status: FindingStatus;
  severity: Severity;
  resource: Resource;
  message: string;
  evidence: EvidenceRef[];
  /** Observed values the verdict rests on (e.g. `{ mfaActive: false }`), for the gap list and the pack. */
  details?: Record<string, string | number | boolean | null | string[]>;
  /** Present when an exception from the config applied (status `accepted`) or had expired (status stays `fail`). */
  exception?: AcceptedException & { expired: boolean };
  /** For `error` findings: the permission or input that was missing. */
  missing?: string;
}

/** What a check returns; the pipeline adds checkId, severity (unless overridden) and controlIds. */
export type FindingDraft = Omit<Finding, 'checkId' | 'controlIds' | 'severity' | 'exception'> & {
  severity?: Severity;
};

/** Why a read failed. `access_denied` carries the missing permission. */
export interface CollectionError {
  kind: 'access_denied' | 'unreachable' | 'throttled' | 'not_found' | 'invalid_response' | 'auth' | 'other';
  message: string;
  /** The IAM action / OAuth scope / role that would have allowed the read, e.g. `iam:GetCredentialReport`. */
  missingPermission?: string;
  operation?: string;
}

/** A piece of collected evidence: either the value, or why it could not be read. Never both. */
export type Collected<T> = { ok: true; value: T; refs: EvidenceRef[] } | { ok: false; error: CollectionError; refs: EvidenceRef[] };

export function collected<T>(value: T, refs: EvidenceRef[] = []): Collected<T> {
  return { ok: true, value, refs };
}

export function failed<T = never>(error: CollectionError, refs: EvidenceRef[] = []): Collected<T> {
  return { ok: false, error, refs };
}

/** Per-source outcome recorded in run.json. */
export interface SourceOutcome {
  source: SourceName;
  status: 'ok' | 'partial' | 'failed' | 'out_of_scope';
  reason?: string;
  missingPermissions: string[];
  /** Requests made, by service/operation family (for rate-limit and benchmark reporting). */
  requests: Record<string, number>;
  /** Free-form, source-specific facts (GraphQL points spent, accounts reached…). */
  notes?: Record<string, string | number | boolean | string[]>;
}

export interface AuditPeriod {
  start: string; // YYYY-MM-DD, inclusive, UTC
  end: string; // YYYY-MM-DD, inclusive, UTC
}

/** A clause as the end of a sentence: one final period, never two ("…denied." + "." → "…denied."). */
export function asSentence(text: string): string {
  const trimmed = text.trim().replace(/[.\s]+$/, '');
  return /[!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
