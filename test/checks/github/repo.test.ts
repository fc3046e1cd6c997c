import { describe, expect, it } from 'vitest';
import { githubRepoChecks } from '../../../src/checks/github/repo.js';
import { collected, failed } from '../../../src/core/types.js';
import { byId, classic, github, repo, rulesetRules, run } from './fixtures.js';

const check = (id: string) => githubRepoChecks.find((c) => c.id === id)!;
const protection = check('github.repo.branch-protection');
const statusChecks = check('github.repo.status-checks');
const bypass = check('github.repo.no-admin-bypass');

describe('github.repo.branch-protection / status-checks / no-admin-bypass', () => {
  const rows: Array<{ name: string; repo: ReturnType<typeof repo>; protection: string; status: string; bypass: string }> = [
    {
      name: 'classic, complete, admins included',
      repo: repo('a', { classic: classic({ requiredStatusChecks: ['ci'] }) }),
      protection: 'pass',
      status: 'pass',
      bypass: 'pass',
    },
    { name: 'no protection at all (404 Branch not protected, no rules)', repo: repo('b'), protection: 'fail', status: 'fail', bypass: 'fail' },
    {
      name: 'ruleset-only protection (org ruleset, active)',
      repo: repo('c', { rules: rulesetRules({ checks: ['build'] }) }),
      protection: 'pass',
      status: 'pass',
      bypass: 'pass',
    },
    {
      name: 'ruleset in evaluate mode protects nothing',
      repo: repo('d', { rules: rulesetRules({ enforcement: 'EVALUATE', checks: ['build'] }) }),
      protection: 'fail',
      status: 'fail',
      bypass: 'fail',
    },
    {
      name: 'disabled ruleset protects nothing',
      repo: repo('d2', { rules: rulesetRules({ enforcement: 'DISABLED' }) }),
      protection: 'fail',
      status: 'fail',
      bypass: 'fail',
    },
    {
      name: '0 required approvals and force pushes allowed',
      repo: repo('e', { classic: classic({ requiredApprovingReviewCount: 0, allowsForcePushes: true }) }),
      protection: 'fail',
      status: 'fail',
      bypass: 'fail',
    },
    {
      name: 'classic without "require a pull request"',
      repo: repo('e2', { classic: classic({ requiresPullRequest: false, requiredApprovingReviewCount: 3 }) }),
      protection: 'fail',
      status: 'fail',
      bypass: 'fail',
    },
    {
      name: 'most restrictive wins: weak classic + strong ruleset',
      repo: repo('f', { classic: classic({ requiredApprovingReviewCount: 0, allowsForcePushes: true, isAdminEnforced: false }), rules: rulesetRules() }),
      protection: 'pass',
      status: 'fail',
      bypass: 'pass',
    },
    {
      name: 'classic, enforce_admins off',
      repo: repo('g', { classic: classic({ isAdminEnforced: false }) }),
      protection: 'pass',
      status: 'fail',
      bypass: 'fail',
    },
    { name: 'classic with bypass allowances', repo: repo('g2', { classic: classic({ bypassActors: 2 }) }), protection: 'pass', status: 'fail', bypass: 'fail' },
    {
      name: 'ruleset with bypass actors',
      repo: repo('h', { rules: rulesetRules({ bypass: ['RepositoryRole:admin'] }) }),
      protection: 'pass',
      status: 'fail',
      bypass: 'fail',
    },
    {
      name: 'bypassable ruleset + admin-enforced classic: admins still bound',
      repo: repo('h2', { classic: classic(), rules: rulesetRules({ bypass: ['OrganizationAdmin'] }) }),
      protection: 'pass',
      status: 'fail',
      bypass: 'pass',
    },
    {
      name: 'classic unreadable (missing admin rights), nothing else',
      repo: repo('i', { classic: 'denied' }),
      protection: 'error',
      status: 'error',
      bypass: 'error',
    },
    {
      name: 'classic unreadable, but an active ruleset protects fully',
      repo: repo('j', { classic: 'denied', rules: rulesetRules({ checks: ['ci'] }) }),
      protection: 'pass',
      status: 'pass',
      bypass: 'pass',
    },
    {
      name: 'classic unreadable, ruleset bypass list hidden',
      repo: repo('k', { classic: 'denied', rules: rulesetRules({ bypass: null }) }),
      protection: 'pass',
      status: 'error',
      bypass: 'error',
    },
    {
      name: 'ruleset bypass list hidden, classic absent',
      repo: repo('k2', { rules: rulesetRules({ bypass: null }) }),
      protection: 'pass',
      status: 'fail',
      bypass: 'error',
    },
    {
      name: 'rules unreadable, classic weak',
      repo: repo('l', { classic: classic({ allowsDeletions: true }), rules: 'denied' }),
      protection: 'error',
      status: 'error',
      bypass: 'error',
    },
    { name: 'both unreadable', repo: repo('m', { classic: 'denied', rules: 'denied' }), protection: 'error', status: 'error', bypass: 'error' },
    {
      name: 'empty repository (no default branch)',
      repo: repo('n', { defaultBranch: null }),
      protection: 'not_applicable',
      status: 'not_applicable',
      bypass: 'not_applicable',
    },
    {
      name: 'protection read failed',
      repo: { ...repo('o'), protection: failed({ kind: 'unreachable', message: '502' }) },
      protection: 'error',
      status: 'error',
      bypass: 'error',
    },
  ];
  it.each(rows)('$name', (row) => {
    const ev = github([row.repo]);
    for (const [c, expected] of [
      [protection, row.protection],
      [statusChecks, row.status],
      [bypass, row.bypass],
    ] as const) {
      const f = run(c, ev);
      expect(f, c.id).toHaveLength(1);
      expect(f[0]!.status, `${c.id}: ${f[0]!.message}`).toBe(expected);
      expect(f[0]!.resource.id).toBe(row.repo.fullName);
      if (expected === 'error' && row.name.includes('missing admin')) expect(f[0]!.missing).toMatch(/admin/);
    }
  });

  it('skips archived repositories and says so when nothing is left', () => {
    const f = run(protection, github([repo('old', { archived: true })]));
    expect(f).toEqual([expect.objectContaining({ status: 'not_applicable', resource: expect.objectContaining({ id: 'acme' }) })]);
  });

  it('a failed repository listing is an error on the org, never a pass', () => {
    const f = run(protection, { github: { org: 'acme', repositories: failed({ kind: 'access_denied', message: 'denied', missingPermission: 'repo' }) } });
    expect(f).toEqual([expect.objectContaining({ status: 'error', missing: 'repo' })]);
  });

  it('names the evaluate-mode ruleset in the failure', () => {
    const f = run(protection, github([repo('d', { rules: rulesetRules({ name: 'trial', enforcement: 'EVALUATE' }) })]));
    expect(f[0]!.message).toMatch(/trial \(evaluate\)/);
  });
});

describe('github.repo.secret-scanning / dependabot-alerts', () => {
  const scanning = check('github.repo.secret-scanning');
  const alerts = check('github.repo.dependabot-alerts');
  it('judges each non-archived repository; unknown is an error', () => {
    const ev = github([
      repo('on', { secretScanning: collected('enabled'), vulnerabilityAlerts: collected(true) }),
      repo('off', { secretScanning: collected('disabled'), vulnerabilityAlerts: collected(false) }),
      repo('hidden', {
        secretScanning: failed({ kind: 'access_denied', message: 'no security_and_analysis', missingPermission: 'admin' }),
        vulnerabilityAlerts: failed({ kind: 'access_denied', message: 'Must have admin rights', missingPermission: 'admin' }),
      }),
      repo('missing'),
      repo('archived', { archived: true, secretScanning: collected('disabled'), vulnerabilityAlerts: collected(false) }),
    ]);
    for (const c of [scanning, alerts]) {
      const f = byId(run(c, ev));
      expect([...f.keys()].sort()).toEqual(['acme/hidden', 'acme/missing', 'acme/off', 'acme/on']);
      expect(f.get('acme/on')!.status).toBe('pass');
      expect(f.get('acme/off')!.status).toBe('fail');
      expect(f.get('acme/hidden')!.status).toBe('error');
      expect(f.get('acme/hidden')!.missing).toBe('admin');
      expect(f.get('acme/missing')!.status).toBe('error');
    }
  });
});
