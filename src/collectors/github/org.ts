// Organization evidence: the org itself (2FA requirement), all members with their role, members without 2FA.
import { collected, failed, type Collected } from '../../core/types.js';
import type { GithubMember, GithubOrganization } from '../../evidence/github.js';
import { GithubReadError, type GithubClient } from './client.js';

export const ORG_READ = 'read:org scope (fine-grained token or App: organization Members read)';
export const OWNER_ONLY =
  'organization owner role (classic token: admin:org scope; fine-grained token or App: organization Administration read + Members read)';

export function asFailure<T>(err: unknown): Collected<T> {
  if (err instanceof GithubReadError) return failed(err.error, err.refs);
  return failed({ kind: 'other', message: err instanceof Error ? err.message : String(err) });
}

export async function collectOrganization(client: GithubClient, org: string): Promise<Collected<GithubOrganization>> {
  try {
    const { data, ref } = await client.rest<{
      login: string;
      name?: string | null;
      two_factor_requirement_enabled?: boolean | null;
      total_private_repos?: number | null;
      plan?: { name?: string } | null;
    }>('GET /orgs/{org}', { org }, ORG_READ);
    // Absent or null: the token is not an owner's, so the setting is unknown (never "off").
    const tfa = typeof data.two_factor_requirement_enabled === 'boolean' ? data.two_factor_requirement_enabled : null;
    return collected(
      {
        login: data.login,
        name: data.name ?? null,
        twoFactorRequirementEnabled: tfa,
        privateRepositories: typeof data.total_private_repos === 'number' ? data.total_private_repos : null,
        plan: data.plan?.name ?? null,
      },
      [ref],
    );
  } catch (err) {
    return asFailure(err);
  }
}

export async function collectMembers(client: GithubClient, org: string): Promise<Collected<GithubMember[]>> {
  try {
    const all = await client.paginate<{ login: string }>('GET /orgs/{org}/members', { org, filter: 'all', role: 'all' }, ORG_READ);
    const owners = await client.paginate<{ login: string }>('GET /orgs/{org}/members', { org, filter: 'all', role: 'admin' }, ORG_READ);
    const ownerSet = new Set(owners.data.map((m) => m.login.toLowerCase()));
    const members: GithubMember[] = all.data.map((m) => ({ login: m.login, role: ownerSet.has(m.login.toLowerCase()) ? 'admin' : 'member' }));
    // An owner missing from the full list (concurrent change) is still an owner.
    for (const o of owners.data) if (!members.some((m) => m.login.toLowerCase() === o.login.toLowerCase())) members.push({ login: o.login, role: 'admin' });
    return collected(members, [...all.refs, ...owners.refs]);
  } catch (err) {
    return asFailure(err);
  }
}

/**
 * `filter=2fa_disabled` works for owners only. Its answer is trusted only when the org read succeeded and
 * showed owner rights (`two_factor_requirement_enabled` present): otherwise a 200 might be a filter that
 * was ignored or an empty list the token was not allowed to fill.
 */
export async function collectMembersWithout2fa(
  client: GithubClient,
  org: string,
  organization: Collected<GithubOrganization> | undefined,
): Promise<Collected<string[]>> {
  try {
    const res = await client.paginate<{ login: string }>('GET /orgs/{org}/members', { org, filter: '2fa_disabled' }, OWNER_ONLY);
    if (!organization?.ok) {
      const why = organization ? `GET /orgs/${org} failed (${organization.error.message})` : `GET /orgs/${org} was not read`;
      return failed(
        {
          kind: organization?.error.kind ?? 'other',
          message: `${why}, so owner rights are unconfirmed and the filter=2fa_disabled answer cannot be trusted`,
          missingPermission: OWNER_ONLY,
          operation: 'GET /orgs/{org}/members',
        },
        [...(organization?.refs ?? []), ...res.refs],
      );
    }
    if (organization.value.twoFactorRequirementEnabled === null) {
      client.missingPermissions.add(OWNER_ONLY);
      return failed(
        {
          kind: 'access_denied',
          message:
            `GET /orgs/${org} hid two_factor_requirement_enabled (the token is not an owner's, or lacks admin:org), ` +
            'so its filter=2fa_disabled answer cannot be trusted',
          missingPermission: OWNER_ONLY,
          operation: 'GET /orgs/{org}/members',
        },
        [...organization.refs, ...res.refs],
      );
    }
    return collected(
      res.data.map((m) => m.login),
      res.refs,
    );
  } catch (err) {
    if (err instanceof GithubReadError && (err.status === 422 || err.status === 403 || err.status === 404)) {
      client.missingPermissions.add(OWNER_ONLY);
      return failed(
        {
          ...err.error,
          kind: 'access_denied',
          missingPermission: OWNER_ONLY,
          message: `${err.error.message} (only organization owners can list members without 2FA)`,
        },
        err.refs,
      );
    }
    return asFailure(err);
  }
}
