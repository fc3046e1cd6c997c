// Finding shapes every check family uses: a failed or missing read becomes an `error`, never a pass.
import { asSentence, type Collected, type CollectionError, type EvidenceRef, type FindingDraft, type Resource } from '../core/types.js';

/** An `error` finding for a read that failed (or was never made), naming what is missing. */
export function errorFinding(resource: Resource, error: CollectionError | undefined, what: string, refs: EvidenceRef[] = []): FindingDraft {
  const reason = error ? error.message : 'the evidence was not collected';
  return {
    status: 'error',
    resource,
    message: asSentence(`Could not verify ${what}: ${reason}`),
    evidence: refs,
    ...(error?.missingPermission ? { missing: error.missingPermission } : {}),
  };
}

/** The collected value with its refs (plus `extraRefs`), or an error finding pushed to `out`. */
export function valueOr<T>(
  c: Collected<T> | undefined,
  resource: Resource,
  what: string,
  out: FindingDraft[],
  extraRefs: EvidenceRef[] = [],
): { value: T; refs: EvidenceRef[] } | undefined {
  if (!c) {
    out.push(errorFinding(resource, undefined, what, extraRefs));
    return undefined;
  }
  if (!c.ok) {
    out.push(errorFinding(resource, c.error, what, [...extraRefs, ...c.refs]));
    return undefined;
  }
  return { value: c.value, refs: [...extraRefs, ...c.refs] };
}
