// From findings to control status, and exceptions applied. Pure.
import type { Catalog } from '../catalog/load.js';
import type { ExceptionConfig } from '../config/schema.js';
import { CONTROL_STATUSES, FINDING_STATUSES, type ControlStatus, type Finding, type FindingStatus } from '../core/types.js';
import type { ControlResult, ManualEvidenceFile, RunJson } from '../run/record.js';

export function emptyCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/**
 * A failing finding whose check and resource match an exception becomes `accepted` until the exception
 * expires (the expiry day included); after that it stays `fail` and says the exception expired.
 */
export function applyExceptions(findings: Finding[], exceptions: ExceptionConfig[], today: string): RunJson['exceptions'] {
  return exceptions.map((exception) => {
    const expired = exception.expires < today;
    let matched = 0;
    let resourceFound = false;
    for (const finding of findings) {
      if (finding.checkId !== exception.check || finding.resource.id !== exception.resource) continue;
      resourceFound = true;
      if (finding.status !== 'fail') continue;
      matched++;
      const { check: _c, resource: _r, ...terms } = exception;
      finding.exception = { ...terms, expired };
      if (expired) finding.message += ` (exception approved by ${exception.approvedBy} expired on ${exception.expires})`;
      else finding.status = 'accepted';
    }
    return { ...exception, expired, matched, resourceFound };
  });
}

export function controlResults(
  catalog: Catalog,
  findings: Finding[],
  ranChecks: ReadonlySet<string>,
  manualEvidence: readonly ManualEvidenceFile[] = [],
): ControlResult[] {
  const byCheck = new Map<string, Finding[]>();
  for (const f of findings) byCheck.set(f.checkId, [...(byCheck.get(f.checkId) ?? []), f]);

  return catalog.controls.map((control) => {
    const counts = emptyCounts(FINDING_STATUSES);
    for (const checkId of control.checks) for (const f of byCheck.get(checkId) ?? []) counts[f.status]++;
    const checksOutOfScope = control.checks.filter((c) => !ranChecks.has(c));
    return {
      id: control.id,
      title: control.title,
      statement: control.statement,
      criteria: control.criteria,
      status: controlStatus(control.manual, counts, control.checks.length, checksOutOfScope.length),
      checks: control.checks,
      checksOutOfScope,
      manual: control.manual,
      ...(control.evidence ? { evidenceHint: control.evidence } : {}),
      ...(control.manual ? { documents: { expected: control.documents, provided: manualEvidence.filter((m) => m.controlId === control.id) } } : {}),
      findings: counts,
    };
  });
}

/**
 * `met` only when every check of the control ran, nothing failed or errored, and at least one finding
 * passed: a control whose checks were partly out of scope is `not_verified`, never `met`, and so is one
 * resting only on not-applicable or accepted findings (an empty or future period proves nothing).
 */
export function controlStatus(manual: boolean, counts: Record<FindingStatus, number>, checks: number, outOfScope: number): ControlStatus {
  if (manual) return 'manual';
  if (counts.fail > 0) return 'gap';
  if (outOfScope === checks) return 'out_of_scope';
  if (counts.error > 0 || outOfScope > 0 || counts.pass === 0) return 'not_verified';
  return 'met';
}

export function countControls(controls: ControlResult[]): Record<ControlStatus, number> {
  const counts = emptyCounts(CONTROL_STATUSES);
  for (const c of controls) counts[c.status]++;
  return counts;
}

export function countFindings(findings: Finding[]): Record<FindingStatus, number> {
  const counts = emptyCounts(FINDING_STATUSES);
  for (const f of findings) counts[f.status]++;
  return counts;
}

/** SPEC exit codes: 1 gaps, 3 errors without gaps, 0 otherwise. */
export function exitCodeFor(counts: Record<FindingStatus, number>): 0 | 1 | 3 {
  if (counts.fail > 0) return 1;
  if (counts.error > 0) return 3;
  return 0;
}

// The orderings live in core (reports use them too); re-exported for the pipeline's callers.
export { worstFirst } from '../core/order.js';
