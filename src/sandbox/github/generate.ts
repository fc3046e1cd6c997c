// A generated GitHub organization of any size (tests of pagination, the scale benchmark). Deterministic:
// the same sizes give the same organization, with every kind of protection and change in the mix.
import { createHash } from 'node:crypto';
import type { SandboxCommit, SandboxGithub, SandboxPullRequest, SandboxRepository } from './model.js';

export interface GeneratedOrgSize {
  repositories: number;
  /** Pull requests merged in the period (plus ~5% merged before it). */
  pullRequests: number;
  members: number;
  period?: { start: string; end: string };
}

export const GENERATED_TOKEN = 'ghp_sandboxGeneratedOwner000000000000';
export const GENERATED_MEMBER_TOKEN = 'ghp_sandboxGeneratedMember00000000000';

const hex = (s: string) => createHash('sha1').update(s).digest('hex');

export function generatedGithub(size: GeneratedOrgSize): SandboxGithub {
  const org = 'scale-co';
  const start = Date.parse(`${size.period?.start ?? '2026-07-01'}T00:00:00Z`);
  const end = Date.parse(`${size.period?.end ?? '2026-09-30'}T00:00:00Z`) + 86_400_000;
  const members = Array.from({ length: size.members }, (_, i) => ({
    login: `dev-${String(i).padStart(4, '0')}`,
    id: 100_000 + i,
    role: (i < 3 ? 'admin' : 'member') as 'admin' | 'member',
    twoFactor: i % 37 !== 5,
  }));
  const login = (i: number) => members[i % members.length]!.login;
  const repositories: SandboxRepository[] = Array.from({ length: size.repositories }, (_, i) => {
    const kind = i % 6;
    const repo: SandboxRepository = {
      name: `svc-${String(i).padStart(4, '0')}`,
      id: 800_000 + i,
      archived: i % 50 === 49,
      visibility: i % 3 === 0 ? 'public' : 'private',
      defaultBranch: i % 97 === 96 ? null : i % 10 === 3 ? 'master' : 'main',
      secretScanning: i % 4 !== 0,
      vulnerabilityAlerts: i % 5 !== 0,
      pullRequests: [],
      commits: [],
    };
    if (kind === 0) repo.classic = { requiredApprovals: 1, allowForcePushes: false, allowDeletions: false, statusChecks: ['ci'], enforceAdmins: true };
    if (kind === 2)
      repo.rulesets = [
        {
          id: 50_000 + i,
          name: 'trial',
          enforcement: 'evaluate',
          rules: [{ type: 'pull_request', requiredApprovals: 1 }, { type: 'non_fast_forward' }, { type: 'deletion' }],
          bypass: [],
        },
      ];
    if (kind === 3) repo.classic = { requiredApprovals: 0, allowForcePushes: true, allowDeletions: false, statusChecks: [], enforceAdmins: false };
    if (kind === 4)
      repo.rulesets = [
        {
          id: 50_000 + i,
          name: 'main',
          enforcement: 'active',
          rules: [{ type: 'pull_request', requiredApprovals: 1 }, { type: 'non_fast_forward' }, { type: 'deletion' }],
          bypass: [{ kind: 'RepositoryRole', name: 'admin' }],
        },
      ];
    return repo;
  });
  const live = repositories.filter((r) => r.defaultBranch !== null);
  const span = end - start;
  const total = Math.round(size.pullRequests * 1.05);
  for (let j = 0; j < total; j++) {
    // Skewed like real organizations: a fifth of all changes land in five busy repositories.
    const repo = j % 5 === 0 ? live[Math.floor(j / 5) % Math.min(5, live.length)]! : live[(j * 7919) % live.length]!;
    const before = j >= size.pullRequests; // the extra 5% were merged before the period
    const mergedAt = new Date(before ? start - 86_400_000 * (1 + (j % 30)) : start + Math.floor((span * ((j * 2654435761) % 1000)) / 1000) + (j % 3600) * 1000)
      .toISOString()
      .replace('.000', '');
    const author = login(j);
    const reviewer = login(j + 1);
    const t = Date.parse(mergedAt);
    const late = j % 23 === 0;
    const number = repo.pullRequests.length + 1;
    const pr: SandboxPullRequest = {
      number,
      title: `Change ${j}`,
      author,
      base: repo.defaultBranch!,
      mergedAt,
      mergedBy: j % 4 === 0 ? reviewer : author,
      updatedAt: new Date(t + (j % 5 === 0 ? 86_400_000 * 40 : 60_000)).toISOString().replace('.000', ''),
      mergeCommit: hex(`${repo.name}#${number}`),
      reviews:
        j % 17 === 0
          ? []
          : [{ author: reviewer, state: 'APPROVED', submittedAt: new Date(late ? t + 3_600_000 : t - 3_600_000).toISOString().replace('.000', '') }],
    };
    repo.pullRequests.push(pr);
    repo.commits.push({ sha: pr.mergeCommit!, committedDate: mergedAt, author: pr.mergedBy!, message: `${pr.title} (#${number})`, pullRequest: number });
  }
  live.forEach((repo, i) => {
    if (i % 9 !== 0) return;
    const c: SandboxCommit = {
      sha: hex(`${repo.name}@direct`),
      committedDate: new Date(start + ((i * 86_400_000) % span)).toISOString().replace('.000', ''),
      author: login(i),
      message: 'direct push',
    };
    repo.commits.push(c);
  });
  return {
    org,
    orgName: 'Scale Co',
    orgId: 9_000_001,
    twoFactorRequired: true,
    tokens: { [GENERATED_TOKEN]: { login: members[0]!.login, owner: true }, [GENERATED_MEMBER_TOKEN]: { login: members[5]!.login, owner: false } },
    members,
    repositories,
    orgRulesets: [
      {
        id: 1,
        name: 'org-baseline',
        enforcement: 'active',
        repositories: repositories.filter((_, i) => i % 6 === 1).map((r) => r.name),
        rules: [
          { type: 'pull_request', requiredApprovals: 1 },
          { type: 'non_fast_forward' },
          { type: 'deletion' },
          { type: 'required_status_checks', contexts: ['build'] },
        ],
        bypass: [],
      },
      { id: 2, name: 'org-trial', enforcement: 'evaluate', rules: [{ type: 'required_status_checks', contexts: ['lint'] }], bypass: [] },
    ],
  };
}
