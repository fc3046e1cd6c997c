// GraphQL documents the collector sends (validated against GitHub's published schema in tests).
// Fields a minimal GitHub-compatible server might not resolve are few and optional ($withMeta): when a
// page fails on them, it is asked again without them and the collector falls back to REST for what
// they would have told. One RepositoryPage request describes 50 repositories: default-branch protection (classic rule and
// active ruleset rules with their bypass actors), the first merged pull requests and the first commits
// of the period. Continuation queries batch the few repositories that need more.

export const REPOS_PER_PAGE = 50;
export const FIRST_PULLS = 10;
export const FIRST_COMMITS = 10;
export const RULES_PER_BRANCH = 10;
export const CONTINUATION_BATCH = 10;

const PULL_FIELDS = `
  number title updatedAt mergedAt baseRefName
  author { login }
  mergedBy { login }
  mergeCommit { oid }
  reviews(first: 100) { totalCount nodes { author { login } state submittedAt } }`;

const COMMIT_FIELDS = `
  oid committedDate messageHeadline
  author { user { login } name }
  associatedPullRequests(first: 10) { nodes { number merged baseRefName } }`;

export const REPOSITORY_PAGE = `
query RepositoryPage($org: String!, $first: Int!, $after: String, $since: GitTimestamp!, $until: GitTimestamp!,
                     $withProtection: Boolean!, $withPulls: Boolean!, $withCommits: Boolean!, $withMeta: Boolean!) {
  rateLimit { cost remaining resetAt }
  organization(login: $org) {
    repositories(first: $first, after: $after, orderBy: { field: NAME, direction: ASC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        name nameWithOwner isArchived
        visibility @include(if: $withMeta)
        viewerCanAdminister @include(if: $withMeta)
        defaultBranchRef {
          name
          branchProtectionRule @include(if: $withProtection) {
            pattern requiresApprovingReviews requiredApprovingReviewCount allowsForcePushes allowsDeletions
            requiresStatusChecks requiredStatusCheckContexts isAdminEnforced
            bypassPullRequestAllowances(first: 1) { totalCount }
            bypassForcePushAllowances(first: 1) { totalCount }
          }
          rules(first: ${RULES_PER_BRANCH}) @include(if: $withProtection) {
            totalCount
            nodes {
              type
              parameters {
                __typename
                ... on PullRequestParameters { requiredApprovingReviewCount }
                ... on RequiredStatusChecksParameters { requiredStatusChecks { context } }
              }
              repositoryRuleset {
                databaseId name enforcement
                source { __typename ... on Organization { login } ... on Repository { nameWithOwner } }
                bypassActors(first: 5) {
                  totalCount
                  nodes { organizationAdmin repositoryRoleName deployKey bypassMode actor { __typename ... on App { slug } ... on Team { slug } } }
                }
              }
            }
          }
          target @include(if: $withCommits) {
            ... on Commit {
              history(first: ${FIRST_COMMITS}, since: $since, until: $until) { pageInfo { hasNextPage endCursor } nodes { ${COMMIT_FIELDS} } }
            }
          }
        }
        pullRequests(first: ${FIRST_PULLS}, states: MERGED, orderBy: { field: UPDATED_AT, direction: DESC }) @include(if: $withPulls) {
          pageInfo { hasNextPage endCursor }
          nodes { ${PULL_FIELDS} }
        }
      }
    }
  }
}`;

export interface RepoRef {
  owner: string;
  name: string;
  branch: string;
  cursor: string | null;
}

/** Aliased per-repository queries: r0…rN, variables o0/n0/b0/c0… (never string-spliced values). */
function batched(
  name: string,
  repos: RepoRef[],
  body: (i: number) => string,
  extraVars = '',
  withBranch = true,
): { query: string; variables: Record<string, unknown> } {
  const decl: string[] = [];
  const parts: string[] = [];
  const variables: Record<string, unknown> = {};
  repos.forEach((r, i) => {
    decl.push(`$o${i}: String!, $n${i}: String!`);
    Object.assign(variables, { [`o${i}`]: r.owner, [`n${i}`]: r.name });
    if (withBranch) {
      decl.push(`$b${i}: String!, $c${i}: String`);
      Object.assign(variables, { [`b${i}`]: r.branch, [`c${i}`]: r.cursor });
    }
    parts.push(`r${i}: repository(owner: $o${i}, name: $n${i}) { ${body(i)} }`);
  });
  return {
    query: `query ${name}(${[...decl, extraVars].filter(Boolean).join(', ')}) {\n  rateLimit { cost remaining resetAt }\n  ${parts.join('\n  ')}\n}`,
    variables,
  };
}

export function mergedPullRequestsQuery(repos: RepoRef[]) {
  return batched(
    'MergedPullRequests',
    repos,
    (i) =>
      `pullRequests(first: 50, after: $c${i}, states: MERGED, baseRefName: $b${i}, orderBy: { field: ` +
      `UPDATED_AT, direction: DESC }) { pageInfo { hasNextPage endCursor } nodes { ${PULL_FIELDS} } }`,
  );
}

export function defaultBranchCommitsQuery(repos: RepoRef[], since: string, until: string) {
  const q = batched(
    'DefaultBranchCommits',
    repos,
    (i) =>
      `ref(qualifiedName: $b${i}) { target { ... on Commit { history(first: 100, after: $c${i}, since: ` +
      `$since, until: $until) { pageInfo { hasNextPage endCursor } nodes { ${COMMIT_FIELDS} } } } } }`,
    '$since: GitTimestamp!, $until: GitTimestamp!',
  );
  return { query: q.query, variables: { ...q.variables, since, until } };
}

export function vulnerabilityAlertsQuery(repos: Array<{ owner: string; name: string }>) {
  return batched(
    'VulnerabilityAlerts',
    repos.map((r) => ({ ...r, branch: '', cursor: null })),
    () => 'hasVulnerabilityAlertsEnabled',
    '',
    false,
  );
}

// ---- Response shapes (what the queries above select) ----

export interface GqlPull {
  number: number;
  title: string;
  updatedAt: string;
  mergedAt: string | null;
  baseRefName: string;
  author: { login: string } | null;
  mergedBy: { login: string } | null;
  mergeCommit: { oid: string } | null;
  reviews: { totalCount: number; nodes: Array<{ author: { login: string } | null; state: string; submittedAt: string | null }> } | null;
}

export interface GqlCommit {
  oid: string;
  committedDate: string;
  messageHeadline: string;
  author: { user: { login: string } | null; name: string | null } | null;
  associatedPullRequests: { nodes: Array<{ number: number; merged: boolean; baseRefName: string } | null> } | null;
}

export interface GqlHistory {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<GqlCommit | null>;
}

export interface GqlRule {
  type: string;
  parameters: { __typename: string; requiredApprovingReviewCount?: number; requiredStatusChecks?: Array<{ context: string }> } | null;
  repositoryRuleset: {
    databaseId: number | null;
    name: string;
    enforcement: string;
    source: { __typename: string; login?: string; nameWithOwner?: string };
    bypassActors: {
      totalCount: number;
      nodes: Array<{
        organizationAdmin: boolean;
        repositoryRoleName: string | null;
        deployKey: boolean;
        bypassMode: string | null;
        actor: { __typename: string; slug?: string } | null;
      } | null>;
    } | null;
  } | null;
}

export interface GqlRepository {
  name: string;
  nameWithOwner: string;
  isArchived: boolean;
  visibility?: string;
  viewerCanAdminister?: boolean;
  defaultBranchRef: {
    name: string;
    branchProtectionRule?: {
      pattern: string;
      requiresApprovingReviews: boolean;
      requiredApprovingReviewCount: number | null;
      allowsForcePushes: boolean;
      allowsDeletions: boolean;
      requiresStatusChecks: boolean;
      requiredStatusCheckContexts: Array<string | null> | null;
      isAdminEnforced: boolean;
      bypassPullRequestAllowances: { totalCount: number };
      bypassForcePushAllowances: { totalCount: number };
    } | null;
    rules?: { totalCount: number; nodes: Array<GqlRule | null> } | null;
    target?: { history?: GqlHistory } | null;
  } | null;
  pullRequests?: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<GqlPull | null> };
}

export interface RepositoryPageData {
  rateLimit: { cost: number; remaining: number } | null;
  organization: {
    repositories: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<GqlRepository | null> };
  } | null;
}
