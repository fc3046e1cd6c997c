// Which accounts to read, and entering each one: the config's list, Organizations discovery with
// `roleName`, or just the caller's own account.
import { DescribeRegionsCommand, type DescribeRegionsCommandOutput } from '@aws-sdk/client-ec2';
import { ListAccountsCommand, type ListAccountsCommandOutput } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, type AssumeRoleCommandOutput, type GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsConfig } from '../../config/schema.js';
import { collected, failed, type Collected, type EvidenceRef } from '../../core/types.js';
import type { AwsAccountAccess, AwsEvidence } from '../../evidence/aws/index.js';
import { allPages, attempt } from './collector.js';
import { AwsReadError, AwsSession, type AwsRunContext } from './session.js';

export interface AccountTarget {
  accountId: string;
  name?: string;
  /** Role to assume; absent = use the base credentials (the caller's own account). */
  roleArn?: string;
}

export interface CallerIdentity {
  accountId: string;
  arn: string;
}

export async function callerIdentity(base: AwsSession, region: string): Promise<Collected<CallerIdentity>> {
  return attempt(async () => {
    const { output, ref } = await base.send<GetCallerIdentityCommandOutput>('sts', region, new GetCallerIdentityCommand({}));
    return collected({ accountId: output.Account ?? '', arn: output.Arn ?? '' }, [ref]);
  });
}

const roleArnFor = (accountId: string, roleName: string) => `arn:aws:iam::${accountId}:role/${roleName}`;

/**
 * The accounts to judge. With `organization: true`, the organization's active accounts (discovered
 * with ListAccounts) plus any listed in `accounts`, whose entries override name and role; without
 * it, the listed accounts; with neither, the caller's own account.
 */
export async function planAccounts(
  config: AwsConfig,
  base: AwsSession,
  caller: CallerIdentity,
  region: string,
): Promise<{ targets: AccountTarget[]; discovery?: AwsEvidence['discovery']; skipped: string[] }> {
  const listed = (config.accounts ?? []).map((a) => target(config, caller, a.id, a.name, a.roleArn));
  if (!config.organization) return { targets: listed.length ? listed : [{ accountId: caller.accountId }], skipped: [] };

  const discovery = await attempt(async () => {
    const refs: EvidenceRef[] = [];
    const pages = await allPages(async (token) => {
      const { output, ref } = await base.send<ListAccountsCommandOutput>(
        'organizations',
        region,
        new ListAccountsCommand({ ...(token ? { NextToken: token } : {}) }),
      );
      refs.push(ref);
      return { page: output.Accounts ?? [], next: output.NextToken };
    });
    const accounts = pages.flat().map((a) => ({ id: a.Id ?? '', ...(a.Name ? { name: a.Name } : {}), ...(a.Status ? { status: a.Status } : {}) }));
    return collected({ accounts }, refs);
  });
  if (!discovery.ok) {
    // Judge what can be judged; the checks also report the failed discovery as an error.
    return { targets: listed.length ? listed : [{ accountId: caller.accountId }], discovery, skipped: [] };
  }
  const active = discovery.value.accounts.filter((a) => (a.status ?? 'ACTIVE') === 'ACTIVE');
  const skipped = discovery.value.accounts.filter((a) => !active.includes(a)).map((a) => `${a.id} (${a.status})`);
  const targets = active.map((a) => listed.find((l) => l.accountId === a.id) ?? target(config, caller, a.id, a.name));
  for (const l of listed) if (!targets.some((t) => t.accountId === l.accountId)) targets.push(l);
  return { discovery, skipped, targets };
}

function target(config: AwsConfig, caller: CallerIdentity, accountId: string, name?: string, roleArn?: string): AccountTarget {
  // The caller's own account is read with its own credentials unless a role is named for it.
  const role = roleArn ?? (accountId !== caller.accountId ? roleArnFor(accountId, config.roleName ?? DEFAULT_ROLE) : undefined);
  return { accountId, ...(name ? { name } : {}), ...(role ? { roleArn: role } : {}) };
}

/**
 * The read-only audit role entered in member accounts when `roleName` is not set: the one the shipped
 * policy (policy/iam-policy.json) allows `sts:AssumeRole` on. Never the Organizations admin role.
 */
export const DEFAULT_ROLE = 'soc2-evidence-readonly';

/** Enter an account: AssumeRole when a role is named, else check the base credentials belong to it. */
export async function enterAccount(
  run: AwsRunContext,
  base: AwsSession,
  caller: CallerIdentity,
  target: AccountTarget,
  region: string,
): Promise<{ access: Collected<AwsAccountAccess>; session?: AwsSession }> {
  if (!target.roleArn) {
    if (target.accountId !== caller.accountId) {
      return {
        access: failed({
          kind: 'auth',
          message: `the base credentials belong to account ${caller.accountId}, not ${target.accountId}; set "roleArn" for this account or "aws.roleName"`,
        }),
      };
    }
    // A session of its own, so its evidence is filed under the account id rather than "caller".
    return { access: collected({ principalArn: caller.arn, via: 'default-credentials' }), session: new AwsSession(run, target.accountId, base.credentials) };
  }
  const roleArn = target.roleArn;
  try {
    const first = await assumeRole(base, region, roleArn);
    if (!first.credentials) {
      return { access: failed({ kind: 'invalid_response', message: `sts:AssumeRole into ${roleArn} returned no credentials` }, [first.ref]) };
    }
    // Renewed before they expire, so an account read for longer than the role's session still answers.
    const session = new AwsSession(
      run,
      target.accountId,
      renewingCredentials(first.credentials, async () => {
        const next = await assumeRole(base, region, roleArn);
        if (!next.credentials)
          throw new AwsReadError({ kind: 'invalid_response', message: `sts:AssumeRole into ${roleArn} returned no credentials` }, 'InvalidResponse');
        return next.credentials;
      }),
    );
    return { access: collected({ principalArn: first.output.AssumedRoleUser?.Arn ?? roleArn, via: 'assume-role', roleArn }, [first.ref]), session };
  } catch (err) {
    if (!(err instanceof AwsReadError)) throw err;
    const reason =
      err.error.kind === 'access_denied'
        ? `could not assume ${roleArn}: the role is missing in account ${target.accountId} or does not trust ${caller.arn} (${err.code})`
        : `could not assume ${roleArn}: ${err.error.message}`;
    return { access: failed({ ...err.error, message: reason, missingPermission: `sts:AssumeRole on ${roleArn}` }) };
  }
}

/** Lifetime asked for assumed-role sessions: the most AWS allows when chaining roles. */
const ROLE_SESSION_SECONDS = 3600;

async function assumeRole(
  base: AwsSession,
  region: string,
  roleArn: string,
): Promise<{ output: AssumeRoleCommandOutput; ref: EvidenceRef; credentials?: AwsCredentialIdentity }> {
  const { output, ref } = await base.send<AssumeRoleCommandOutput>(
    'sts',
    region,
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'soc2-evidence', DurationSeconds: ROLE_SESSION_SECONDS }),
  );
  const c = output.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) return { output, ref };
  return {
    output,
    ref,
    credentials: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    },
  };
}

/** Renew this long before expiry: five minutes, or half the credentials' lifetime when that is shorter. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * A credential provider that hands out `first` until it nears expiry, then renews through `renew`
 * (one renewal at a time, however many requests ask). The SDK asks its provider again whenever the
 * credentials it holds are within five minutes of their expiration.
 */
export function renewingCredentials(
  first: AwsCredentialIdentity,
  renew: () => Promise<AwsCredentialIdentity>,
  clock: () => number = Date.now,
): AwsCredentialIdentityProvider {
  let current = first;
  let issuedAt = clock();
  let renewing: Promise<AwsCredentialIdentity> | undefined;
  const renewAt = () => {
    if (!current.expiration) return Infinity;
    const expires = current.expiration.getTime();
    return expires - Math.min(RENEW_BEFORE_MS, Math.max(0, expires - issuedAt) / 2);
  };
  return async () => {
    if (clock() < renewAt()) return current;
    renewing ??= renew()
      .then((next) => {
        current = next;
        issuedAt = clock();
        return next;
      })
      .finally(() => {
        renewing = undefined;
      });
    return renewing;
  };
}

/** Regions to judge: the config's list, else the account's enabled regions (EC2 DescribeRegions). */
export async function resolveRegions(session: AwsSession, configured: readonly string[] | undefined, region: string): Promise<Collected<string[]>> {
  if (configured?.length) return collected([...configured]);
  return attempt(async () => {
    const { output, ref } = await session.send<DescribeRegionsCommandOutput>('ec2', region, new DescribeRegionsCommand({ AllRegions: false }));
    const regions = (output.Regions ?? [])
      .map((r) => r.RegionName ?? '')
      .filter(Boolean)
      .sort();
    if (regions.length === 0) return failed({ kind: 'invalid_response', message: 'ec2:DescribeRegions returned no regions' }, [ref]);
    return collected(regions, [ref]);
  });
}
