// The GitHub collector through real Octokit over HTTP against the sandbox: the demo org's verdicts,
// pagination, rate limits and 5xx (identical findings), a token without owner rights, GitHub App auth.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/types.js';
import type { SandboxCompany } from '../../../src/sandbox/company.js';
import { DEMO_GITHUB_MEMBER_TOKEN, DEMO_GITHUB_PUBLIC_ONLY_TOKEN, DEMO_GITHUB_TOKEN, demoGithub, demoGithubConfig } from '../../../src/sandbox/demo/github.js';
import { GENERATED_TOKEN, generatedGithub } from '../../../src/sandbox/github/generate.js';
import { runAgainstSandbox, type SandboxRun } from '../../helpers/sandbox.js';

const GITHUB_CHECKS = [
  'github.org.2fa-required',
  'github.org.members-2fa',
  'github.org.owner-count',
  'github.repo.branch-protection',
  'github.repo.status-checks',
  'github.repo.no-admin-bypass',
  'github.repo.secret-scanning',
  'github.repo.dependabot-alerts',
  'github.changes.pr-approved',
  'github.changes.no-direct-push',
];

const demo = (): SandboxCompany => ({ name: 'Kestrel', github: demoGithub() });
const config = (url: string) => ({ organization: 'Kestrel', period: { start: '2026-07-01', end: '2026-09-30' }, github: demoGithubConfig(url) });
const verdicts = (findings: Finding[]) =>
  findings
    .filter((f) => f.checkId.startsWith('github.'))
    .map((f) => `${f.checkId} ${f.resource.id} ${f.status}`)
    .sort();

const runs: SandboxRun[] = [];
afterAll(async () => {
  for (const r of runs) await r.cleanup();
});
async function run(company: SandboxCompany, options: Partial<Parameters<typeof runAgainstSandbox>[1]> = {}): Promise<SandboxRun> {
  const r = await runAgainstSandbox(company, { config, only: GITHUB_CHECKS, env: () => ({ GITHUB_TOKEN: DEMO_GITHUB_TOKEN }), ...options });
  runs.push(r);
  return r;
}

describe('GitHub collector against the demo organization', () => {
  it('gets every trap right', async () => {
    const r = await run(demo());
    const s = (check: string, id: string) => r.byCheck(check).get(id)?.status;
    expect(s('github.org.2fa-required', 'kestrel-data')).toBe('fail');
    expect(s('github.org.members-2fa', 'dana-ops')).toBe('fail');
    expect(s('github.org.members-2fa', 'maria-chen')).toBe('pass');
    expect(s('github.org.owner-count', 'kestrel-data')).toBe('fail');
    // Org-ruleset-only protection passes; evaluate-mode ruleset fails; 0 approvals + force pushes fails.
    expect(s('github.repo.branch-protection', 'kestrel-data/web')).toBe('pass');
    expect(s('github.repo.branch-protection', 'kestrel-data/infra')).toBe('fail');
    expect(s('github.repo.branch-protection', 'kestrel-data/data-pipeline')).toBe('fail');
    expect(s('github.repo.branch-protection', 'kestrel-data/api')).toBe('pass');
    expect(s('github.repo.no-admin-bypass', 'kestrel-data/docs')).toBe('fail');
    // Archived repositories are not judged on their settings (their changes in the period still are).
    expect(r.findings.some((f) => f.checkId.startsWith('github.repo.') && f.resource.id === 'kestrel-data/legacy-etl')).toBe(false);
    expect(s('github.changes.no-direct-push', 'kestrel-data/legacy-etl')).toBe('not_applicable');
    // Late approval fails; merged before the period is not in the population.
    expect(s('github.changes.pr-approved', 'kestrel-data/api#102')).toBe('fail');
    expect(s('github.changes.pr-approved', 'kestrel-data/api#101')).toBe('pass');
    expect(r.byCheck('github.changes.pr-approved').has('kestrel-data/api#98')).toBe(false);
    expect(s('github.changes.pr-approved', 'kestrel-data/docs')).toBe('not_applicable');
    const pushes = [...r.byCheck('github.changes.no-direct-push').values()].filter((f) => f.status === 'fail').map((f) => f.resource.id);
    expect(pushes).toHaveLength(4);
    expect(s('github.changes.no-direct-push', 'kestrel-data/web')).toBe('pass');
    // Every finding rests on recorded evidence.
    for (const f of r.findings.filter((x) => x.status !== 'error')) expect(f.evidence.length, `${f.checkId} ${f.resource.id}`).toBeGreaterThan(0);
    // Populations for the auditor, and the cost in run.json.
    const prs = readFileSync(path.join(r.dir, 'populations/pull-requests.csv'), 'utf8');
    expect(prs.split('\n').filter(Boolean)).toHaveLength(1 + 7);
    expect(prs).not.toContain('#98');
    expect(readFileSync(path.join(r.dir, 'populations/direct-pushes.csv'), 'utf8')).toContain('hotfix: raise DB pool timeout');
    const gh = r.run.sources.github!;
    expect(gh.status).toBe('ok');
    expect(gh.notes?.graphqlPoints).toBeGreaterThan(0);
    expect(gh.requests['graphql:RepositoryPage']).toBe(1);
    const evidence = readFileSync(path.join(r.dir, r.findings.find((f) => f.checkId === 'github.org.2fa-required')!.evidence[0]!.file), 'utf8');
    expect(JSON.parse(evidence)).toMatchObject({ operation: 'GET /orgs/{org}', requestId: expect.any(String) });
  });

  it('a token without owner or admin rights: dependent checks are errors naming the role, never passes', async () => {
    const r = await run(demo(), { env: () => ({ GITHUB_TOKEN: DEMO_GITHUB_MEMBER_TOKEN }) });
    const tfa = r.byCheck('github.org.2fa-required').get('kestrel-data')!;
    expect(tfa.status).toBe('error');
    expect(tfa.missing).toMatch(/owner/);
    const members = [...r.byCheck('github.org.members-2fa').values()];
    expect(members).toEqual([expect.objectContaining({ status: 'error', missing: expect.stringMatching(/owner/) })]);
    // Owner count is readable by members (role=admin filter).
    expect(r.byCheck('github.org.owner-count').get('kestrel-data')!.status).toBe('fail');
    // Classic protection is hidden: infra (unprotected) must not pass nor fail; web (org ruleset) still passes.
    expect(r.byCheck('github.repo.branch-protection').get('kestrel-data/infra')!.status).toBe('error');
    expect(r.byCheck('github.repo.branch-protection').get('kestrel-data/infra')!.missing).toMatch(/admin/);
    expect(r.byCheck('github.repo.branch-protection').get('kestrel-data/api')!.status).toBe('error');
    expect(r.byCheck('github.repo.branch-protection').get('kestrel-data/web')!.status).toBe('pass');
    expect(r.byCheck('github.repo.no-admin-bypass').get('kestrel-data/web')!.status).toBe('error');
    for (const id of ['github.repo.secret-scanning', 'github.repo.dependabot-alerts']) {
      for (const f of r.byCheck(id).values()) expect(f.status, `${id} ${f.resource.id}`).toBe('error');
    }
    expect(r.run.sources.github!.status).toBe('partial');
    expect(r.run.sources.github!.missingPermissions.length).toBeGreaterThan(0);
    const passes = r.findings.filter((f) => f.status === 'pass').map((f) => `${f.checkId} ${f.resource.id}`);
    // Nothing that needs owner/admin visibility passed.
    expect(passes.filter((p) => /2fa|no-admin-bypass|secret|dependabot/.test(p))).toEqual([]);
  });

  it('an organization that cannot be read: the members-without-2FA list is not trusted (owner rights unconfirmed)', async () => {
    const r = await run(demo(), { faults: { deny: ['github:org'] } });
    expect(r.byCheck('github.org.2fa-required').get('kestrel-data')!.status).toBe('error');
    const members = [...r.byCheck('github.org.members-2fa').values()];
    expect(members).toEqual([expect.objectContaining({ status: 'error', message: expect.stringMatching(/owner rights are unconfirmed/) })]);
  });

  it('a token that cannot see private repositories: an org-level error, not a silent omission', async () => {
    const r = await run(demo(), { env: () => ({ GITHUB_TOKEN: DEMO_GITHUB_PUBLIC_ONLY_TOKEN }) });
    for (const id of ['github.repo.branch-protection', 'github.changes.pr-approved']) {
      const org = r.byCheck(id).get('kestrel-data');
      expect(org?.status, id).toBe('error');
      expect(org?.message).toMatch(/5 repositories/);
    }
    expect(r.byCheck('github.repo.branch-protection').has('kestrel-data/docs')).toBe(true);
    expect(r.run.sources.github!.status).toBe('partial');
  });

  it('an owner token without repository admin rights (faults.deny github:admin): protection it cannot see is an error', async () => {
    const r = await run(demo(), { faults: { deny: ['github:admin'] } });
    const bp = r.byCheck('github.repo.branch-protection');
    expect(bp.get('kestrel-data/infra')!.status).toBe('error'); // REST 404 "Not Found", not "Branch not protected"
    expect(bp.get('kestrel-data/data-pipeline')!.status).toBe('error');
    expect(bp.get('kestrel-data/web')!.status).toBe('pass'); // the active org ruleset is visible to everyone
    expect(r.byCheck('github.org.2fa-required').get('kestrel-data')!.status).toBe('fail'); // still an owner
    expect(r.run.sources.github!.requests['GET /repos/{owner}/{repo}/branches/{branch}/protection']).toBe(5);
  });

  it('a partial GraphQL server (no viewerCanAdminister / visibility): same verdicts, REST decides classic protection', async () => {
    const full = await run(demo());
    const partial = await run({ name: 'Kestrel', github: { ...demoGithub(), unresolvedFields: ['Repository.viewerCanAdminister', 'Repository.visibility'] } });
    expect(verdicts(partial.findings)).toEqual(verdicts(full.findings));
    expect(partial.run.sources.github!.requests['GET /repos/{owner}/{repo}/branches/{branch}/protection']).toBe(5);
  });

  it('pull requests or commits GitHub cannot resolve are errors, never left out', async () => {
    const r = await run(
      { name: 'Kestrel', github: { ...demoGithub(), unresolvedFields: ['PullRequest.updatedAt', 'Commit.committedDate'] } },
      { only: ['github.changes.pr-approved', 'github.changes.no-direct-push'] },
    );
    const statuses = r.findings.map((f) => `${f.resource.id} ${f.status}`);
    expect(r.findings.filter((f) => f.status === 'pass')).toEqual([]);
    expect(statuses).toContain('kestrel-data/api error');
  });

  it('repositories GitHub cannot resolve are an error on the organization', async () => {
    const r = await run(
      { name: 'Kestrel', github: { ...demoGithub(), unresolvedFields: ['Repository.nameWithOwner'] } },
      { only: ['github.repo.branch-protection'] },
    );
    expect(r.findings.map((f) => [f.resource.id, f.status])).toEqual([['kestrel-data', 'error']]);
    expect(r.findings[0]!.message).toMatch(/6 repositories/);
  });

  it('bad credentials, GitHub the only source: not a run, saying GitHub rejected the token', async () => {
    await expect(run(demo(), { env: () => ({ GITHUB_TOKEN: 'ghp_wrong' }) })).rejects.toThrow(/not a run[\s\S]*github: GitHub rejected the credentials: .*401/);
  });

  it('GitHub App installation auth (JWT signed with node:crypto)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const r = await run(demo(), {
      config: (url) => ({ ...config(url), github: { ...demoGithubConfig(url), appId: '424242', installationId: 777001 } }),
      env: () => ({ GITHUB_APP_PRIVATE_KEY: pem }),
      only: ['github.org.2fa-required'],
    });
    expect(r.byCheck('github.org.2fa-required').get('kestrel-data')!.status).toBe('fail');
  });
});

describe('GitHub collector at larger scale, disturbed', () => {
  const company = (): SandboxCompany => ({ name: 'Scale', github: generatedGithub({ repositories: 130, pullRequests: 260, members: 230 }) });
  const cfg = (url: string) => ({
    organization: 'Scale',
    period: { start: '2026-07-01', end: '2026-09-30' },
    github: { org: 'scale-co', apiUrl: `${url}/github` },
  });

  it('paginates (members 3 REST pages, repositories 3 GraphQL pages) and secondary limits, primary limits and 5xx change nothing', async () => {
    const calm = await run(company(), { config: cfg, env: () => ({ GITHUB_TOKEN: GENERATED_TOKEN }) });
    const stormy = await run(company(), {
      config: cfg,
      env: () => ({ GITHUB_TOKEN: GENERATED_TOKEN }),
      faults: { throttleRate: 0.2, serverErrorRate: 0.1, seed: 7 },
    });
    expect(calm.run.sources.github!.requests['GET /orgs/{org}/members']).toBe(3 + 1 + 1); // all (3 pages), admins, 2fa_disabled
    expect(calm.run.sources.github!.requests['graphql:RepositoryPage']).toBe(3);
    expect(calm.byCheck('github.org.members-2fa').size).toBe(230);
    expect(calm.byCheck('github.repo.branch-protection').size).toBe(130 - 2); // two archived
    const prs = [...calm.byCheck('github.changes.pr-approved').values()].filter((f) => f.resource.type === 'github.pull_request');
    expect(prs).toHaveLength(260); // archived repositories included: they may have been archived after the period
    expect(verdicts(stormy.findings)).toEqual(verdicts(calm.findings));
    expect(stormy.run.sources.github!.notes?.rateLimitRetries).toBeGreaterThan(0);
    // A disturbed run made more requests than the calm one (the retries).
    const stats = stormy.sandbox.stats;
    expect([...stats.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan([...calm.sandbox.stats.values()].reduce((a, b) => a + b, 0));
  });
});

describe('GitHub collector: repositories with more changes than the first page holds', () => {
  it('continues merged PRs and commits in batches and misses none', async () => {
    const github = generatedGithub({ repositories: 12, pullRequests: 400, members: 20 });
    const start = Date.parse('2026-07-01T00:00:00Z');
    const end = Date.parse('2026-10-01T00:00:00Z');
    const inPeriod = (iso: string) => Date.parse(iso) >= start && Date.parse(iso) < end;
    const expectedPrs = github.repositories
      .flatMap((r) => r.pullRequests.filter((p) => p.mergedAt && inPeriod(p.mergedAt)).map((p) => `${github.org}/${r.name}#${p.number}`))
      .sort();
    const expectedPushes = github.repositories
      .flatMap((r) => r.commits.filter((c) => !c.pullRequest && inPeriod(c.committedDate)).map((c) => `${github.org}/${r.name}@${c.sha}`))
      .sort();
    const r = await run(
      { name: 'Busy', github },
      {
        config: (url) => ({ organization: 'Busy', period: { start: '2026-07-01', end: '2026-09-30' }, github: { org: github.org, apiUrl: `${url}/github` } }),
        env: () => ({ GITHUB_TOKEN: GENERATED_TOKEN }),
        only: ['github.changes.pr-approved', 'github.changes.no-direct-push'],
      },
    );
    const prs = [...r.byCheck('github.changes.pr-approved').keys()].filter((k) => k.includes('#')).sort();
    expect(prs).toEqual(expectedPrs);
    const pushes = [...r.byCheck('github.changes.no-direct-push').values()]
      .filter((f) => f.status === 'fail')
      .map((f) => f.resource.id)
      .sort();
    expect(pushes).toEqual(expectedPushes);
    expect(r.run.sources.github!.requests['graphql:MergedPullRequests']).toBeGreaterThan(0);
    expect(r.run.sources.github!.requests['graphql:DefaultBranchCommits']).toBeGreaterThan(0);
    // Late approvals (generated every 23rd PR) fail.
    expect([...r.byCheck('github.changes.pr-approved').values()].some((f) => /only after the merge/.test(f.message))).toBe(true);
  });
});
