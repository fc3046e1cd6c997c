// Who the GitHub accounts are: SAML external identities of the org (or its enterprise), 100 per GraphQL
// request, and outside collaborators with their repository permissions (one REST list, then GraphQL over
// the repositories 50 at a time). No per-member calls.
import { collected, failed, type Collected, type EvidenceRef } from '../../core/types.js';
import type { GithubOutsideCollaborator, GithubSamlIdentities, GithubSamlIdentity } from '../../evidence/github.js';
import { GithubReadError, type GithubClient } from './client.js';
import { asFailure, ORG_READ } from './org.js';

/** Reading SAML identities takes an owner (GitHub changelog 2023-03-30: read:org suffices for owners). */
export const IDENTITIES_READ =
  'organization owner role to read SAML identities (classic token: read:org or admin:org; fine-grained token or App: organization Administration read)';
export const ENTERPRISE_IDENTITIES_READ = "enterprise owner role to read the enterprise's SAML identities (classic token: read:enterprise)";

const IDENTITY_FIELDS = `externalIdentities(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { samlIdentity { nameId emails { value } } user { login } }
      }`;

const ORG_IDENTITIES = `query OrgSamlIdentities($org: String!, $after: String) {
  rateLimit { cost remaining }
  organization(login: $org) {
    viewerCanAdminister
    samlIdentityProvider {
      ${IDENTITY_FIELDS}
    }
  }
}`;

const ENTERPRISE_IDENTITIES = `query EnterpriseSamlIdentities($slug: String!, $after: String) {
  rateLimit { cost remaining }
  enterprise(slug: $slug) {
    ownerInfo {
      samlIdentityProvider {
        ${IDENTITY_FIELDS}
      }
    }
  }
}`;

interface IdentityPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<{ samlIdentity: { nameId: string | null; emails: Array<{ value: string | null }> | null } | null; user: { login: string } | null } | null>;
}

type Page =
  | { kind: 'page'; page: IdentityPage; ref: EvidenceRef }
  | { kind: 'absent'; ref: EvidenceRef; viewerIsOwner: boolean }
  | { kind: 'failed'; result: Collected<never> };

function toIdentities(page: IdentityPage): GithubSamlIdentity[] {
  const out: GithubSamlIdentity[] = [];
  for (const n of page.nodes) {
    // An identity not yet linked to a GitHub account (pending invitation) names nobody on GitHub.
    if (!n?.user || !n.samlIdentity) continue;
    const email = n.samlIdentity.emails?.find((e) => e.value?.includes('@'))?.value ?? null;
    const nameId = n.samlIdentity.nameId ?? '';
    out.push({ login: n.user.login, nameId: nameId.includes('@') || !email ? nameId : email });
  }
  return out;
}

async function readAll(
  fetchPage: (after: string | null) => Promise<Page>,
): Promise<{ identities: GithubSamlIdentity[]; refs: EvidenceRef[] } | Exclude<Page, { kind: 'page' }>> {
  const identities: GithubSamlIdentity[] = [];
  const refs: EvidenceRef[] = [];
  let after: string | null = null;
  for (;;) {
    const p = await fetchPage(after);
    if (p.kind !== 'page')
      return p.kind === 'absent' && refs.length
        ? { kind: 'failed', result: failed({ kind: 'invalid_response', message: 'the SAML identity provider disappeared while paging' }, refs) }
        : p;
    refs.push(p.ref);
    identities.push(...toIdentities(p.page));
    if (!p.page.pageInfo.hasNextPage || !p.page.pageInfo.endCursor) return { identities, refs };
    after = p.page.pageInfo.endCursor;
  }
}

const denied = (client: GithubClient, message: string, permission: string, refs: EvidenceRef[], operation: string): Extract<Page, { kind: 'failed' }> => {
  client.missingPermissions.add(permission);
  return { kind: 'failed', result: failed({ kind: 'access_denied', message, missingPermission: permission, operation }, refs) };
};

const isForbidden = (errors: Array<{ type?: string; message: string }>) =>
  errors.find(
    (e) => e.type === 'FORBIDDEN' || e.type === 'INSUFFICIENT_SCOPES' || /not accessible|must be an? (organization|enterprise) owner|scope/i.test(e.message),
  );

export async function collectSamlIdentities(client: GithubClient, org: string, enterprise: string | undefined): Promise<Collected<GithubSamlIdentities>> {
  try {
    const orgRead = await readAll(async (after) => {
      const res = await client.graphql<{
        organization: { viewerCanAdminister: boolean; samlIdentityProvider: { externalIdentities: IdentityPage } | null } | null;
      }>('OrgSamlIdentities', ORG_IDENTITIES, { org, after });
      const forbidden = isForbidden(res.errors);
      if (forbidden) return denied(client, `graphql:OrgSamlIdentities: ${forbidden.message}`, IDENTITIES_READ, [res.ref], 'graphql:OrgSamlIdentities');
      const o = res.data?.organization;
      if (!o || res.errors.length)
        return {
          kind: 'failed',
          result: failed(
            {
              kind: 'invalid_response',
              message: `graphql:OrgSamlIdentities: ${res.errors[0]?.message ?? 'no organization in the answer'}`,
              operation: 'graphql:OrgSamlIdentities',
            },
            [res.ref],
          ),
        };
      if (!o.samlIdentityProvider) return { kind: 'absent', ref: res.ref, viewerIsOwner: o.viewerCanAdminister };
      return { kind: 'page', page: o.samlIdentityProvider.externalIdentities, ref: res.ref };
    });
    if ('identities' in orgRead) return collected({ configuredAt: 'organization', identities: orgRead.identities }, orgRead.refs);
    if (orgRead.kind === 'failed') return orgRead.result;
    if (!orgRead.viewerIsOwner) {
      // GitHub hides the identity provider from non-owners: "none" cannot be told apart from "not allowed to see".
      const d = denied(
        client,
        `the token cannot administer ${org}, so GitHub does not show whether it has SAML single sign-on or whom its members are`,
        IDENTITIES_READ,
        [orgRead.ref],
        'graphql:OrgSamlIdentities',
      );
      return d.result;
    }
    if (!enterprise) {
      return collected(
        {
          configuredAt: 'none',
          identities: [],
          note:
            `${org} has no SAML single sign-on of its own (SAML needs GitHub Enterprise Cloud; if SSO is ` +
            'configured at the enterprise, set github.enterprise): logins are linked through people.links only',
        },
        [orgRead.ref],
      );
    }
    const entRead = await readAll(async (after) => {
      const res = await client.graphql<{ enterprise: { ownerInfo: { samlIdentityProvider: { externalIdentities: IdentityPage } | null } | null } | null }>(
        'EnterpriseSamlIdentities',
        ENTERPRISE_IDENTITIES,
        { slug: enterprise, after },
      );
      const forbidden = isForbidden(res.errors);
      const e = res.data?.enterprise;
      if (forbidden || (e && !e.ownerInfo))
        return denied(
          client,
          `graphql:EnterpriseSamlIdentities: ${forbidden?.message ?? `the token is not an owner of the enterprise ${enterprise}`}`,
          ENTERPRISE_IDENTITIES_READ,
          [res.ref],
          'graphql:EnterpriseSamlIdentities',
        );
      if (!e)
        return {
          kind: 'failed',
          result: failed(
            {
              kind: 'not_found',
              message: `graphql:EnterpriseSamlIdentities: ${res.errors[0]?.message ?? `no enterprise ${enterprise}`} (check github.enterprise)`,
              operation: 'graphql:EnterpriseSamlIdentities',
            },
            [res.ref],
          ),
        };
      if (!e.ownerInfo!.samlIdentityProvider) return { kind: 'absent', ref: res.ref, viewerIsOwner: true };
      return { kind: 'page', page: e.ownerInfo!.samlIdentityProvider.externalIdentities, ref: res.ref };
    });
    if ('identities' in entRead) return collected({ configuredAt: 'enterprise', enterprise, identities: entRead.identities }, [orgRead.ref, ...entRead.refs]);
    if (entRead.kind === 'failed') return entRead.result;
    return collected(
      {
        configuredAt: 'none',
        identities: [],
        note: `neither ${org} nor the enterprise ${enterprise} has SAML single sign-on: logins are linked through people.links only`,
      },
      [orgRead.ref, entRead.ref],
    );
  } catch (err) {
    return asFailure(err);
  }
}

const COLLABORATOR_PAGE = `query OutsideCollaboratorAccess($org: String!, $after: String) {
  rateLimit { cost remaining }
  organization(login: $org) {
    repositories(first: 50, after: $after, orderBy: { field: NAME, direction: ASC }) {
      pageInfo { hasNextPage endCursor }
      nodes {
        nameWithOwner
        collaborators(affiliation: OUTSIDE, first: 100) { totalCount edges { permission node { login } } }
      }
    }
  }
}`;

interface CollaboratorPage {
  organization: {
    repositories: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: Array<{
        nameWithOwner: string;
        collaborators: { totalCount: number; edges: Array<{ permission: string; node: { login: string } }> } | null;
      } | null>;
    };
  } | null;
}

/** Outside collaborators (REST list) and, when there are any, their repositories with permission (GraphQL). */
export async function collectOutsideCollaborators(client: GithubClient, org: string): Promise<Collected<GithubOutsideCollaborator[]>> {
  let listed: { data: Array<{ login: string }>; refs: EvidenceRef[] };
  try {
    listed = await client.paginate<{ login: string }>('GET /orgs/{org}/outside_collaborators', { org }, ORG_READ);
  } catch (err) {
    return asFailure(err);
  }
  if (listed.data.length === 0) return collected([], listed.refs);
  const repos = new Map<string, Record<string, string>>(listed.data.map((c) => [c.login.toLowerCase(), {}]));
  const refs = [...listed.refs];
  let unreadable: string | undefined;
  try {
    let after: string | null = null;
    for (;;) {
      const res: Awaited<ReturnType<typeof client.graphql<CollaboratorPage>>> = await client.graphql<CollaboratorPage>(
        'OutsideCollaboratorAccess',
        COLLABORATOR_PAGE,
        { org, after },
      );
      refs.push(res.ref);
      const conn = res.data?.organization?.repositories;
      if (!conn)
        throw new GithubReadError(
          { kind: 'invalid_response', message: `graphql:OutsideCollaboratorAccess: ${res.errors[0]?.message ?? 'no repositories in the answer'}` },
          200,
          '',
          refs,
        );
      // Collaborators are shown to those with push access; a repository hiding them leaves permissions unknown.
      if (res.errors.length) unreadable ??= res.errors[0]!.message;
      for (const node of conn.nodes) {
        if (!node?.collaborators) continue;
        if (node.collaborators.totalCount > node.collaborators.edges.length) unreadable ??= `${node.nameWithOwner} has more than 100 outside collaborators`;
        for (const e of node.collaborators.edges) {
          const access = repos.get(e.node.login.toLowerCase());
          if (access) access[node.nameWithOwner] = e.permission;
        }
      }
      if (!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor) break;
      after = conn.pageInfo.endCursor;
    }
  } catch (err) {
    unreadable = err instanceof GithubReadError ? err.error.message : String(err);
  }
  return collected(
    listed.data.map((c) => ({ login: c.login, repositories: unreadable ? null : (repos.get(c.login.toLowerCase()) ?? {}) })),
    refs,
  );
}
