// Repositories of the organization, read 50 at a time over GraphQL (protection, first merged PRs,
// first commits of the period), with REST only where GraphQL cannot see: classic protection of
// repositories the token cannot administer, ruleset rules beyond the first page, secret scanning.
import { collected, failed, type Collected, type EvidenceRef } from '../../core/types.js';
import type { BranchRule, ClassicBranchProtection, DefaultBranchProtection, GithubCommit, GithubPullRequest, GithubRepository } from '../../evidence/github.js';
import { GithubReadError, type GithubClient, type GraphqlResult } from './client.js';
import { asFailure } from './org.js';
import {
  REPOS_PER_PAGE,
  REPOSITORY_PAGE,
  vulnerabilityAlertsQuery,
  type GqlCommit,
  type GqlPull,
  type GqlRepository,
  type GqlRule,
  type RepositoryPageData,
} from './queries.js';

const META_FIELDS = ['visibility', 'viewerCanAdminister'];

export const REPO_ADMIN =
  'admin access to the repository (classic token: repo scope, used by an org owner or repository admin; fine-grained/App: repository Administration read)';
export const REPO_READ = 'repo scope (fine-grained/App: repository Metadata, Contents and Pull requests read)';

export interface RepositoryWork {
  repo: GithubRepository;
  node: GqlRepository;
  /** First page of merged PRs / commits came with the repository page. */
  pullsComplete: boolean;
  pulls: GithubPullRequest[];
  commits: GithubCommit[];
  commitCursor: string | null;
  commitsComplete: boolean;
  pageRef: EvidenceRef;
  /** Paths (below the repository node) GraphQL answered with an error, e.g. `defaultBranchRef.rules`. */
  errorPaths: string[];
}

export interface PageOptions {
  org: string;
  since: string;
  until: string;
  periodStart: number;
  withProtection: boolean;
  withPulls: boolean;
  withCommits: boolean;
  onPage?: (done: number, total: number) => void;
}

export async function listRepositories(
  client: GithubClient,
  o: PageOptions,
): Promise<Collected<RepositoryWork[]> & { unreadable?: { count: number; reason: string } }> {
  const work: RepositoryWork[] = [];
  let unreadable = 0;
  const reasons = new Set<string>();
  const refs: EvidenceRef[] = [];
  let after: string | null = null;
  let withMeta = true;
  try {
    for (;;) {
      const ask = () =>
        client.graphql<RepositoryPageData>('RepositoryPage', REPOSITORY_PAGE, {
          org: o.org,
          first: REPOS_PER_PAGE,
          after,
          since: o.since,
          until: o.until,
          withProtection: o.withProtection,
          withPulls: o.withPulls,
          withCommits: o.withCommits,
          withMeta,
        });
      let res: GraphqlResult<RepositoryPageData> = await ask();
      refs.push(res.ref);
      if (withMeta && res.errors.some((e) => META_FIELDS.includes(String(e.path?.[4] ?? '')))) {
        // The server could not resolve visibility/viewerCanAdminister: ask without them (REST decides classic protection).
        withMeta = false;
        res = await ask();
        refs.push(res.ref);
      }
      const conn = res.data?.organization?.repositories;
      if (!conn) {
        const msg = res.errors.map((e) => e.message).join('; ') || 'no repositories in the answer';
        return failed(
          {
            kind: /not found|could not resolve/i.test(msg) ? 'not_found' : 'access_denied',
            message: `graphql:RepositoryPage: ${msg}`,
            missingPermission: REPO_READ,
            operation: 'graphql:RepositoryPage',
          },
          refs,
        );
      }
      conn.nodes.forEach((node, i) => {
        if (!node) {
          // GitHub could not resolve this repository: say so, never leave it out silently.
          unreadable++;
          for (const e of res.errors) if (e.path?.[3] === i) reasons.add(e.message);
          return;
        }
        const errors = res.errors.filter((e) => e.path?.[3] === i).map((e) => ({ path: (e.path ?? []).slice(4).join('.'), message: e.message }));
        work.push(toWork(node, errors, res.ref, o));
      });
      o.onPage?.(work.length, conn.totalCount);
      if (!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor) break;
      after = conn.pageInfo.endCursor;
    }
    return unreadable > 0
      ? {
          ...collected(work, refs),
          unreadable: {
            count: unreadable,
            reason:
              `GitHub could not return ${unreadable} repositor` +
              `${unreadable === 1 ? 'y' : 'ies'} of the organization: ${[...reasons].join('; ') || 'no reason given'}`,
          },
        }
      : collected(work, refs);
  } catch (err) {
    const f = asFailure<RepositoryWork[]>(err);
    return { ...f, refs: [...refs, ...f.refs] };
  }
}

function toWork(node: GqlRepository, errors: Array<{ path: string; message: string }>, pageRef: EvidenceRef, o: PageOptions): RepositoryWork {
  const owner = node.nameWithOwner.split('/')[0]!;
  const repo: GithubRepository = {
    owner,
    name: node.name,
    fullName: node.nameWithOwner,
    archived: node.isArchived,
    visibility: node.visibility?.toLowerCase() ?? 'unknown',
    defaultBranch: node.defaultBranchRef?.name ?? null,
    refs: [pageRef],
  };
  const work: RepositoryWork = {
    repo,
    node,
    pullsComplete: true,
    pulls: [],
    commits: [],
    commitCursor: null,
    commitsComplete: true,
    pageRef,
    errorPaths: errors.map((e) => e.path),
  };
  const errorAt = (prefix: string) => errors.find((e) => e.path.startsWith(prefix));

  if (o.withPulls) {
    const conn = node.pullRequests;
    const err = errorAt('pullRequests');
    if (!conn || err) {
      work.pullsComplete = false;
    } else {
      const nodes = conn.nodes.filter((n): n is GqlPull => n !== null);
      work.pulls = nodes.map(toPull).filter((p): p is GithubPullRequest => p !== null);
      const last = nodes[nodes.length - 1];
      // Newest-updated first: once a PR was last updated before the period, every later one merged before it too.
      // A null node (a PR GitHub could not resolve) means "ask again", never "skip it".
      work.pullsComplete =
        nodes.length === conn.nodes.length &&
        (!conn.pageInfo.hasNextPage || (last !== undefined && newestFirst(nodes) && Date.parse(last.updatedAt) < o.periodStart));
    }
  }
  if (o.withCommits && repo.defaultBranch) {
    const history = node.defaultBranchRef?.target?.history;
    if (!history || errorAt('defaultBranchRef.target')) {
      work.commitsComplete = false;
    } else {
      if (history.nodes.some((c) => c === null)) {
        work.commitsComplete = false; // start over in the continuation query, which fails loudly if it happens again
      } else {
        work.commits = history.nodes.filter((c): c is GqlCommit => c !== null).map(toCommit(repo.defaultBranch));
        work.commitsComplete = !history.pageInfo.hasNextPage;
        work.commitCursor = history.pageInfo.endCursor;
      }
    }
  }
  return work;
}

/**
 * Stopping early is safe only if the server really ordered by last update, newest first (a server that
 * ignored `orderBy` would otherwise hide in-period merges behind old ones): checked, not assumed.
 */
export function newestFirst(nodes: GqlPull[], previous?: string): boolean {
  let prev = previous ?? nodes[0]?.updatedAt ?? '';
  for (const n of nodes) {
    if (Date.parse(n.updatedAt) > Date.parse(prev)) return false;
    prev = n.updatedAt;
  }
  return true;
}

export function toPull(n: GqlPull): GithubPullRequest | null {
  if (!n.mergedAt) return null;
  return {
    number: n.number,
    title: n.title,
    author: n.author?.login ?? null,
    mergedBy: n.mergedBy?.login ?? null,
    mergedAt: n.mergedAt,
    baseRef: n.baseRefName,
    mergeCommit: n.mergeCommit?.oid ?? null,
    reviewsComplete: !!n.reviews && n.reviews.totalCount <= n.reviews.nodes.length && n.reviews.nodes.every((r) => r !== null),
    reviews: (n.reviews?.nodes ?? []).filter((r) => r !== null).map((r) => ({ author: r.author?.login ?? null, state: r.state, submittedAt: r.submittedAt })),
  };
}

export const toCommit =
  (branch: string) =>
  (c: GqlCommit): GithubCommit => ({
    sha: c.oid,
    committedDate: c.committedDate,
    author: c.author?.user?.login ?? c.author?.name ?? null,
    message: c.messageHeadline,
    pullRequests: (c.associatedPullRequests?.nodes ?? []).filter((p) => p?.merged && p.baseRefName === branch).map((p) => p!.number),
  });

// ---- Protection ----

function bypassActorsOf(rule: GqlRule): string[] | null {
  const conn = rule.repositoryRuleset?.bypassActors;
  if (!conn) return null;
  const names = conn.nodes
    .filter((n) => n !== null)
    .map((n) => {
      if (n.organizationAdmin) return 'OrganizationAdmin';
      if (n.repositoryRoleName) return `RepositoryRole:${n.repositoryRoleName}`;
      if (n.deployKey) return 'DeployKey';
      if (n.actor) return `${n.actor.__typename}:${n.actor.slug ?? '?'}`;
      return 'unknown actor';
    });
  if (conn.totalCount > names.length) names.push(`${conn.totalCount - names.length} more`);
  return names;
}

export function graphqlRules(nodes: Array<GqlRule | null>): BranchRule[] {
  return nodes
    .filter((n): n is GqlRule => n !== null)
    .map((n) => {
      const rs = n.repositoryRuleset;
      const source = rs?.source.__typename === 'Organization' ? `Organization:${rs.source.login ?? '?'}` : `Repository:${rs?.source.nameWithOwner ?? '?'}`;
      return {
        type: n.type,
        // A ruleset the token cannot see has an unknown enforcement: never counted as active.
        ruleset: {
          name: rs?.name ?? 'unknown ruleset',
          id: rs?.databaseId ?? null,
          enforcement: rs?.enforcement ?? 'UNKNOWN',
          source,
          bypassActors: bypassActorsOf(n),
        },
        ...(n.parameters?.requiredApprovingReviewCount !== undefined ? { requiredApprovingReviewCount: n.parameters.requiredApprovingReviewCount } : {}),
        ...(n.parameters?.requiredStatusChecks ? { requiredStatusChecks: n.parameters.requiredStatusChecks.map((c) => c.context) } : {}),
      };
    });
}

export interface RestProtection {
  required_pull_request_reviews?: {
    required_approving_review_count?: number;
    bypass_pull_request_allowances?: { users?: unknown[]; teams?: unknown[]; apps?: unknown[] };
  };
  required_status_checks?: { contexts?: string[]; checks?: Array<{ context: string }> } | null;
  enforce_admins?: { enabled: boolean };
  allow_force_pushes?: { enabled: boolean };
  allow_deletions?: { enabled: boolean };
  url?: string;
}

/** GitHub always sends these fields; were one missing, assume the weaker setting (never a false pass). */
export function restClassic(p: RestProtection, branch: string): ClassicBranchProtection {
  const b = p.required_pull_request_reviews?.bypass_pull_request_allowances;
  const checks = new Set([...(p.required_status_checks?.contexts ?? []), ...(p.required_status_checks?.checks ?? []).map((c) => c.context)]);
  return {
    pattern: branch,
    requiresPullRequest: p.required_pull_request_reviews !== undefined,
    requiredApprovingReviewCount: p.required_pull_request_reviews?.required_approving_review_count ?? 0,
    allowsForcePushes: p.allow_force_pushes?.enabled ?? true,
    allowsDeletions: p.allow_deletions?.enabled ?? true,
    requiredStatusChecks: [...checks].sort(),
    isAdminEnforced: p.enforce_admins?.enabled ?? false,
    bypassActors: (b?.users?.length ?? 0) + (b?.teams?.length ?? 0) + (b?.apps?.length ?? 0),
  };
}

/** Classic protection over REST: 404 "Branch not protected" = none; any other 404/403 = could not verify. */
async function restClassicProtection(client: GithubClient, repo: GithubRepository, branch: string): Promise<Collected<ClassicBranchProtection | null>> {
  try {
    const { data, ref } = await client.rest<RestProtection>(
      'GET /repos/{owner}/{repo}/branches/{branch}/protection',
      { owner: repo.owner, repo: repo.name, branch },
      REPO_ADMIN,
    );
    return collected(restClassic(data, branch), [ref]);
  } catch (err) {
    if (err instanceof GithubReadError && err.status === 404 && /branch not protected/i.test(err.githubMessage)) return collected(null, err.refs);
    if (err instanceof GithubReadError && (err.status === 404 || err.status === 403)) {
      client.missingPermissions.add(REPO_ADMIN);
      return failed(
        {
          ...err.error,
          kind: 'access_denied',
          missingPermission: REPO_ADMIN,
          message: `${err.error.message} — classic branch protection is visible only with admin access to ${repo.fullName}`,
        },
        err.refs,
      );
    }
    return asFailure(err);
  }
}

interface RestRule {
  type: string;
  parameters?: { required_approving_review_count?: number; required_status_checks?: Array<{ context: string }> };
  ruleset_source_type?: string;
  ruleset_source?: string;
  ruleset_id?: number;
}

/** Active rules for the branch over REST (`rules/branches`); bypass actors are not part of this answer. */
async function restRules(client: GithubClient, repo: GithubRepository, branch: string): Promise<Collected<BranchRule[]>> {
  try {
    const { data, refs } = await client.paginate<RestRule>(
      'GET /repos/{owner}/{repo}/rules/branches/{branch}',
      { owner: repo.owner, repo: repo.name, branch },
      REPO_READ,
    );
    return collected(
      data.map((r) => ({
        type: r.type.toUpperCase(),
        ruleset: {
          name: `ruleset ${r.ruleset_id ?? '?'}`,
          id: r.ruleset_id ?? null,
          enforcement: 'ACTIVE',
          source: `${r.ruleset_source_type ?? 'Repository'}:${r.ruleset_source ?? repo.fullName}`,
          bypassActors: null,
        },
        ...(r.parameters?.required_approving_review_count !== undefined ? { requiredApprovingReviewCount: r.parameters.required_approving_review_count } : {}),
        ...(r.parameters?.required_status_checks ? { requiredStatusChecks: r.parameters.required_status_checks.map((c) => c.context) } : {}),
      })),
      refs,
    );
  } catch (err) {
    return asFailure(err);
  }
}

export async function protectionOf(client: GithubClient, w: RepositoryWork, errors: (prefix: string) => boolean): Promise<Collected<DefaultBranchProtection>> {
  const branch = w.repo.defaultBranch!;
  const ref = w.node.defaultBranchRef!;
  let classic: Collected<ClassicBranchProtection | null>;
  // GraphQL hides classic rules from non-admins (null looks like "unprotected"): ask REST, which says which.
  if (w.node.viewerCanAdminister === true && ref.branchProtectionRule !== undefined && !errors('defaultBranchRef.branchProtectionRule')) {
    const r = ref.branchProtectionRule;
    classic = collected(
      r
        ? {
            pattern: r.pattern,
            requiresPullRequest: r.requiresApprovingReviews,
            requiredApprovingReviewCount: r.requiredApprovingReviewCount ?? 0,
            allowsForcePushes: r.allowsForcePushes,
            allowsDeletions: r.allowsDeletions,
            requiredStatusChecks: r.requiresStatusChecks ? (r.requiredStatusCheckContexts ?? []).filter((c): c is string => !!c) : [],
            isAdminEnforced: r.isAdminEnforced,
            bypassActors: r.bypassPullRequestAllowances.totalCount + r.bypassForcePushAllowances.totalCount,
          }
        : null,
      [w.pageRef],
    );
  } else {
    classic = await restClassicProtection(client, w.repo, branch);
  }
  let rules: Collected<BranchRule[]>;
  const gqlRules = ref.rules;
  if (gqlRules && !errors('defaultBranchRef.rules') && gqlRules.totalCount <= gqlRules.nodes.length) {
    rules = collected(graphqlRules(gqlRules.nodes), [w.pageRef]);
  } else {
    rules = await restRules(client, w.repo, branch);
    // REST does not name bypass actors; keep GraphQL's where it had them (same rulesets, first page).
    if (rules.ok && gqlRules) {
      const known = new Map(graphqlRules(gqlRules.nodes).map((r) => [r.ruleset.id, r.ruleset]));
      rules = collected(
        rules.value.map((r) => (known.has(r.ruleset.id) ? { ...r, ruleset: known.get(r.ruleset.id)! } : r)),
        [...rules.refs, w.pageRef],
      );
    }
  }
  return collected({ branch, classic, rules }, [w.pageRef]);
}

// ---- Security features ----

interface RestRepo {
  name: string;
  full_name: string;
  security_and_analysis?: { secret_scanning?: { status?: string }; secret_scanning_push_protection?: { status?: string } } | null;
}

/** `security_and_analysis` from the org repository list (admins see it): one request per 100 repositories. */
export async function secretScanningByRepo(
  client: GithubClient,
  org: string,
): Promise<Collected<Map<string, { status: 'enabled' | 'disabled' | null; pushProtection: 'enabled' | 'disabled' | null; ref: EvidenceRef }>>> {
  try {
    const { data, refs } = await client.paginate<RestRepo>('GET /orgs/{org}/repos', { org, type: 'all', sort: 'full_name' }, REPO_READ);
    const out = new Map<string, { status: 'enabled' | 'disabled' | null; pushProtection: 'enabled' | 'disabled' | null; ref: EvidenceRef }>();
    const known = (s: string | undefined) => (s === 'enabled' || s === 'disabled' ? s : null);
    data.forEach((r, i) => {
      const sa = r.security_and_analysis;
      out.set(r.full_name.toLowerCase(), {
        status: known(sa?.secret_scanning?.status),
        pushProtection: known(sa?.secret_scanning_push_protection?.status),
        ref: refs[Math.min(Math.floor(i / 100), refs.length - 1)]!,
      });
    });
    return collected(out, refs);
  } catch (err) {
    return asFailure(err);
  }
}

export function secretScanningOf(
  repo: GithubRepository,
  listing: Collected<Map<string, { status: 'enabled' | 'disabled' | null; pushProtection: 'enabled' | 'disabled' | null; ref: EvidenceRef }>>,
  feature: 'status' | 'pushProtection' = 'status',
): Collected<'enabled' | 'disabled'> {
  if (!listing.ok) return listing;
  const entry = listing.value.get(repo.fullName.toLowerCase());
  if (!entry)
    return failed({ kind: 'not_found', message: `GET /orgs/{org}/repos did not list ${repo.fullName}`, operation: 'GET /orgs/{org}/repos' }, listing.refs);
  const value = entry[feature];
  if (value === null) {
    const field = feature === 'status' ? 'secret_scanning' : 'secret_scanning_push_protection';
    return failed(
      {
        kind: 'access_denied',
        message: `GitHub did not return security_and_analysis.${field} for ${repo.fullName}; only repository admins (or security managers) see it`,
        missingPermission: REPO_ADMIN,
        operation: 'GET /orgs/{org}/repos',
      },
      [entry.ref],
    );
  }
  return collected(value, [entry.ref]);
}

/** `hasVulnerabilityAlertsEnabled`, 100 repositories per query (1 point); a repository GitHub refuses is an error of its own. */
export async function vulnerabilityAlerts(client: GithubClient, repos: GithubRepository[]): Promise<Map<string, Collected<boolean>>> {
  const out = new Map<string, Collected<boolean>>();
  for (let i = 0; i < repos.length; i += 100) {
    const batch = repos.slice(i, i + 100);
    const { query, variables } = vulnerabilityAlertsQuery(batch);
    try {
      const res = await client.graphql<Record<string, { hasVulnerabilityAlertsEnabled: boolean } | null>>('VulnerabilityAlerts', query, variables);
      batch.forEach((repo, j) => {
        const v = res.data?.[`r${j}`];
        if (v && typeof v.hasVulnerabilityAlertsEnabled === 'boolean') {
          out.set(repo.fullName, collected(v.hasVulnerabilityAlertsEnabled, [res.ref]));
        } else {
          const e = res.errors.find((x) => x.path?.[0] === `r${j}`);
          client.missingPermissions.add(REPO_ADMIN);
          out.set(
            repo.fullName,
            failed(
              {
                kind: 'access_denied',
                message: `graphql:VulnerabilityAlerts: ${e?.message ?? `no hasVulnerabilityAlertsEnabled for ${repo.fullName}`}`,
                missingPermission: REPO_ADMIN,
                operation: 'graphql:VulnerabilityAlerts',
              },
              [res.ref],
            ),
          );
        }
      });
    } catch (err) {
      const f = asFailure<boolean>(err);
      for (const repo of batch) out.set(repo.fullName, f);
    }
  }
  return out;
}
