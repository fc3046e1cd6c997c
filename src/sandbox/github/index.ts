// GitHub REST + GraphQL, mounted at /github: token auth, rate-limit headers, the faults GitHub really
// produces (secondary rate limit 403 + retry-after, primary limit with x-ratelimit-remaining 0, 5xx).
import { randomUUID } from 'node:crypto';
import type { SandboxCompany } from '../company.js';
import { json, type SandboxContext, type SandboxRequest, type SandboxResponse } from '../http.js';
import { executeGraphql } from './graphql.js';
import type { SandboxGithub, SandboxGithubViewer } from './model.js';
import { actionsRest } from './actions.js';
import { branchRulesJson, isRepoAdmin, memberJson, notFound, orgJson, paged, protectionJson, repoJson } from './rest.js';

const DOCS = 'https://docs.github.com/rest';

/** Per-server budget bookkeeping (REST requests and GraphQL points), like one token's hourly limits. */
const budgets = new WeakMap<SandboxGithub, { rest: number; graphql: number }>();

export async function handleGithub(req: SandboxRequest, company: SandboxCompany, ctx: SandboxContext): Promise<SandboxResponse | undefined> {
  const gh = company.github;
  if (!gh) return undefined;
  const requestId = randomUUID().toUpperCase().slice(0, 23);
  const budget = budgets.get(gh) ?? { rest: 5000, graphql: 5000 };
  budgets.set(gh, budget);
  const isGraphql = req.path === '/graphql';
  const key = `github:${isGraphql ? 'graphql' : `${req.method} ${routeOf(req.path)}`}`;
  ctx.count(key);

  const headers = (extra: Record<string, string> = {}) => ({
    'x-github-request-id': requestId,
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': String(Math.max(isGraphql ? budget.graphql : budget.rest, 0)),
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-resource': isGraphql ? 'graphql' : 'core',
    'x-github-api-version-selected': '2022-11-28',
    ...extra,
  });
  const withHeaders = (res: SandboxResponse, extra: Record<string, string> = {}): SandboxResponse => ({
    ...res,
    headers: { ...(res.headers ?? {}), ...headers(extra) },
  });

  // Faults first, as GitHub's edge would answer them.
  const f = ctx.faults;
  if (f.throttleRate && ctx.random() < f.throttleRate) {
    if (ctx.random() < 0.5) {
      return withHeaders(
        json(403, {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
            `If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        }),
        { 'retry-after': '1' },
      );
    }
    const exhausted = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) };
    // The primary limit: REST answers 403; GraphQL answers 200 with a RATE_LIMITED error.
    if (isGraphql)
      return {
        ...json(200, { errors: [{ type: 'RATE_LIMITED', message: 'API rate limit already exceeded for user ID 1.' }] }),
        headers: { ...headers(), 'content-type': 'application/json; charset=utf-8', ...exhausted },
      };
    return {
      ...json(403, {
        message: 'API rate limit exceeded for user ID 1.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      }),
      headers: { ...headers(), 'content-type': 'application/json; charset=utf-8', ...exhausted },
    };
  }
  if (f.serverErrorRate && ctx.random() < f.serverErrorRate) {
    return withHeaders(ctx.random() < 0.5 ? json(502, { message: 'Server Error' }) : json(503, { message: 'Service Unavailable' }));
  }

  // GitHub App: JWT → installation token.
  const install = req.path.match(/^\/app\/installations\/(\d+)\/access_tokens$/);
  if (install && req.method === 'POST') {
    const jwt = String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const payload = decodeJwt(jwt);
    if (!gh.app || !payload || String(payload.iss) !== gh.app.appId || Number(install[1]) !== gh.app.installationId) {
      return withHeaders(json(401, { message: 'A JSON web token could not be decoded', documentation_url: DOCS, status: '401' }));
    }
    const token = `ghs_sandbox${gh.app.installationId}`;
    gh.tokens[token] = gh.app.viewer;
    return withHeaders(
      json(201, {
        token,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        permissions: { administration: 'read', members: 'read', metadata: 'read', contents: 'read', pull_requests: 'read' },
        repository_selection: 'all',
      }),
    );
  }

  const auth = String(req.headers.authorization ?? '').replace(/^(token|bearer)\s+/i, '');
  const known = gh.tokens[auth];
  if (!known) return withHeaders(json(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' }));
  const deny = new Set(f.deny ?? []);
  const viewer: SandboxGithubViewer = {
    ...known,
    owner: known.owner && !deny.has('github:owner'),
    ...(deny.has('github:admin') ? { noRepoAdmin: true } : {}),
    ...(deny.has('github:repo') ? { publicOnly: true } : {}),
    ...(deny.has('github:saml') ? { noSamlRead: true } : {}),
  };

  // `github:org`: the organization itself cannot be read (a fine-grained token without organization access).
  if (deny.has('github:org') && req.path.replace(/\/+$/, '').toLowerCase() === `/orgs/${gh.org.toLowerCase()}`) {
    return withHeaders(json(403, { message: 'Resource not accessible by personal access token', documentation_url: DOCS, status: '403' }));
  }
  if (isGraphql && req.method === 'POST') {
    let body: { query?: string; variables?: Record<string, unknown> };
    try {
      body = JSON.parse(req.body.toString('utf8') || '{}');
    } catch {
      return withHeaders(json(400, { message: 'Problems parsing JSON', documentation_url: DOCS }));
    }
    const answer = executeGraphql(gh, viewer, body, budget.graphql);
    budget.graphql -= answer.cost;
    ctx.count(`github:graphql-points`);
    for (let i = 1; i < answer.cost; i++) ctx.count('github:graphql-points');
    return withHeaders(json(answer.status, answer.body), { 'x-ratelimit-used': String(5000 - budget.graphql) });
  }
  budget.rest--;
  return withHeaders(rest(req, gh, viewer));
}

function rest(req: SandboxRequest, gh: SandboxGithub, viewer: SandboxGithubViewer): SandboxResponse {
  if (req.method !== 'GET') return notFound();
  const p = req.path.split('/').filter(Boolean).map(decodeURIComponent);
  const orgOk = (o: string | undefined) => o?.toLowerCase() === gh.org.toLowerCase();
  const actions = orgOk(p[1]) ? actionsRest(req, p, gh, viewer) : undefined;
  if (actions) return actions;

  if (p[0] === 'orgs' && orgOk(p[1])) {
    if (p.length === 2) return json(200, orgJson(gh, viewer));
    if (p.length === 3 && p[2] === 'members') {
      const filter = req.query.get('filter') ?? 'all';
      const role = req.query.get('role') ?? 'all';
      if ((filter === '2fa_disabled' || filter === '2fa_insecure') && !viewer.owner) {
        return json(422, {
          message: 'Only owners can use this filter.',
          documentation_url: 'https://docs.github.com/rest/orgs/members#list-organization-members',
          status: '422',
        });
      }
      const members = gh.members
        .filter((m) => role === 'all' || m.role === role)
        .filter((m) => filter !== '2fa_disabled' || !m.twoFactor)
        .sort((a, b) => a.id - b.id);
      return paged(
        req,
        members.map((m) => memberJson(m.login, m.id)),
      );
    }
    if (p.length === 3 && p[2] === 'outside_collaborators') {
      return paged(
        req,
        [...(gh.outsideCollaborators ?? [])].sort((a, b) => a.id - b.id).map((c) => memberJson(c.login, c.id)),
      );
    }
    if (p.length === 3 && p[2] === 'repos') {
      const repos = gh.repositories.filter((r) => !viewer.publicOnly || r.visibility === 'public').sort((a, b) => a.name.localeCompare(b.name));
      return paged(
        req,
        repos.map((r) => repoJson(gh, r, viewer)),
      );
    }
  }
  if (p[0] === 'repos' && orgOk(p[1]) && p[2]) {
    const repo = gh.repositories.find((r) => r.name.toLowerCase() === p[2]!.toLowerCase());
    if (!repo) return notFound();
    // /repos/{o}/{r}/branches/{branch}/protection (branch names may contain slashes)
    if (p[3] === 'branches' && p[p.length - 1] === 'protection' && p.length >= 6) {
      const branch = p.slice(4, -1).join('/');
      if (!isRepoAdmin(viewer, repo))
        return json(404, {
          message: 'Not Found',
          documentation_url: 'https://docs.github.com/rest/branches/branch-protection#get-branch-protection',
          status: '404',
        });
      if (branch !== repo.defaultBranch || !repo.classic)
        return json(404, {
          message: 'Branch not protected',
          documentation_url: 'https://docs.github.com/rest/branches/branch-protection#get-branch-protection',
          status: '404',
        });
      return json(200, protectionJson(gh, repo, branch));
    }
    if (p[3] === 'rules' && p[4] === 'branches' && p.length >= 6) {
      const branch = p.slice(5).join('/');
      return paged(req, branch === repo.defaultBranch ? branchRulesJson(gh, repo) : []);
    }
  }
  return notFound();
}

function routeOf(path: string): string {
  return path
    .replace(/^\/orgs\/[^/]+/, '/orgs/{org}')
    .replace(/^\/repos\/[^/]+\/[^/]+/, '/repos/{owner}/{repo}')
    .replace(/\/branches\/.+\/protection$/, '/branches/{branch}/protection')
    .replace(/\/rules\/branches\/.+$/, '/rules/branches/{branch}');
}

function decodeJwt(jwt: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
