// GitHub REST shapes (as in GitHub's OpenAPI description) for the endpoints the collector reads.
import { json, type SandboxRequest, type SandboxResponse } from '../http.js';
import type { SandboxGithub, SandboxGithubViewer, SandboxRepository, SandboxRuleset } from './model.js';

const API = 'https://api.github.com';
const DOCS = 'https://docs.github.com/rest';

export function notFound(): SandboxResponse {
  return json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
}

export function isRepoAdmin(viewer: SandboxGithubViewer, repo: SandboxRepository): boolean {
  if (viewer.noRepoAdmin) return false;
  return viewer.owner || (viewer.adminRepos ?? []).includes(repo.name);
}

/** Rulesets that apply to the repository's default branch: its own and the organization's that target it. */
export function rulesetsFor(gh: SandboxGithub, repo: SandboxRepository): Array<{ ruleset: SandboxRuleset; source: 'Repository' | 'Organization' }> {
  return [
    ...(repo.rulesets ?? []).map((ruleset) => ({ ruleset, source: 'Repository' as const })),
    ...gh.orgRulesets.filter((r) => !r.repositories || r.repositories.includes(repo.name)).map((ruleset) => ({ ruleset, source: 'Organization' as const })),
  ];
}

function userJson(login: string, id: number) {
  const u = `${API}/users/${login}`;
  return {
    login,
    id,
    node_id: Buffer.from(`04:User${id}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: u,
    html_url: `https://github.com/${login}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type: 'User',
    site_admin: false,
  };
}

export function orgJson(gh: SandboxGithub, viewer: SandboxGithubViewer) {
  const u = `${API}/orgs/${gh.org}`;
  const base = {
    login: gh.org,
    id: gh.orgId,
    node_id: Buffer.from(`012:Organization${gh.orgId}`).toString('base64'),
    url: u,
    repos_url: `${u}/repos`,
    events_url: `${u}/events`,
    hooks_url: `${u}/hooks`,
    issues_url: `${u}/issues`,
    members_url: `${u}/members{/member}`,
    public_members_url: `${u}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${gh.orgId}?v=4`,
    description: null,
    name: gh.orgName,
    html_url: `https://github.com/${gh.org}`,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: gh.repositories.filter((r) => r.visibility === 'public').length,
    public_gists: 0,
    followers: 0,
    following: 0,
    type: 'Organization',
    created_at: '2019-03-04T10:00:00Z',
    updated_at: '2026-10-01T10:00:00Z',
    archived_at: null,
  };
  // Owner-only fields, as GitHub does: absent for everyone else.
  return viewer.owner
    ? {
        ...base,
        plan: { name: gh.plan ?? 'enterprise', space: 976562499, private_repos: 999999, filled_seats: gh.members.length, seats: 50 },
        two_factor_requirement_enabled: gh.twoFactorRequired,
        members_can_create_repositories: false,
        default_repository_permission: 'read',
        total_private_repos: gh.repositories.filter((r) => r.visibility !== 'public').length,
        owned_private_repos: gh.repositories.filter((r) => r.visibility !== 'public').length,
      }
    : base;
}

export function memberJson(login: string, id: number) {
  return userJson(login, id);
}

export function repoJson(gh: SandboxGithub, repo: SandboxRepository, viewer: SandboxGithubViewer) {
  const full = `${gh.org}/${repo.name}`;
  const u = `${API}/repos/${full}`;
  const admin = isRepoAdmin(viewer, repo);
  const urls = Object.fromEntries(
    [
      'archive',
      'assignees',
      'blobs',
      'branches',
      'collaborators',
      'comments',
      'commits',
      'compare',
      'contents',
      'contributors',
      'deployments',
      'downloads',
      'events',
      'forks',
      'git_commits',
      'git_refs',
      'git_tags',
      'hooks',
      'issue_comment',
      'issue_events',
      'issues',
      'keys',
      'labels',
      'languages',
      'merges',
      'milestones',
      'notifications',
      'pulls',
      'releases',
      'stargazers',
      'statuses',
      'subscribers',
      'subscription',
      'tags',
      'teams',
      'trees',
    ].map((k) => [`${k}_url`, `${u}/${k.replace('_', '/')}`]),
  );
  return {
    id: repo.id,
    node_id: Buffer.from(`010:Repository${repo.id}`).toString('base64'),
    name: repo.name,
    full_name: full,
    private: repo.visibility !== 'public',
    owner: { ...userJson(gh.org, gh.orgId), type: 'Organization' },
    html_url: `https://github.com/${full}`,
    description: null,
    fork: false,
    url: u,
    ...urls,
    default_branch: repo.defaultBranch ?? 'main',
    archived: repo.archived,
    disabled: false,
    visibility: repo.visibility,
    permissions: { admin, maintain: admin, push: true, triage: true, pull: true },
    ...(admin
      ? {
          security_and_analysis: {
            secret_scanning: { status: repo.secretScanning ? 'enabled' : 'disabled' },
            secret_scanning_push_protection: { status: (repo.pushProtection ?? repo.secretScanning) ? 'enabled' : 'disabled' },
            dependabot_security_updates: { status: repo.vulnerabilityAlerts ? 'enabled' : 'disabled' },
          },
        }
      : {}),
  };
}

export function protectionJson(gh: SandboxGithub, repo: SandboxRepository, branch: string) {
  const c = repo.classic!;
  const u = `${API}/repos/${gh.org}/${repo.name}/branches/${branch}/protection`;
  return {
    url: u,
    required_status_checks: {
      url: `${u}/required_status_checks`,
      strict: true,
      contexts: c.statusChecks,
      contexts_url: `${u}/required_status_checks/contexts`,
      checks: c.statusChecks.map((context) => ({ context, app_id: null })),
    },
    enforce_admins: { url: `${u}/enforce_admins`, enabled: c.enforceAdmins },
    ...(c.requiredApprovals !== null
      ? {
          required_pull_request_reviews: {
            url: `${u}/required_pull_request_reviews`,
            dismiss_stale_reviews: false,
            require_code_owner_reviews: false,
            required_approving_review_count: c.requiredApprovals,
            require_last_push_approval: false,
            ...(c.bypassUsers?.length
              ? { bypass_pull_request_allowances: { users: c.bypassUsers.map((l, i) => userJson(l, 9000 + i)), teams: [], apps: [] } }
              : {}),
          },
        }
      : {}),
    required_linear_history: { enabled: false },
    allow_force_pushes: { enabled: c.allowForcePushes },
    allow_deletions: { enabled: c.allowDeletions },
    block_creations: { enabled: false },
    required_conversation_resolution: { enabled: false },
    required_signatures: { url: `${u}/required_signatures`, enabled: false },
    lock_branch: { enabled: false },
    allow_fork_syncing: { enabled: false },
  };
}

export function branchRulesJson(gh: SandboxGithub, repo: SandboxRepository) {
  const out: unknown[] = [];
  for (const { ruleset, source } of rulesetsFor(gh, repo)) {
    if (ruleset.enforcement !== 'active') continue; // GitHub lists the rules that are enforced
    const meta = { ruleset_source_type: source, ruleset_source: source === 'Organization' ? gh.org : `${gh.org}/${repo.name}`, ruleset_id: ruleset.id };
    for (const rule of ruleset.rules) {
      switch (rule.type) {
        case 'pull_request':
          out.push({
            type: 'pull_request',
            ...meta,
            parameters: {
              dismiss_stale_reviews_on_push: false,
              require_code_owner_review: false,
              require_last_push_approval: false,
              required_approving_review_count: rule.requiredApprovals,
              required_review_thread_resolution: false,
            },
          });
          break;
        case 'required_status_checks':
          out.push({
            type: 'required_status_checks',
            ...meta,
            parameters: { strict_required_status_checks_policy: true, required_status_checks: rule.contexts.map((context) => ({ context })) },
          });
          break;
        default:
          out.push({ type: rule.type, ...meta });
      }
    }
  }
  return out;
}

/** `page`/`per_page` slicing with a Link header, like GitHub. */
export function paged(req: SandboxRequest, items: unknown[]): SandboxResponse {
  const perPage = Math.min(Math.max(Number(req.query.get('per_page') ?? 30) || 30, 1), 100);
  const page = Math.max(Number(req.query.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(req.query);
    q.set('page', String(p));
    q.set('per_page', String(perPage));
    return `<${req.baseUrl}${req.path}?${q.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  return json(200, slice, links.length ? { link: links.join(', ') } : {});
}
