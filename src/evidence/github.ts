// GitHub evidence, as collected by src/collectors/github. Raw facts only: nothing here is a verdict.
import type { Collected, EvidenceRef } from '../core/types.js';
import type { ActionsSecretName, SamlSsoEvidence, WorkflowPermissions } from './github-pipeline.js';

export interface GithubOrganization {
  login: string;
  name?: string | null;
  /** `two_factor_requirement_enabled`; `null` when the token cannot see it (only organization owners can). */
  twoFactorRequirementEnabled: boolean | null;
  /** `total_private_repos` (owners only): to notice private repositories the token cannot list. */
  privateRepositories?: number | null;
  /** `plan.name` (owners only): `free`, `team`, `enterprise`…; null when hidden. */
  plan?: string | null;
}

export interface GithubMember {
  login: string;
  /** `admin` = organization owner. */
  role: 'admin' | 'member';
}

/** Classic branch protection of the default branch, as an admin sees it. */
export interface ClassicBranchProtection {
  pattern: string;
  /** "Require a pull request before merging". */
  requiresPullRequest: boolean;
  requiredApprovingReviewCount: number;
  allowsForcePushes: boolean;
  allowsDeletions: boolean;
  requiredStatusChecks: string[];
  /** `enforce_admins` / `isAdminEnforced`: false means admins skip the rule. */
  isAdminEnforced: boolean;
  /** Users, teams or apps allowed to skip the pull-request requirement or force-push. */
  bypassActors: number;
}

/** One rule from a ruleset (repository or organization) that applies to the default branch. */
export interface BranchRule {
  /** GraphQL RepositoryRuleType, upper case: PULL_REQUEST, NON_FAST_FORWARD, DELETION, REQUIRED_STATUS_CHECKS… */
  type: string;
  ruleset: {
    name: string;
    id?: number | null;
    /** ACTIVE, EVALUATE or DISABLED. Only ACTIVE rules protect anything. */
    enforcement: string;
    /** `Organization:acme` or `Repository:acme/api`. */
    source: string;
    /** Bypass actors (`OrganizationAdmin`, `RepositoryRole:admin`, `Team:ops`…); `null` when the token cannot see them. */
    bypassActors: string[] | null;
  };
  requiredApprovingReviewCount?: number;
  requiredStatusChecks?: string[];
}

export interface DefaultBranchProtection {
  branch: string;
  /** `null` value = the branch has no classic protection (GitHub's 404 "Branch not protected"). */
  classic: Collected<ClassicBranchProtection | null>;
  /** Rules of active rulesets that apply to the branch (GraphQL `Ref.rules` / REST `rules/branches`). */
  rules: Collected<BranchRule[]>;
}

export interface GithubReview {
  author: string | null;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING. */
  state: string;
  submittedAt: string | null;
}

export interface GithubPullRequest {
  number: number;
  title: string;
  author: string | null;
  mergedBy: string | null;
  mergedAt: string;
  baseRef: string;
  mergeCommit: string | null;
  url?: string;
  reviews: GithubReview[];
  /** False when GitHub holds more reviews than were read (the verdict then cannot rest on them). */
  reviewsComplete?: boolean;
}

export interface GithubCommit {
  sha: string;
  committedDate: string;
  author: string | null;
  message: string;
  /** Numbers of merged pull requests the commit belongs to (`associatedPullRequests`). */
  pullRequests: number[];
}

export interface GithubRepository {
  owner: string;
  name: string;
  /** `OWNER/REPO`. */
  fullName: string;
  archived: boolean;
  visibility: string;
  /** `null` for an empty repository. */
  defaultBranch: string | null;
  /** The responses that listed and described the repository. */
  refs: EvidenceRef[];
  protection?: Collected<DefaultBranchProtection>;
  /** `security_and_analysis.secret_scanning.status` (`enabled`/`disabled`). */
  secretScanning?: Collected<'enabled' | 'disabled'>;
  /** GraphQL `hasVulnerabilityAlertsEnabled`. */
  vulnerabilityAlerts?: Collected<boolean>;
  /** Pull requests merged into the default branch within the audit period. */
  mergedPullRequests?: Collected<GithubPullRequest[]>;
  /** Commits on the default branch committed within the audit period. */
  defaultBranchCommits?: Collected<GithubCommit[]>;
  /** `security_and_analysis.secret_scanning_push_protection.status`. */
  pushProtection?: Collected<'enabled' | 'disabled'>;
  /** `GET /repos/{owner}/{repo}/actions/secrets`: names only. */
  actionsSecrets?: Collected<ActionsSecretName[]>;
}

/** An outside collaborator (not a member) and the repositories they can reach, with their permission. */
export interface GithubOutsideCollaborator {
  login: string;
  /** `OWNER/REPO` → `ADMIN` | `MAINTAIN` | `WRITE` | `TRIAGE` | `READ`; null when the repositories could not be read. */
  repositories: Record<string, string> | null;
}

/** One SAML external identity: the GitHub account and the IdP's `NameID` (usually the email). */
export interface GithubSamlIdentity {
  login: string;
  nameId: string;
}

export interface GithubSamlIdentities {
  /** Where SSO is configured: the organization, its enterprise, or nowhere (`none`: not on the plan or not set up). */
  configuredAt: 'organization' | 'enterprise' | 'none';
  enterprise?: string;
  identities: GithubSamlIdentity[];
  /** Why there are no identities (plan without SAML, SSO not configured), to say so. */
  note?: string;
}

export interface GithubEvidence {
  org: string;
  organization?: Collected<GithubOrganization>;
  /** Every member, with role (`role=admin` marks owners). */
  members?: Collected<GithubMember[]>;
  /** Logins from `members?filter=2fa_disabled` (owners only). */
  membersWithout2fa?: Collected<string[]>;
  repositories?: Collected<GithubRepository[]>;
  outsideCollaborators?: Collected<GithubOutsideCollaborator[]>;
  /** SAML external identities of the org or its enterprise (GraphQL `samlIdentityProvider.externalIdentities`). */
  samlIdentities?: Collected<GithubSamlIdentities>;
  /** Repositories that exist but could not be read or listed (never silently left out). */
  unlistedRepositories?: { count: number; reason: string; refs: EvidenceRef[] };
  workflowPermissions?: Collected<WorkflowPermissions>;
  /** `GET /orgs/{org}/actions/secrets`: names only. */
  orgActionsSecrets?: Collected<ActionsSecretName[]>;
  samlSso?: Collected<SamlSsoEvidence>;
}

/** Evidence keys GitHub checks declare in `needs`. */
export const GITHUB_NEEDS = {
  organization: 'github.organization',
  members: 'github.members',
  members2fa: 'github.members2fa',
  protection: 'github.repositories.protection',
  security: 'github.repositories.security',
  pullRequests: 'github.pullRequests',
  commits: 'github.commits',
  pushProtection: 'github.repositories.pushProtection',
  workflowPermissions: 'github.actions.workflowPermissions',
  actionsSecrets: 'github.actions.secrets',
  samlSso: 'github.samlSso',
  outsideCollaborators: 'github.outsideCollaborators',
  samlIdentities: 'github.samlIdentities',
} as const;
