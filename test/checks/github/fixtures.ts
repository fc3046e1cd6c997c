// Literal GitHub evidence for check tests.
import type { CheckContext } from '../../../src/checks/types.js';
import type { AnyCheck } from '../../../src/checks/types.js';
import { collected, failed, type CollectionError, type EvidenceRef, type Finding, type FindingDraft } from '../../../src/core/types.js';
import type { BranchRule, ClassicBranchProtection, GithubEvidence, GithubRepository } from '../../../src/evidence/github.js';

export const REF: EvidenceRef = {
  file: 'evidence/x.json',
  sha256: 'x',
  source: 'github',
  operation: 'graphql:RepositoryPage',
  collectedAt: '2026-11-26T00:00:00Z',
};
export const DENIED: CollectionError = {
  kind: 'access_denied',
  message: 'GET /repos/{owner}/{repo}/branches/{branch}/protection answered 404: Not Found',
  missingPermission: 'admin access to the repository',
};

export const classic = (over: Partial<ClassicBranchProtection> = {}): ClassicBranchProtection => ({
  pattern: 'main',
  requiresPullRequest: true,
  requiredApprovingReviewCount: 1,
  allowsForcePushes: false,
  allowsDeletions: false,
  requiredStatusChecks: [],
  isAdminEnforced: true,
  bypassActors: 0,
  ...over,
});

export const rulesetRules = (
  opts: { name?: string; enforcement?: string; bypass?: string[] | null; approvals?: number; checks?: string[]; source?: string } = {},
): BranchRule[] => {
  const ruleset = {
    name: opts.name ?? 'baseline',
    id: 1,
    enforcement: opts.enforcement ?? 'ACTIVE',
    source: opts.source ?? 'Organization:acme',
    bypassActors: opts.bypass === undefined ? [] : opts.bypass,
  };
  const rules: BranchRule[] = [
    { type: 'PULL_REQUEST', ruleset, requiredApprovingReviewCount: opts.approvals ?? 1 },
    { type: 'NON_FAST_FORWARD', ruleset },
    { type: 'DELETION', ruleset },
  ];
  if (opts.checks) rules.push({ type: 'REQUIRED_STATUS_CHECKS', ruleset, requiredStatusChecks: opts.checks });
  return rules;
};

export function repo(
  name: string,
  over: Partial<GithubRepository> & { classic?: ClassicBranchProtection | null | 'denied'; rules?: BranchRule[] | 'denied' } = {},
): GithubRepository {
  const { classic: c = null, rules: r = [], ...rest } = over;
  return {
    owner: 'acme',
    name,
    fullName: `acme/${name}`,
    archived: false,
    visibility: 'private',
    defaultBranch: 'main',
    refs: [REF],
    protection: collected({
      branch: 'main',
      classic: c === 'denied' ? failed(DENIED) : collected(c, [REF]),
      rules: r === 'denied' ? failed({ kind: 'access_denied', message: 'rules denied', missingPermission: 'repo' }) : collected(r, [REF]),
    }),
    ...rest,
  };
}

export function github(repos: GithubRepository[], over: Partial<GithubEvidence> = {}): { github: GithubEvidence } {
  return { github: { org: 'acme', repositories: collected(repos, [REF]), ...over } };
}

export const ctx = (params: Record<string, unknown> = {}): CheckContext<never> =>
  ({ now: new Date('2026-11-26T12:00:00Z'), period: { start: '2026-07-01', end: '2026-09-30' }, params }) as unknown as CheckContext<never>;

export function run(check: AnyCheck, evidence: { github: GithubEvidence }, params: Record<string, unknown> = {}): FindingDraft[] {
  const p = check.params ? check.params.parse(params) : {};
  return check.evaluate(evidence, ctx(p as Record<string, unknown>));
}

export function byId(findings: FindingDraft[]): Map<string, FindingDraft> {
  return new Map(findings.map((f) => [f.resource.id, f]));
}

export type { Finding };
