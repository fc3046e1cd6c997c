// Shared shapes for IdP checks: the tenant and user resources, and `error` findings for failed reads.
// Pure: no I/O.
import type { Collected, EvidenceRef, FindingDraft, Resource } from '../../core/types.js';
import type { IdpEvidence, IdpFactor, IdpUser } from '../../evidence/idp.js';
import { errorFinding } from '../findings.js';

export const tenantResource = (idp: IdpEvidence): Resource => ({ type: 'idp.tenant', id: idp.tenant });

export const userResource = (user: IdpUser): Resource => ({
  type: 'idp.user',
  id: user.login,
  ...(user.name ? { name: user.name } : {}),
});

/** The collected value, or an `error` finding on the tenant (never a pass). */
export function tenantValueOr<T>(idp: IdpEvidence, c: Collected<T>, what: string, out: FindingDraft[]): { value: T; refs: EvidenceRef[] } | undefined {
  if (c.ok) return { value: c.value, refs: c.refs };
  out.push(errorFinding(tenantResource(idp), c.error, what, c.refs));
  return undefined;
}

export { errorFinding };

/** Factors that count as enrolled: active, and not a password. */
export const activeFactors = (factors: IdpFactor[]): IdpFactor[] => factors.filter((f) => f.state === 'active' && f.type !== 'password');

export const describeFactor = (f: IdpFactor): string => `${f.type} (${f.kind}${f.state === 'active' ? '' : `, ${f.status}`})`;

/** Whole days between an ISO time and `now` (floor). */
export function daysSince(iso: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000);
}

/** A not_applicable finding for a user the check does not judge (suspended, deprovisioned…). */
export function notJudged(user: IdpUser, why: string): FindingDraft {
  return {
    status: 'not_applicable',
    resource: userResource(user),
    message: `${user.login} is ${user.status === 'guest' ? 'a guest account' : user.status} (${user.vendorStatus}): ${why}`,
    evidence: user.refs,
    details: { status: user.vendorStatus },
  };
}

/** "the Okta MFA Usage report …" at the start of a sentence. */
export const sentence = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
