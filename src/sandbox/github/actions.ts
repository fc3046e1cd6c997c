// GitHub Actions REST endpoints and SAML GraphQL fields of the sandbox organization: workflow-token
// defaults (owners only), Actions secret names (org: owners; repository: admins), the organization's
// and the enterprise's SAML identity providers.
import { GraphQLError } from 'graphql';
import { json, type SandboxRequest, type SandboxResponse } from '../http.js';
import type { SandboxGithub, SandboxGithubViewer } from './model.js';
import { isRepoAdmin } from './rest.js';

const DOCS = 'https://docs.github.com/rest/actions';
const STAMP = '2026-03-01T10:00:00Z';

/** `{ total_count, secrets }` pages, as GitHub's secrets lists answer (Link header paging). */
function pagedSecrets(req: SandboxRequest, secrets: Array<Record<string, unknown>>): SandboxResponse {
  const perPage = Math.min(Math.max(Number(req.query.get('per_page') ?? 30) || 30, 1), 100);
  const page = Math.max(Number(req.query.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(secrets.length / perPage), 1);
  const q = new URLSearchParams(req.query);
  q.set('per_page', String(perPage));
  const link = (p: number, rel: string) => {
    q.set('page', String(p));
    return `<${req.baseUrl}${req.path}?${q.toString()}>; rel="${rel}"`;
  };
  const links = page < last ? [link(page + 1, 'next'), link(last, 'last')] : [];
  return json(
    200,
    { total_count: secrets.length, secrets: secrets.slice((page - 1) * perPage, page * perPage) },
    links.length ? { link: links.join(', ') } : {},
  );
}

const forbidden = (doc: string) =>
  json(403, { message: 'Resource not accessible by personal access token', documentation_url: `${DOCS}/${doc}`, status: '403' });

/** Undefined when the path is not one of these endpoints. `p` is the path split on `/`. */
export function actionsRest(req: SandboxRequest, p: string[], gh: SandboxGithub, viewer: SandboxGithubViewer): SandboxResponse | undefined {
  const actions = gh.actions ?? { defaultWorkflowPermissions: 'read', canApprovePullRequestReviews: false, orgSecrets: [] };
  if (p[0] === 'orgs' && p[2] === 'actions') {
    if (p[3] === 'permissions' && p[4] === 'workflow' && p.length === 5) {
      if (!viewer.owner) return forbidden('permissions#get-default-workflow-permissions-for-an-organization');
      return json(200, {
        default_workflow_permissions: actions.defaultWorkflowPermissions,
        can_approve_pull_request_reviews: actions.canApprovePullRequestReviews,
      });
    }
    if (p[3] === 'secrets' && p.length === 4) {
      if (!viewer.owner) return forbidden('secrets#list-organization-secrets');
      return pagedSecrets(
        req,
        actions.orgSecrets.map((name) => ({ name, created_at: STAMP, updated_at: STAMP, visibility: 'all' })),
      );
    }
  }
  if (p[0] === 'repos' && p[3] === 'actions' && p[4] === 'secrets' && p.length === 5) {
    const repo = gh.repositories.find((r) => r.name.toLowerCase() === p[2]?.toLowerCase() && (!viewer.publicOnly || r.visibility === 'public'));
    if (!repo) return undefined;
    if (!isRepoAdmin(viewer, repo)) return forbidden('secrets#list-repository-secrets');
    return pagedSecrets(
      req,
      (repo.actionsSecrets ?? []).map((name) => ({ name, created_at: STAMP, updated_at: STAMP })),
    );
  }
  return undefined;
}

const idp = (ssoUrl: string) => ({ id: Buffer.from(`IdP:${ssoUrl}`).toString('base64'), ssoUrl, issuer: ssoUrl.replace(/\/sso\/saml.*$/, '') });

/** `Organization.samlIdentityProvider` (visible to owners). */
export function organizationSaml(gh: SandboxGithub, viewer: SandboxGithubViewer) {
  return { samlIdentityProvider: viewer.owner && gh.saml?.organizationIdp ? idp(gh.saml.organizationIdp) : null };
}

/** `Query.enterprise(slug)`: `ownerInfo` only for enterprise owners (the org owner token here). */
export function enterpriseRoot(gh: SandboxGithub, viewer: SandboxGithubViewer) {
  return (args: { slug: string }) => {
    const ent = gh.saml?.enterprise;
    if (!ent || ent.slug !== args.slug)
      throw new GraphQLError(`Could not resolve to an Enterprise with the slug of '${args.slug}'.`, { extensions: { type: 'NOT_FOUND' } });
    return {
      __typename: 'Enterprise',
      slug: ent.slug,
      name: ent.slug,
      ownerInfo: viewer.owner
        ? {
            samlIdentityProvider: ent.idp ? idp(ent.idp) : null,
            samlIdentityProviderSettingOrganizations: (a: { value: string }) => {
              const logins =
                a.value === 'ENFORCED'
                  ? (ent.enforcedOrgs ?? [])
                  : a.value === 'CONFIGURED' && gh.saml?.organizationIdp && !(ent.enforcedOrgs ?? []).includes(gh.org)
                    ? [gh.org]
                    : [];
              return {
                totalCount: logins.length,
                nodes: logins.map((login) => ({ __typename: 'Organization', login })),
                pageInfo: { hasNextPage: false, endCursor: null, hasPreviousPage: false, startCursor: null },
              };
            },
          }
        : null,
    };
  };
}
