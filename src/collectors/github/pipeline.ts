// Actions and sign-in evidence: the organization's default workflow-token permissions, Actions secret
// names (organization and each non-archived repository; the list endpoints return names only, and
// values cannot be read through the API at all), and SAML SSO of the organization and its enterprise.
import pLimit from 'p-limit';
import { collected, type Collected } from '../../core/types.js';
import type { GithubRepository } from '../../evidence/github.js';
import type { ActionsSecretName, SamlSsoEvidence, WorkflowPermissions } from '../../evidence/github-pipeline.js';
import type { GithubClient } from './client.js';
import { asFailure } from './org.js';

export const ORG_ADMINISTRATION = 'organization owner (classic token: admin:org scope; fine-grained token or App: organization Administration read)';
export const ORG_SECRETS = 'organization owner (classic token: admin:org scope; fine-grained token or App: organization Secrets read)';
export const REPO_SECRETS = 'repository admin or collaborator (classic token: repo scope; fine-grained token or App: repository Secrets read)';

export async function collectWorkflowPermissions(client: GithubClient, org: string): Promise<Collected<WorkflowPermissions>> {
  try {
    const { data, ref } = await client.rest<{ default_workflow_permissions?: string; can_approve_pull_request_reviews?: boolean }>(
      'GET /orgs/{org}/actions/permissions/workflow',
      { org },
      ORG_ADMINISTRATION,
    );
    return collected(
      {
        defaultWorkflowPermissions: data.default_workflow_permissions ?? 'unknown',
        canApprovePullRequestReviews: data.can_approve_pull_request_reviews === true,
      },
      [ref],
    );
  } catch (err) {
    return asFailure(err);
  }
}

export async function collectOrgSecrets(client: GithubClient, org: string): Promise<Collected<ActionsSecretName[]>> {
  try {
    const { data, refs } = await client.paginate<{ name: string; visibility?: string }>('GET /orgs/{org}/actions/secrets', { org }, ORG_SECRETS);
    return collected(
      data.map((s) => ({ name: s.name, ...(s.visibility ? { visibility: s.visibility } : {}) })),
      refs,
    );
  } catch (err) {
    return asFailure(err);
  }
}

/** One list per repository (there is no organization-wide list of repository secrets), a few at a time. */
export async function collectRepoSecrets(
  client: GithubClient,
  repos: GithubRepository[],
  concurrency: number,
): Promise<Map<string, Collected<ActionsSecretName[]>>> {
  const limit = pLimit(concurrency);
  const out = new Map<string, Collected<ActionsSecretName[]>>();
  await Promise.all(
    repos.map((repo) =>
      limit(async () => {
        try {
          const { data, refs } = await client.paginate<{ name: string }>(
            'GET /repos/{owner}/{repo}/actions/secrets',
            { owner: repo.owner, repo: repo.name },
            REPO_SECRETS,
          );
          out.set(
            repo.fullName,
            collected(
              data.map((s) => ({ name: s.name })),
              refs,
            ),
          );
        } catch (err) {
          out.set(repo.fullName, asFailure(err));
        }
      }),
    ),
  );
  return out;
}

export const SAML_QUERY = `query OrganizationSaml($org: String!) {
  organization(login: $org) { samlIdentityProvider { ssoUrl issuer } }
}`;

export const ENTERPRISE_SAML_QUERY = `query EnterpriseSaml($slug: String!) {
  enterprise(slug: $slug) {
    ownerInfo {
      samlIdentityProvider { ssoUrl issuer }
      samlIdentityProviderSettingOrganizations(value: ENFORCED, first: 100) { nodes { login } }
    }
  }
}`;

type Provider = { ssoUrl?: string | null; issuer?: string | null } | null | undefined;
const provider = (p: Provider) => (p ? { ssoUrl: p.ssoUrl ?? null, issuer: p.issuer ?? null } : null);

/** The plan comes from the organization answer (owners see `plan`); SAML from GraphQL. */
export async function collectSamlSso(
  client: GithubClient,
  org: string,
  plan: string | null,
  enterpriseSlug: string | undefined,
): Promise<Collected<SamlSsoEvidence>> {
  try {
    const answer = await client.graphql<{ organization?: { samlIdentityProvider?: Provider } | null }>('OrganizationSaml', SAML_QUERY, { org });
    if (answer.errors.length && !answer.data?.organization) throw new Error(`GraphQL OrganizationSaml: ${answer.errors.map((e) => e.message).join('; ')}`);
    const evidence: SamlSsoEvidence = { plan, organizationProvider: provider(answer.data?.organization?.samlIdentityProvider) };
    const refs = [answer.ref];
    if (enterpriseSlug) {
      type EnterpriseAnswer = {
        enterprise?: {
          ownerInfo?: { samlIdentityProvider?: Provider; samlIdentityProviderSettingOrganizations?: { nodes?: Array<{ login: string } | null> } } | null;
        } | null;
      };
      const ent = await client.graphql<EnterpriseAnswer>('EnterpriseSaml', ENTERPRISE_SAML_QUERY, { slug: enterpriseSlug });
      refs.push(ent.ref);
      const owner = ent.data?.enterprise?.ownerInfo;
      // ownerInfo is visible to enterprise owners only: without it, the enterprise setting is unknown.
      if (!owner)
        throw Object.assign(
          new Error(
            `the enterprise ${enterpriseSlug} did not show its ownerInfo (only enterprise ` +
              'owners see it; classic token: read:enterprise)' +
              `${ent.errors.length ? `: ${ent.errors.map((e) => e.message).join('; ')}` : ''}`,
          ),
          { refs },
        );
      evidence.enterprise = {
        slug: enterpriseSlug,
        provider: provider(owner.samlIdentityProvider),
        enforcedOrganizations: (owner.samlIdentityProviderSettingOrganizations?.nodes ?? []).flatMap((n) => (n ? [n.login] : [])),
      };
    }
    return collected(evidence, refs);
  } catch (err) {
    const refs = (err as { refs?: never[] }).refs;
    const failure = asFailure<SamlSsoEvidence>(err);
    return refs && !failure.ok
      ? { ...failure, error: { ...failure.error, kind: 'access_denied', missingPermission: 'enterprise owner (classic token: read:enterprise)' }, refs }
      : failure;
  }
}
