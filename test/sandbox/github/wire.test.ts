// The GitHub sandbox speaks GitHub's shapes: REST responses validate against GitHub's OpenAPI
// description, and GraphQL runs against GitHub's published schema (so an invalid query fails here too).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildClientSchema, parse, validate, type IntrospectionQuery } from 'graphql';
import { schema as githubSchema } from '@octokit/graphql-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_PAGE, defaultBranchCommitsQuery, mergedPullRequestsQuery, vulnerabilityAlertsQuery } from '../../../src/collectors/github/queries.js';
import { ENTERPRISE_SAML_QUERY, SAML_QUERY } from '../../../src/collectors/github/pipeline.js';
import { DEMO_GITHUB_MEMBER_TOKEN, DEMO_GITHUB_TOKEN, demoGithub } from '../../../src/sandbox/demo/github.js';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/server.js';

type Schema = Record<string, unknown> & {
  type?: string;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: boolean | Schema;
};

/** A small validator for the subset of OpenAPI 3.0 schema GitHub's description uses. Returns problems. */
function check(value: unknown, schema: Schema, at = '$'): string[] {
  if (value === null)
    return schema.nullable || schema.type === 'null' || (schema.anyOf ?? schema.oneOf ?? []).some((s) => s.nullable || s.type === 'null')
      ? []
      : [`${at}: null not allowed`];
  if (schema.allOf) return schema.allOf.flatMap((s) => check(value, s, at));
  for (const alt of [schema.anyOf, schema.oneOf]) {
    if (alt) return alt.some((s) => check(value, s, at).length === 0) ? [] : [`${at}: matches none of ${alt.length} alternatives`];
  }
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} not in enum`];
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected object`];
      const v = value as Record<string, unknown>;
      const problems = (schema.required ?? []).filter((k) => !(k in v)).map((k) => `${at}.${k}: required`);
      for (const [k, sub] of Object.entries(schema.properties ?? {})) if (k in v) problems.push(...check(v[k], sub, `${at}.${k}`));
      return problems;
    }
    case 'array':
      return Array.isArray(value) ? value.flatMap((x, i) => check(x, schema.items ?? {}, `${at}[${i}]`)) : [`${at}: expected array`];
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: expected string`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: expected integer`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: expected number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected boolean`];
    default:
      return [];
  }
}

const require = createRequire(import.meta.url);
const openapi = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.deref.json'), 'utf8')) as {
  paths: Record<string, Partial<Record<'get' | 'post', { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>>;
};
const responseSchema = (path: string, status: string) => openapi.paths[path]!.get!.responses[status]!.content!['application/json']!.schema;

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ name: 'Kestrel', github: demoGithub() });
});
afterAll(async () => sandbox.close());

async function get(path: string, token = DEMO_GITHUB_TOKEN) {
  const res = await fetch(`${sandbox.url}/github${path}`, { headers: { authorization: `token ${token}` } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
}

describe('GitHub sandbox REST matches the OpenAPI description', () => {
  const cases: Array<[string, string, string, string?]> = [
    ['/orgs/kestrel-data', '/orgs/{org}', '200'],
    ['/orgs/kestrel-data/members?per_page=3', '/orgs/{org}/members', '200'],
    ['/orgs/kestrel-data/members?filter=2fa_disabled', '/orgs/{org}/members', '200'],
    ['/orgs/kestrel-data/repos?per_page=100', '/orgs/{org}/repos', '200'],
    ['/repos/kestrel-data/api/branches/main/protection', '/repos/{owner}/{repo}/branches/{branch}/protection', '200'],
    ['/repos/kestrel-data/data-pipeline/branches/main/protection', '/repos/{owner}/{repo}/branches/{branch}/protection', '200'],
    ['/repos/kestrel-data/infra/branches/main/protection', '/repos/{owner}/{repo}/branches/{branch}/protection', '404'],
    ['/repos/kestrel-data/web/rules/branches/main', '/repos/{owner}/{repo}/rules/branches/{branch}', '200'],
    ['/orgs/kestrel-data/members?filter=2fa_disabled', '/orgs/{org}/members', '422', DEMO_GITHUB_MEMBER_TOKEN],
    ['/orgs/kestrel-data/actions/permissions/workflow', '/orgs/{org}/actions/permissions/workflow', '200'],
    ['/orgs/kestrel-data/actions/secrets?per_page=1', '/orgs/{org}/actions/secrets', '200'],
    ['/repos/kestrel-data/infra/actions/secrets', '/repos/{owner}/{repo}/actions/secrets', '200'],
  ];
  it.each(cases)('GET %s', async (url, path, status, token) => {
    const res = await get(url, token);
    expect(String(res.status)).toBe(status);
    expect(check(res.body, responseSchema(path, status))).toEqual([]);
    expect(res.headers.get('x-github-request-id')).toBeTruthy();
  });

  it('POST /app/installations/{id}/access_tokens answers an installation token', async () => {
    const jwt = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: '424242' })).toString('base64url')}.sig`;
    const res = await fetch(`${sandbox.url}/github/app/installations/777001/access_tokens`, { method: 'POST', headers: { authorization: `Bearer ${jwt}` } });
    expect(res.status).toBe(201);
    const schema = openapi.paths['/app/installations/{installation_id}/access_tokens']!.post!.responses['201']!.content!['application/json']!.schema;
    expect(check(await res.json(), schema)).toEqual([]);
  });

  it('the validator catches a wrong shape (so the test above can fail)', () => {
    expect(check({ login: 1 }, responseSchema('/orgs/{org}', '200'))).not.toEqual([]);
    expect(check([{ login: 'x' }], responseSchema('/orgs/{org}/members', '200'))).not.toEqual([]);
  });

  it('tells "Branch not protected" from "no admin rights"', async () => {
    expect((await get('/repos/kestrel-data/infra/branches/main/protection')).body).toMatchObject({ message: 'Branch not protected' });
    expect((await get('/repos/kestrel-data/api/branches/main/protection', DEMO_GITHUB_MEMBER_TOKEN)).body).toMatchObject({ message: 'Not Found' });
  });

  it('pages with a Link header and hides owner-only fields from members', async () => {
    const page = await get('/orgs/kestrel-data/members?per_page=3');
    expect(page.headers.get('link')).toMatch(/rel="next"/);
    expect((await get('/orgs/kestrel-data')).body).toHaveProperty('two_factor_requirement_enabled', false);
    expect((await get('/orgs/kestrel-data', DEMO_GITHUB_MEMBER_TOKEN)).body).not.toHaveProperty('two_factor_requirement_enabled');
  });
});

describe('GitHub sandbox GraphQL runs against the published schema', () => {
  const schema = buildClientSchema(
    (githubSchema.json as unknown as { data?: IntrospectionQuery }).data ?? (githubSchema.json as unknown as IntrospectionQuery),
  );
  const repoRefs = [
    { owner: 'kestrel-data', name: 'api', branch: 'main', cursor: null },
    { owner: 'kestrel-data', name: 'web', branch: 'main', cursor: 'Y3Vyc29yOnYyOjA=' },
  ];

  it.each([
    ['RepositoryPage', REPOSITORY_PAGE],
    ['MergedPullRequests', mergedPullRequestsQuery(repoRefs).query],
    ['DefaultBranchCommits', defaultBranchCommitsQuery(repoRefs, '2026-07-01T00:00:00Z', '2026-09-30T23:59:59Z').query],
    ['VulnerabilityAlerts', vulnerabilityAlertsQuery(repoRefs).query],
    ['OrganizationSaml', SAML_QUERY],
    ['EnterpriseSaml', ENTERPRISE_SAML_QUERY],
  ])('the collector query %s is valid against GitHub’s schema', (_name, query) => {
    expect(validate(schema, parse(query)).map((e) => e.message)).toEqual([]);
  });

  async function graphql(query: string, variables: Record<string, unknown> = {}, token = DEMO_GITHUB_TOKEN) {
    const res = await fetch(`${sandbox.url}/github/graphql`, {
      method: 'POST',
      headers: { authorization: `bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, unknown>; errors?: Array<{ message: string; path?: unknown[] }> };
  }

  it('rejects a field GitHub does not have, and a connection without first/last', async () => {
    const bad = await graphql('query { organization(login: "kestrel-data") { repositories(first: 1) { nodes { protectedBranches } } } }');
    expect(bad.errors?.[0]?.message).toMatch(/Cannot query field "protectedBranches"/);
    const unpaged = await graphql('query { organization(login: "kestrel-data") { repositories { totalCount } } }');
    expect(unpaged.errors?.[0]?.message).toMatch(/first` or `last`/);
  });

  it('answers the collector’s page query, with GitHub’s cost rule', async () => {
    const res = await graphql(REPOSITORY_PAGE, {
      org: 'kestrel-data',
      first: 50,
      after: null,
      since: '2026-07-01T00:00:00Z',
      until: '2026-09-30T23:59:59Z',
      withProtection: true,
      withPulls: true,
      withCommits: true,
      withMeta: true,
    });
    expect(res.errors).toBeUndefined();
    const data = res.data as {
      rateLimit: { cost: number };
      organization: { repositories: { totalCount: number; nodes: Array<{ name: string; defaultBranchRef: { rules: { nodes: unknown[] } } }> } };
    };
    expect(data.organization.repositories.totalCount).toBe(6);
    expect(data.organization.repositories.nodes.find((n) => n.name === 'infra')!.defaultBranchRef.rules.nodes).toEqual([]); // evaluate-mode ruleset
    expect(data.rateLimit.cost).toBeGreaterThan(1);
    const cheap = await graphql(REPOSITORY_PAGE, {
      org: 'kestrel-data',
      first: 50,
      after: null,
      since: '2026-07-01T00:00:00Z',
      until: '2026-09-30T23:59:59Z',
      withProtection: false,
      withPulls: false,
      withCommits: false,
      withMeta: true,
    });
    expect((cheap.data as { rateLimit: { cost: number } }).rateLimit.cost).toBe(1);
  });

  it('refuses hasVulnerabilityAlertsEnabled to a non-admin, with the path of the repository', async () => {
    const { query, variables } = vulnerabilityAlertsQuery([{ owner: 'kestrel-data', name: 'api' }]);
    const res = await graphql(query, variables, DEMO_GITHUB_MEMBER_TOKEN);
    expect(res.errors?.[0]).toMatchObject({ message: 'Must have admin rights to Repository.', path: ['r0', 'hasVulnerabilityAlertsEnabled'] });
    expect(res.data?.r0).toBeNull();
  });
});
