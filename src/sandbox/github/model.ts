// The sandbox's GitHub organization, as plain data. REST and GraphQL handlers derive every answer from it.

export interface SandboxGithubViewer {
  login: string;
  /** Organization owner: sees the 2FA requirement, may filter members by 2FA, administers every repository. */
  owner: boolean;
  /** Repositories this viewer administers without being an owner. */
  adminRepos?: string[];
  /** A classic token without the `repo` scope: sees public repositories only. */
  publicOnly?: boolean;
  /** Administers no repository even as an owner (e.g. an App without Administration read). */
  noRepoAdmin?: boolean;
  /** May not read SAML external identities (a token without the scope: GraphQL answers FORBIDDEN). */
  noSamlRead?: boolean;
}

export interface SandboxGithubMember {
  login: string;
  id: number;
  role: 'admin' | 'member';
  twoFactor: boolean;
}

export type SandboxRule =
  | { type: 'pull_request'; requiredApprovals: number }
  | { type: 'non_fast_forward' }
  | { type: 'deletion' }
  | { type: 'update' }
  | { type: 'required_status_checks'; contexts: string[] };

export interface SandboxBypassActor {
  kind: 'OrganizationAdmin' | 'RepositoryRole' | 'Team' | 'App' | 'DeployKey';
  /** Role name (`admin`) or team/app slug. */
  name?: string;
  mode?: 'always' | 'pull_request';
}

export interface SandboxRuleset {
  id: number;
  name: string;
  enforcement: 'active' | 'evaluate' | 'disabled';
  /** Org rulesets: the repositories it targets (`undefined` = all). Rulesets always target the default branch here. */
  repositories?: string[];
  rules: SandboxRule[];
  bypass: SandboxBypassActor[];
}

export interface SandboxClassicProtection {
  /** `null`: no "require a pull request" rule at all. */
  requiredApprovals: number | null;
  allowForcePushes: boolean;
  allowDeletions: boolean;
  statusChecks: string[];
  enforceAdmins: boolean;
  /** Users allowed to bypass the pull-request requirement. */
  bypassUsers?: string[];
}

export interface SandboxReview {
  author: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';
  submittedAt: string;
}

export interface SandboxPullRequest {
  number: number;
  title: string;
  author: string;
  base: string;
  /** `null`: closed or open, not merged. */
  mergedAt: string | null;
  mergedBy: string | null;
  updatedAt: string;
  /** The merge/squash commit on the base branch. */
  mergeCommit: string | null;
  reviews: SandboxReview[];
}

export interface SandboxCommit {
  sha: string;
  committedDate: string;
  author: string;
  message: string;
  /** The merged pull request that brought the commit to the default branch. */
  pullRequest?: number;
}

export interface SandboxRepository {
  name: string;
  id: number;
  archived: boolean;
  visibility: 'public' | 'private' | 'internal';
  /** `null`: empty repository. */
  defaultBranch: string | null;
  secretScanning: boolean;
  vulnerabilityAlerts: boolean;
  /** Secret-scanning push protection (default: as `secretScanning`). */
  pushProtection?: boolean;
  /** Actions secret names (the sandbox has no values). */
  actionsSecrets?: string[];
  classic?: SandboxClassicProtection;
  rulesets?: SandboxRuleset[];
  pullRequests: SandboxPullRequest[];
  /** Default-branch history, any order (served newest first). */
  commits: SandboxCommit[];
}

/**
 * `faults.deny` keys the GitHub sandbox understands: `github:owner` (the token loses the owner role),
 * `github:admin` (no repository admin rights), `github:repo` (private repositories invisible),
 * `github:saml` (a token without the permission to read SAML identities: GraphQL FORBIDDEN).
 */
export const GITHUB_DENY_KEYS = ['github:owner', 'github:admin', 'github:repo', 'github:saml'] as const;

/** An outside collaborator and their permission per repository (`ADMIN`, `MAINTAIN`, `WRITE`, `TRIAGE`, `READ`). */
export interface SandboxOutsideCollaborator {
  login: string;
  id: number;
  repositories: Record<string, string>;
}

/** SAML single sign-on: at the organization, or at its enterprise; absent = a plan without SAML. */
export interface SandboxSaml {
  at: 'organization' | 'enterprise';
  /** Enterprise slug, for `at: enterprise`. */
  enterprise?: string;
  /** External identities: the GitHub login (null = not yet linked) and the IdP NameID. */
  identities: Array<{ login: string | null; nameId: string }>;
}

export interface SandboxGithub {
  org: string;
  orgName: string;
  orgId: number;
  twoFactorRequired: boolean;
  /** Accepted tokens → who they act as. */
  tokens: Record<string, SandboxGithubViewer>;
  /** GitHub App auth: installation id → the viewer its installation token acts as. */
  app?: { appId: string; installationId: number; viewer: SandboxGithubViewer };
  members: SandboxGithubMember[];
  outsideCollaborators?: SandboxOutsideCollaborator[];
  /** SAML external identities (people linking): where SSO is configured and who is linked. */
  samlLinks?: SandboxSaml;
  repositories: SandboxRepository[];
  orgRulesets: SandboxRuleset[];
  /**
   * GraphQL fields this server leaves unresolved (`Type.field`, e.g. `Repository.viewerCanAdminister`):
   * a test knob imitating a partial GitHub-compatible server. Non-null ones null their parent, as GraphQL does.
   */
  unresolvedFields?: string[];
  /** `plan.name` owners see (default `enterprise`: GitHub Enterprise Cloud). */
  plan?: string;
  /** Organization Actions settings and secret names. */
  actions?: { defaultWorkflowPermissions: 'read' | 'write'; canApprovePullRequestReviews: boolean; orgSecrets: string[] };
  /** SAML: the organization's IdP SSO URL, and its enterprise (own IdP, organizations with SAML ENFORCED). */
  saml?: { organizationIdp?: string; enterprise?: { slug: string; idp?: string; enforcedOrgs?: string[] } };
}
