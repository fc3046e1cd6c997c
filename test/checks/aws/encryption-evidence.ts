// Literal evidence builders for the encryption checks' table tests.
import type { Collected, CollectionError, EvidenceRef, FindingDraft } from '../../../src/core/types.js';
import type { AwsAccountEvidence, AwsRegionEvidence } from '../../../src/evidence/aws/index.js';
import type { Evidence } from '../../../src/evidence/index.js';
import type { AnyCheck } from '../../../src/checks/types.js';

export const ACCT = '123456789012';
export const NOW = new Date('2026-11-26T12:00:00Z');

export const ref = (operation: string): EvidenceRef => ({
  file: `evidence/${operation}.json`,
  sha256: operation,
  source: 'aws',
  operation,
  collectedAt: NOW.toISOString(),
});
export const ok = <T>(value: T, operation = 'op'): Collected<T> => ({ ok: true, value, refs: [ref(operation)] });
export const denied = (action: string): Collected<never> => ({
  ok: false,
  error: { kind: 'access_denied', message: `Access denied to ${action}`, missingPermission: action } satisfies CollectionError,
  refs: [],
});
export const broken = (message = 'HTTP 500 after 10 attempts'): Collected<never> => ({ ok: false, error: { kind: 'unreachable', message }, refs: [] });

export function account(patch: Partial<AwsAccountEvidence> = {}): AwsAccountEvidence {
  return {
    accountId: ACCT,
    access: ok({ principalArn: `arn:aws:iam::${ACCT}:role/audit`, via: 'assume-role' as const }),
    regions: ok(['eu-west-1']),
    iam: {},
    regional: [],
    ...patch,
  };
}

export const evidenceOf = (...accounts: AwsAccountEvidence[]): Evidence => ({ aws: { accounts } });

export function regional(region: string, patch: Omit<AwsRegionEvidence, 'region'>): AwsRegionEvidence {
  return { region, ...patch };
}

export function evaluate(check: AnyCheck, evidence: Evidence, params: Record<string, unknown> = {}): FindingDraft[] {
  const parsed = check.params ? check.params.parse(params) : {};
  return check.evaluate(evidence, { now: NOW, period: { start: '2026-07-01', end: '2026-09-30' }, params: parsed });
}

/** `resource id → status` for compact assertions. */
export const statuses = (findings: FindingDraft[]) => Object.fromEntries(findings.map((f) => [f.resource.id, f.status]));

export const byId = (checks: readonly AnyCheck[], id: string): AnyCheck => {
  const c = checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};
