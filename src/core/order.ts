// The product's orderings, shared by the pipeline and every report: worst first.
import type { Finding, FindingStatus, Severity } from './types.js';

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
const STATUS_RANK: Partial<Record<FindingStatus, number>> = { fail: 0, error: 1 };

/** Worst first: severity, then control, then fails before errors, then check and resource. */
export function worstFirst(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.controlIds[0] ?? '~').localeCompare(b.controlIds[0] ?? '~') ||
    (STATUS_RANK[a.status] ?? 9) - (STATUS_RANK[b.status] ?? 9) ||
    a.checkId.localeCompare(b.checkId) ||
    a.resource.id.localeCompare(b.resource.id)
  );
}
