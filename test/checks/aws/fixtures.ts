// Literal AWS evidence for the pure check tests.
import type { AnyCheck } from '../../../src/checks/types.js';
import { collected, failed, type CollectionError, type EvidenceRef, type FindingDraft } from '../../../src/core/types.js';
import type { Evidence } from '../../../src/evidence/index.js';
import type { AwsAccountEvidence } from '../../../src/evidence/aws/index.js';
import type { CredentialReportRow } from '../../../src/evidence/aws/iam.js';

export const NOW = new Date('2026-11-26T12:00:00Z');
export const ref = (operation: string): EvidenceRef => ({
  file: `evidence/${operation}.json`,
  sha256: '0'.repeat(64),
  source: 'aws',
  operation,
  collectedAt: NOW.toISOString(),
});
export const denied = (action: string): CollectionError => ({
  kind: 'access_denied',
  message: `Access denied to ${action} (AccessDenied)`,
  missingPermission: action,
});

export function account(id: string, patch: Partial<AwsAccountEvidence> = {}): AwsAccountEvidence {
  return {
    accountId: id,
    access: collected({ principalArn: `arn:aws:sts::${id}:assumed-role/r/s`, via: 'assume-role' }),
    regions: collected(['eu-west-1', 'us-east-1']),
    iam: {},
    regional: [{ region: 'eu-west-1' }, { region: 'us-east-1' }],
    ...patch,
  };
}

export const unreachable = (id: string): AwsAccountEvidence =>
  account(id, {
    access: failed({
      kind: 'access_denied',
      message: `could not assume arn:aws:iam::${id}:role/r`,
      missingPermission: `sts:AssumeRole on arn:aws:iam::${id}:role/r`,
    }),
    regions: failed({ kind: 'other', message: 'x' }),
    regional: [],
  });

export const evidenceOf = (...accounts: AwsAccountEvidence[]): Evidence => ({ aws: { accounts } });

const DAY = 86_400_000;
export const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY).toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** A credential-report row with everything off; override what the case needs. */
export function row(user: string, patch: Partial<CredentialReportRow> = {}, accountId = '111111111111'): CredentialReportRow {
  return {
    user,
    arn: user === '<root_account>' ? `arn:aws:iam::${accountId}:root` : `arn:aws:iam::${accountId}:user/${user}`,
    user_creation_time: daysAgo(400),
    password_enabled: user === '<root_account>' ? 'not_supported' : 'false',
    password_last_used: 'N/A',
    password_last_changed: 'N/A',
    password_next_rotation: 'N/A',
    mfa_active: 'false',
    access_key_1_active: 'false',
    access_key_1_last_rotated: 'N/A',
    access_key_1_last_used_date: 'N/A',
    access_key_2_active: 'false',
    access_key_2_last_rotated: 'N/A',
    access_key_2_last_used_date: 'N/A',
    ...patch,
  };
}

export function run(check: AnyCheck, evidence: Evidence, params: Record<string, unknown> = {}): FindingDraft[] {
  return check.evaluate(evidence, { now: NOW, period: { start: '2026-07-01', end: '2026-09-30' }, params: check.params ? check.params.parse(params) : {} });
}

export const byId = (findings: FindingDraft[]) => new Map(findings.map((f) => [f.resource.id, f]));
export const find = (checks: readonly AnyCheck[], id: string): AnyCheck => checks.find((c) => c.id === id)!;
