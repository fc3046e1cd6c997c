// What of each GitHub answer is kept as evidence (allow-list, see Keep in run/evidence-store.ts), by the
// documented route. GraphQL answers are kept whole: the query itself names every field it asks for.
// A route missing here falls back to key-name redaction (test/collectors/github/units.test.ts names it).
import type { Keep } from '../../run/evidence-store.js';

/** Failed answers are kept as `{ status, body }`: GitHub's message and documentation link. */
const FAILED: Record<string, Keep> = { status: true, body: { message: true, documentation_url: true, status: true } };
const withFailure = (spec: Record<string, Keep>): Keep => ({ ...FAILED, ...spec });
const member: Record<string, Keep> = { login: true, id: true, type: true, site_admin: true };

export const GITHUB_KEEP: Record<string, Keep> = {
  'GET /orgs/{org}': withFailure({
    login: true,
    id: true,
    name: true,
    two_factor_requirement_enabled: true,
    total_private_repos: true,
    owned_private_repos: true,
    plan: { name: true },
  }),
  'GET /orgs/{org}/members': withFailure(member),
  'GET /orgs/{org}/repos': withFailure({
    name: true,
    full_name: true,
    private: true,
    visibility: true,
    archived: true,
    fork: true,
    default_branch: true,
    owner: { login: true },
    security_and_analysis: true,
  }),
  'GET /repos/{owner}/{repo}/branches/{branch}/protection': withFailure({
    url: true,
    required_status_checks: true,
    enforce_admins: { enabled: true },
    required_pull_request_reviews: true,
    restrictions: { users: member, teams: { slug: true, name: true }, apps: { slug: true, name: true } },
    required_linear_history: true,
    allow_force_pushes: true,
    allow_deletions: true,
    block_creations: true,
    required_conversation_resolution: true,
    lock_branch: true,
    allow_fork_syncing: true,
    required_signatures: { enabled: true },
  }),
  'GET /orgs/{org}/outside_collaborators': withFailure(member),
  'GET /orgs/{org}/actions/permissions/workflow': withFailure({ default_workflow_permissions: true, can_approve_pull_request_reviews: true }),
  // Secret names and dates only: GitHub never returns values, and none is asked for.
  'GET /orgs/{org}/actions/secrets': withFailure({ total_count: true, secrets: { name: true, created_at: true, updated_at: true, visibility: true } }),
  'GET /repos/{owner}/{repo}/actions/secrets': withFailure({ total_count: true, secrets: { name: true, created_at: true, updated_at: true } }),
  'GET /repos/{owner}/{repo}/rules/branches/{branch}': withFailure({
    type: true,
    parameters: true,
    ruleset_source_type: true,
    ruleset_source: true,
    ruleset_id: true,
  }),
};

/** GraphQL: the answer to our own query (data, errors) and the query with its variables. */
export const GRAPHQL_KEEP: Keep = { data: true, errors: true, status: true, body: { message: true, documentation_url: true, errors: true } };
export const GRAPHQL_PARAMETERS_KEEP: Keep = { query: true, variables: true };

/** Request parameters are the route's own (org, owner, repo, branch, filters, page): never credentials, which travel in headers. */
export const REST_PARAMETERS_KEEP: Keep = {
  org: true,
  owner: true,
  repo: true,
  branch: true,
  filter: true,
  role: true,
  type: true,
  per_page: true,
  page: true,
  installation_id: true,
  query: true,
  variables: true,
};
