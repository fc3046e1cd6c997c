// `demo --history N`: the sandbox company month by month, as of the first of each of the last N months,
// so `export` has a real-looking Type II period with known answers:
// - AC-03 (password policy): the weak and missing policies are fixed in month 2; in the last month
//   (N ≥ 4) the management account's policy is weakened again: a gap resolved, then a new one;
// - AC-05 (limited admin access): one GitHub owner and one Okta super-admin too many until month 3;
// - the break-glass exception expires on the 15th of the middle month;
// - dennis.ritchie is suspended in month 2 (a leaver still listed, with Okta's statusChanged);
//   radia.perlman is deprovisioned in the middle month, which Okta's user listing no longer shows,
//   and deleted after (a leaver who is gone); joan.clarke joins in month 3;
// - every month, pull requests merged in the month before (one of them without review), a direct
//   push now and then, and one approval that is dismissed later (the same PR judged differently).
import type { ExceptionConfig } from '../../config/schema.js';
import type { AuditPeriod } from '../../core/types.js';
import type { SandboxCompany } from '../company.js';
import type { SandboxCommit, SandboxPullRequest } from '../github/model.js';
import { DEMO_MANAGEMENT_ACCOUNT, DEMO_PROD_ACCOUNT, DEMO_STAGING_ACCOUNT, demoCompany } from './company.js';
import { sha } from './github.js';

export const HISTORY_MAX_MONTHS = 36;
const DAY = 86_400_000;

/** The as-of times: 06:00 UTC on the first of each of the last `months` months, the current one last. */
export function historyTimes(months: number, today: Date): Date[] {
  const times: Date[] = [];
  for (let i = months - 1; i >= 0; i--) times.push(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - i, 1, 6)));
  return times;
}

/** The audit period the history covers: the first run's day to the end of the last run's month. */
export function historyPeriod(times: Date[]): AuditPeriod {
  const first = times[0]!;
  const last = times[times.length - 1]!;
  const end = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 0));
  return { start: first.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

/** The exception that expires mid-period: accepted in the first runs, a gap again afterwards. */
export function historyException(times: Date[]): ExceptionConfig {
  const middle = times[Math.floor(times.length / 2)]!;
  return {
    check: 'aws.iam.user-console-mfa',
    resource: `arn:aws:iam::${DEMO_PROD_ACCOUNT}:user/break-glass`,
    reason: 'Break-glass user; password in the office safe, used only when SSO is down.',
    approvedBy: 'CTO',
    expires: new Date(Date.UTC(middle.getUTCFullYear(), middle.getUTCMonth() - 1, 15)).toISOString().slice(0, 10),
  };
}

const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
const STRONG_POLICY = {
  MinimumPasswordLength: 14,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  ExpirePasswords: false,
  PasswordReusePrevention: 24,
};

/** Pull requests (and their merge commits) merged in the month before as-of time `times[month]`. */
function monthlyChanges(times: Date[], month: number): { pulls: SandboxPullRequest[]; commits: SandboxCommit[] } {
  const pulls: SandboxPullRequest[] = [];
  const commits: SandboxCommit[] = [];
  for (let m = 1; m <= month; m++) {
    const monthStart = times[m - 1]!.getTime() - 6 * 3_600_000;
    for (let k = 0; k < 3; k++) {
      const number = 200 + m * 10 + k;
      const mergedAt = iso(monthStart + (5 + k * 8) * DAY + 14 * 3_600_000);
      const approvedAt = iso(Date.parse(mergedAt) - 2 * 3_600_000);
      // k = 2: merged without review. The first month's k = 0 approval is dismissed two months later.
      const dismissed = m === 1 && k === 0 && month >= 3;
      const reviews: SandboxPullRequest['reviews'] =
        k === 2 ? [] : [{ author: k === 0 ? 'tom-okafor' : 'maria-chen', state: dismissed ? 'DISMISSED' : 'APPROVED', submittedAt: approvedAt }];
      const author = k === 0 ? 'li-wei' : k === 1 ? 'priya-n' : 'dana-ops';
      const title =
        k === 0
          ? `Monthly dependency update (${mergedAt.slice(0, 7)})`
          : k === 1
            ? `Billing: invoice export fixes, round ${m}`
            : `Hotfix: tune worker concurrency, round ${m}`;
      const mergeCommit = sha(`history/api#${number}`);
      pulls.push({ number, title, author, base: 'main', mergedAt, mergedBy: author, updatedAt: mergedAt, mergeCommit, reviews });
      commits.push({ sha: mergeCommit, committedDate: mergedAt, author, message: `${title} (#${number})`, pullRequest: number });
    }
    if (m % 2 === 0)
      commits.push({
        sha: sha(`history/api@${m}`),
        committedDate: iso(monthStart + 20 * DAY),
        author: 'dana-ops',
        message: `ops: rotate TLS certificate (month ${m})`,
      });
  }
  return { pulls, commits };
}

/** The company as of `times[month]`. */
export function historyCompany(times: Date[], month: number): SandboxCompany {
  const asOf = times[month]!;
  const at = asOf.getTime();
  const middle = Math.floor(times.length / 2);
  const company = demoCompany(asOf);

  for (const account of company.aws?.accounts ?? []) {
    if (month >= 1 && [DEMO_PROD_ACCOUNT, DEMO_STAGING_ACCOUNT].includes(account.id)) account.iam.passwordPolicy = { ...STRONG_POLICY };
    if (account.id === DEMO_MANAGEMENT_ACCOUNT && month === times.length - 1 && times.length >= 4)
      account.iam.passwordPolicy = { ...STRONG_POLICY, MinimumPasswordLength: 10 };
  }

  const github = company.github!;
  if (month >= 2) github.members = github.members.map((m) => (m.login === 'sam-admin' ? { ...m, role: 'member' as const } : m));
  for (const repo of github.repositories) {
    // The sandbox serves what exists as of the run: nothing merged or pushed after it.
    repo.pullRequests = repo.pullRequests.filter((p) => p.mergedAt === null || Date.parse(p.mergedAt) < at);
    repo.commits = repo.commits.filter((c) => Date.parse(c.committedDate) < at);
    if (repo.name === 'api') {
      const changes = monthlyChanges(times, month);
      repo.pullRequests.push(...changes.pulls);
      repo.commits.push(...changes.commits);
    }
  }

  const okta = company.idp!.okta!;
  let users = okta.users;
  if (month >= 2) users = users.map((u) => (u.login.startsWith('ken.thompson@') ? { ...u, roles: ['ORG_ADMIN'] } : u));
  if (month >= 1) {
    const suspendedAt = iso(times[1]!.getTime() - 3 * DAY);
    users = users.map((u) => (u.login.startsWith('dennis.ritchie@') ? { ...u, status: 'SUSPENDED', statusChanged: suspendedAt, factors: [] } : u));
  }
  if (month === middle) {
    const leftAt = iso(at - 9 * DAY);
    users = users.map((u) => (u.login.startsWith('radia.perlman@') ? { ...u, status: 'DEPROVISIONED', statusChanged: leftAt, factors: [] } : u));
  } else if (month > middle) users = users.filter((u) => !u.login.startsWith('radia.perlman@'));
  if (month >= 2 && times.length >= 3) {
    const joined = iso(times[2]!.getTime() - 5 * DAY);
    users = [
      ...users,
      {
        id: '00u1kestrel00000020',
        login: 'joan.clarke@kestrel.example',
        firstName: 'Joan',
        lastName: 'Clarke',
        status: 'ACTIVE',
        created: joined,
        statusChanged: joined,
        lastLogin: iso(at - DAY),
        factors: [{ type: 'webauthn', status: 'ACTIVE' }],
        roles: [],
      },
    ];
  }
  okta.users = users;
  return company;
}
