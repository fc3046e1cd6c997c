// Shared shapes for AWS checks: walking accounts and regions, and turning failed reads into `error`
// findings that name the missing permission. Pure: no SDK, no I/O.
import type { Collected, CollectionError, EvidenceRef, FindingDraft, Resource } from '../../core/types.js';
import type { Evidence } from '../../evidence/index.js';
import { errorFinding } from '../findings.js';

export { errorFinding, valueOr } from '../findings.js';
import type { AwsAccountEvidence, AwsRegionEvidence } from '../../evidence/aws/index.js';

export const accountResource = (account: AwsAccountEvidence, type = 'aws.account'): Resource => ({
  type,
  id: account.accountId,
  account: account.accountId,
  ...(account.name ? { name: account.name } : {}),
});

export const rootResource = (account: AwsAccountEvidence): Resource => ({
  type: 'aws.iam.root',
  id: `arn:aws:iam::${account.accountId}:root`,
  name: 'root user',
  account: account.accountId,
});

export const regionResource = (account: AwsAccountEvidence, region: string): Resource => ({
  type: 'aws.region',
  id: `${account.accountId}/${region}`,
  account: account.accountId,
  region,
});

/**
 * Calls `judge` for every account the tool entered. Accounts it could not enter (and a failed
 * Organizations discovery) become `error` findings on `resourceFor(account)`.
 */
export function forEachAccount(
  evidence: Evidence,
  resourceFor: (account: AwsAccountEvidence) => Resource,
  what: string,
  judge: (account: AwsAccountEvidence, out: FindingDraft[]) => void,
): FindingDraft[] {
  const out: FindingDraft[] = [];
  const aws = evidence.aws;
  if (!aws) return out;
  if (aws.discovery && !aws.discovery.ok) {
    out.push(
      errorFinding(
        { type: 'aws.organization', id: 'organization' },
        aws.discovery.error,
        `${what} in the organization's member accounts (accounts could not be listed)`,
        aws.discovery.refs,
      ),
    );
  }
  for (const account of aws.accounts) {
    if (!account.access.ok) {
      out.push(errorFinding(resourceFor(account), account.access.error, what, account.access.refs));
      continue;
    }
    judge(account, out);
  }
  return out;
}

/**
 * Calls `judge` for every region of every entered account. An account the tool could not enter
 * yields one `error` per region when its regions are known (configured), so region-level resource
 * ids stay `ACCT/REGION` as the SPEC says; otherwise one `error` on the account.
 */
export function forEachRegion(
  evidence: Evidence,
  what: string,
  judge: (account: AwsAccountEvidence, regional: AwsRegionEvidence, out: FindingDraft[]) => void,
): FindingDraft[] {
  const unreachable = (evidence.aws?.accounts ?? []).filter((a) => !a.access.ok && a.regions.ok);
  const reachable: Evidence = evidence.aws
    ? { ...evidence, aws: { ...evidence.aws, accounts: evidence.aws.accounts.filter((a) => !unreachable.includes(a)) } }
    : evidence;
  const out = forEachAccount(
    reachable,
    (a) => accountResource(a),
    what,
    (account, found) => {
      if (!account.regions.ok) {
        found.push(errorFinding(accountResource(account), account.regions.error, `${what} (regions could not be listed)`, account.regions.refs));
        return;
      }
      for (const regional of account.regional) judge(account, regional, found);
    },
  );
  for (const account of unreachable) {
    if (account.access.ok || !account.regions.ok) continue;
    for (const region of account.regions.value)
      out.push(errorFinding(regionResource(account, region), account.access.error, `${what} in ${region}`, account.access.refs));
  }
  return out;
}

/** Whole days between an ISO timestamp and `now` (floor). */
export function daysSince(iso: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000);
}

/** Undefined when every read is present and succeeded; else the first failure (undefined error = never collected) and the failed reads' refs. */
export function firstFailure(...reads: Array<Collected<unknown> | undefined>): { error: CollectionError | undefined; refs: EvidenceRef[] } | undefined {
  if (reads.every((r) => r?.ok === true)) return undefined;
  const failedReads = reads.filter((r): r is Extract<Collected<unknown>, { ok: false }> => r !== undefined && !r.ok);
  return { error: failedReads[0]?.error, refs: failedReads.flatMap((r) => r.refs) };
}
