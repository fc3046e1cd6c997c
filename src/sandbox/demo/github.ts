// Demo company: the GitHub organization kestrel-data. Deliberate gaps in every GitHub check, and the
// traps an auditor's tool must not fall for: a repository protected only by an organization ruleset,
// one whose ruleset is only in `evaluate` mode, one with 0 required approvals and force pushes allowed,
// an archived repository, a PR approved only after it was merged, a PR merged before the audit period,
// direct pushes, and a member without 2FA.
import { createHash } from 'node:crypto';
import type { GithubConfig } from '../../config/schema.js';
import type { SandboxCommit, SandboxGithub, SandboxPullRequest, SandboxRepository, SandboxReview } from '../github/model.js';

export const DEMO_GITHUB_ORG = 'kestrel-data';
export const DEMO_GITHUB_TOKEN = 'ghp_sandboxKestrelOwnerToken0000000001';
/** A member's token (not an owner, admin of no repository): for tests of missing rights. */
export const DEMO_GITHUB_MEMBER_TOKEN = 'ghp_sandboxKestrelMemberToken000000002';
/** An owner's classic token without the `repo` scope: private repositories are invisible to it. */
export const DEMO_GITHUB_PUBLIC_ONLY_TOKEN = 'ghp_sandboxKestrelPublicOnly0000000003';

export const sha = (seed: string): string => createHash('sha1').update(seed).digest('hex');

const review = (author: string, state: SandboxReview['state'], submittedAt: string): SandboxReview => ({ author, state, submittedAt });

interface PullSpec {
  number: number;
  title: string;
  author: string;
  mergedBy: string;
  mergedAt: string;
  reviews: SandboxReview[];
  /** Commits the PR brought in besides its merge commit (rebase/merge-commit style). */
  extraCommits?: number;
  base?: string;
}

/** Pull requests and the default-branch commits they produce (merge commit + any extra commits). */
function history(
  repo: string,
  pulls: PullSpec[],
  directPushes: Array<{ author: string; at: string; message: string }>,
): Pick<SandboxRepository, 'pullRequests' | 'commits'> {
  const pullRequests: SandboxPullRequest[] = [];
  const commits: SandboxCommit[] = [];
  for (const p of pulls) {
    const mergeCommit = sha(`${repo}#${p.number}`);
    pullRequests.push({
      number: p.number,
      title: p.title,
      author: p.author,
      base: p.base ?? 'main',
      mergedAt: p.mergedAt,
      mergedBy: p.mergedBy,
      updatedAt: p.mergedAt,
      mergeCommit,
      reviews: p.reviews,
    });
    if ((p.base ?? 'main') !== 'main') continue;
    commits.push({ sha: mergeCommit, committedDate: p.mergedAt, author: p.mergedBy, message: `${p.title} (#${p.number})`, pullRequest: p.number });
    for (let i = 0; i < (p.extraCommits ?? 0); i++) {
      const at = new Date(Date.parse(p.mergedAt) - (i + 1) * 3_600_000).toISOString().replace('.000', '');
      commits.push({ sha: sha(`${repo}#${p.number}/${i}`), committedDate: at, author: p.author, message: `${p.title}: part ${i + 1}`, pullRequest: p.number });
    }
  }
  for (const d of directPushes) commits.push({ sha: sha(`${repo}@${d.at}`), committedDate: d.at, author: d.author, message: d.message });
  return { pullRequests, commits };
}

export function demoGithub(): SandboxGithub {
  const owner = { login: 'soc2-evidence-bot', owner: true };
  const repositories: SandboxRepository[] = [
    {
      // Fully protected by classic protection, including admins. PR traps: approval after merge, merge before the period.
      name: 'api',
      id: 610001,
      archived: false,
      visibility: 'private',
      defaultBranch: 'main',
      secretScanning: true,
      // Trap: secret scanning on, push protection off. Deploys through OIDC (a role ARN is not a key).
      pushProtection: false,
      actionsSecrets: ['AWS_DEPLOY_ROLE_ARN', 'CODECOV_TOKEN'],
      vulnerabilityAlerts: true,
      classic: { requiredApprovals: 1, allowForcePushes: false, allowDeletions: false, statusChecks: ['ci/test'], enforceAdmins: true },
      ...history(
        'api',
        [
          {
            number: 101,
            title: 'Add rate limiting to public endpoints',
            author: 'maria-chen',
            mergedBy: 'maria-chen',
            mergedAt: '2026-07-14T15:02:11Z',
            reviews: [review('tom-okafor', 'APPROVED', '2026-07-14T13:40:00Z')],
            extraCommits: 2,
          },
          {
            number: 102,
            title: 'Rotate signing keys',
            author: 'tom-okafor',
            mergedBy: 'tom-okafor',
            mergedAt: '2026-08-03T09:15:00Z',
            reviews: [review('maria-chen', 'APPROVED', '2026-08-03T11:30:00Z')],
          },
          {
            number: 103,
            title: 'Retry webhook deliveries',
            author: 'li-wei',
            mergedBy: 'maria-chen',
            mergedAt: '2026-09-29T17:45:00Z',
            reviews: [review('maria-chen', 'COMMENTED', '2026-09-29T12:00:00Z'), review('maria-chen', 'APPROVED', '2026-09-29T16:10:00Z')],
          },
          { number: 98, title: 'Upgrade Node to 20', author: 'li-wei', mergedBy: 'li-wei', mergedAt: '2026-06-20T08:00:00Z', reviews: [] },
        ],
        [{ author: 'dana-ops', at: '2026-08-14T22:31:05Z', message: 'hotfix: raise DB pool timeout' }],
      ),
    },
    {
      // Protected only by the organization ruleset (no classic protection): must pass.
      name: 'web',
      id: 610002,
      archived: false,
      visibility: 'private',
      defaultBranch: 'main',
      secretScanning: false,
      vulnerabilityAlerts: true,
      ...history(
        'web',
        [
          {
            number: 45,
            title: 'Checkout page redesign',
            author: 'priya-n',
            mergedBy: 'priya-n',
            mergedAt: '2026-07-22T10:00:00Z',
            reviews: [review('maria-chen', 'APPROVED', '2026-07-21T18:00:00Z')],
          },
          // Approved, then the same reviewer requested changes; merged anyway (admin merge).
          {
            number: 47,
            title: 'Switch analytics provider',
            author: 'priya-n',
            mergedBy: 'sam-admin',
            mergedAt: '2026-09-02T14:00:00Z',
            reviews: [review('tom-okafor', 'APPROVED', '2026-09-01T10:00:00Z'), review('tom-okafor', 'CHANGES_REQUESTED', '2026-09-01T16:00:00Z')],
          },
        ],
        [],
      ),
    },
    {
      // Its only ruleset is in evaluate mode: it protects nothing.
      name: 'infra',
      id: 610003,
      archived: false,
      visibility: 'private',
      defaultBranch: 'main',
      secretScanning: true,
      vulnerabilityAlerts: false,
      rulesets: [
        {
          id: 9003,
          name: 'protect-main (trial)',
          enforcement: 'evaluate',
          rules: [{ type: 'pull_request', requiredApprovals: 2 }, { type: 'non_fast_forward' }, { type: 'deletion' }],
          bypass: [],
        },
      ],
      ...history(
        'infra',
        [{ number: 12, title: 'Terraform: add KMS key for backups', author: 'dana-ops', mergedBy: 'dana-ops', mergedAt: '2026-08-20T09:00:00Z', reviews: [] }],
        [
          { author: 'dana-ops', at: '2026-07-05T07:12:00Z', message: 'emergency: open port 5432 to VPN range' },
          { author: 'sam-admin', at: '2026-09-30T23:59:30Z', message: 'bump provider versions' },
        ],
      ),
    },
    {
      // Classic protection with 0 required approvals, force pushes allowed, admins not included.
      name: 'data-pipeline',
      id: 610004,
      archived: false,
      visibility: 'internal',
      defaultBranch: 'main',
      secretScanning: false,
      vulnerabilityAlerts: false,
      classic: { requiredApprovals: 0, allowForcePushes: true, allowDeletions: false, statusChecks: [], enforceAdmins: false },
      ...history(
        'data-pipeline',
        [
          {
            number: 7,
            title: 'Nightly export to the warehouse',
            author: 'li-wei',
            mergedBy: 'li-wei',
            mergedAt: '2026-07-30T20:00:00Z',
            reviews: [review('li-wei', 'COMMENTED', '2026-07-30T19:00:00Z')],
          },
        ],
        [{ author: 'li-wei', at: '2026-08-01T06:00:00Z', message: 'fix export path' }],
      ),
    },
    {
      // Archived: read-only, not judged (it still has an unprotected branch and no scanning).
      name: 'legacy-etl',
      id: 610005,
      archived: true,
      visibility: 'private',
      defaultBranch: 'master',
      secretScanning: false,
      vulnerabilityAlerts: false,
      ...history('legacy-etl', [], [{ author: 'li-wei', at: '2026-06-02T10:00:00Z', message: 'final commit before archiving' }]),
    },
    {
      // Protected by its own ruleset, which repository admins may bypass; no PR merged in the period.
      name: 'docs',
      id: 610006,
      archived: false,
      visibility: 'public',
      defaultBranch: 'main',
      secretScanning: true,
      vulnerabilityAlerts: true,
      rulesets: [
        {
          id: 9006,
          name: 'docs-main',
          enforcement: 'active',
          rules: [{ type: 'pull_request', requiredApprovals: 1 }, { type: 'non_fast_forward' }, { type: 'deletion' }],
          bypass: [{ kind: 'RepositoryRole', name: 'admin', mode: 'always' }],
        },
      ],
      ...history(
        'docs',
        [
          {
            number: 3,
            title: 'Initial docs site',
            author: 'priya-n',
            mergedBy: 'priya-n',
            mergedAt: '2026-05-02T10:00:00Z',
            reviews: [review('maria-chen', 'APPROVED', '2026-05-02T09:00:00Z')],
          },
        ],
        [],
      ),
    },
  ];
  // Gap: the infrastructure repository deploys with a stored AWS access key.
  const infra = repositories.find((r) => r.name === 'infra');
  if (infra) infra.actionsSecrets = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'TF_API_TOKEN'];
  return {
    org: DEMO_GITHUB_ORG,
    orgName: 'Kestrel Data',
    orgId: 7100001,
    twoFactorRequired: false,
    plan: 'enterprise',
    // Gap: workflow tokens may write by default.
    actions: { defaultWorkflowPermissions: 'write', canApprovePullRequestReviews: false, orgSecrets: ['NPM_TOKEN', 'SLACK_WEBHOOK_URL'] },
    // Gap: SAML is configured for the organization but the enterprise does not enforce it.
    saml: { organizationIdp: 'https://kestrel.okta.com/app/github/exk1kestrel/sso/saml', enterprise: { slug: 'kestrel', enforcedOrgs: [] } },
    tokens: {
      [DEMO_GITHUB_TOKEN]: owner,
      [DEMO_GITHUB_MEMBER_TOKEN]: { login: 'priya-n', owner: false },
      [DEMO_GITHUB_PUBLIC_ONLY_TOKEN]: { login: 'sam-admin', owner: true, publicOnly: true },
    },
    app: { appId: '424242', installationId: 777001, viewer: { login: 'soc2-evidence[bot]', owner: true } },
    members: [
      { login: 'sam-admin', id: 5001, role: 'admin', twoFactor: true },
      { login: 'maria-chen', id: 5002, role: 'admin', twoFactor: true },
      { login: 'tom-okafor', id: 5003, role: 'admin', twoFactor: true },
      { login: 'soc2-evidence-bot', id: 5004, role: 'admin', twoFactor: true },
      { login: 'li-wei', id: 5005, role: 'member', twoFactor: true },
      { login: 'priya-n', id: 5006, role: 'member', twoFactor: true },
      { login: 'dana-ops', id: 5007, role: 'member', twoFactor: false },
    ],
    repositories,
    orgRulesets: [
      {
        id: 8001,
        name: 'default-branch-baseline',
        enforcement: 'active',
        repositories: ['web'],
        rules: [
          { type: 'pull_request', requiredApprovals: 1 },
          { type: 'non_fast_forward' },
          { type: 'deletion' },
          { type: 'required_status_checks', contexts: ['build'] },
        ],
        bypass: [],
      },
    ],
  };
}

/** The `github:` config section pointing at the sandbox. */
export function demoGithubConfig(sandboxUrl: string): GithubConfig {
  return { org: DEMO_GITHUB_ORG, apiUrl: `${sandboxUrl}/github`, enterprise: 'kestrel' };
}

/** Environment the demo run needs for GitHub (a token the sandbox accepts). */
export const demoGithubEnv: Record<string, string> = { GITHUB_TOKEN: DEMO_GITHUB_TOKEN };
