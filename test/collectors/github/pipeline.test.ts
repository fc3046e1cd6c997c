// The second round's GitHub checks (SAML SSO, workflow permissions, push protection, long-lived cloud
// keys) through the real Octokit over HTTP against the sandbox organization.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/types.js';
import { DEMO_GITHUB_MEMBER_TOKEN, DEMO_GITHUB_TOKEN, demoGithub, demoGithubConfig } from '../../../src/sandbox/demo/github.js';
import type { SandboxGithub } from '../../../src/sandbox/github/model.js';
import { runAgainstSandbox, type SandboxRun } from '../../helpers/sandbox.js';

const CHECKS = ['github.org.saml-sso', 'github.actions.default-permissions', 'github.repo.push-protection', 'github.actions.long-lived-cloud-keys'];
const ORG = 'kestrel-data';
const config =
  (enterprise = true) =>
  (url: string) => {
    const { enterprise: slug, ...github } = demoGithubConfig(url);
    return {
      organization: 'Kestrel',
      period: { start: '2026-07-01', end: '2026-09-30' },
      github: enterprise && slug ? { ...github, enterprise: slug } : github,
    };
  };
const comparable = (fs: Finding[]) => fs.map((f) => `${f.checkId} ${f.resource.id} ${f.status} ${f.missing ?? ''} ${f.message}`).sort();

async function runWith(
  gh: SandboxGithub,
  options: { token?: string; enterprise?: boolean; faults?: Parameters<typeof runAgainstSandbox>[1]['faults']; only?: string[] } = {},
) {
  return runAgainstSandbox(
    { name: 'Kestrel', github: gh },
    {
      config: config(options.enterprise ?? true),
      only: options.only ?? CHECKS,
      env: () => ({ GITHUB_TOKEN: options.token ?? DEMO_GITHUB_TOKEN }),
      ...(options.faults ? { faults: options.faults } : {}),
    },
  );
}

describe('GitHub pipeline checks against the demo organization', () => {
  let run: SandboxRun;
  beforeAll(async () => {
    run = await runWith(demoGithub());
  });
  afterAll(() => run.cleanup());

  it('finds each trap', () => {
    expect(run.byCheck('github.org.saml-sso').get(ORG)).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('configured for kestrel-data but not enforced'),
    });
    expect(run.byCheck('github.actions.default-permissions').get(ORG)).toMatchObject({ status: 'fail', details: { defaultWorkflowPermissions: 'write' } });
    const push = run.byCheck('github.repo.push-protection');
    expect(push.get(`${ORG}/api`)?.status).toBe('fail'); // secret scanning on, push protection off
    expect(push.get(`${ORG}/docs`)?.status).toBe('pass');
    const keys = run.byCheck('github.actions.long-lived-cloud-keys');
    expect(keys.get(`${ORG}/infra`)).toMatchObject({ status: 'fail', details: { longLivedCloudKeys: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] } });
    expect(keys.get(`${ORG}/api`)?.status).toBe('pass'); // a role ARN for OIDC is not a key
    expect(keys.get(ORG)?.status).toBe('pass');
    expect(run.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('lists secret names only: one secrets list per non-archived repository, never a per-secret read', () => {
    const stats = run.sandbox.stats;
    const active = demoGithub().repositories.filter((r) => !r.archived).length;
    expect(stats.get('github:GET /repos/{owner}/{repo}/actions/secrets')).toBe(active);
    expect([...stats.keys()].filter((k) => /actions\/secrets\/[^/]+$/.test(k) || k.includes('public-key'))).toEqual([]);
    expect(stats.get('github:GET /orgs/{org}/repos')).toBe(1); // push protection rides on the secret-scanning listing
  });

  const samlCases: Array<[string, (gh: SandboxGithub) => void, boolean, string, string?]> = [
    ['enforced by the enterprise', (gh) => (gh.saml!.enterprise!.enforcedOrgs = [ORG]), true, 'pass'],
    ['an enterprise IdP', (gh) => (gh.saml = { enterprise: { slug: 'kestrel', idp: 'https://kestrel.okta.com/app/github-ent/sso/saml' } }), true, 'pass'],
    ['no enterprise in the config', () => {}, false, 'error', 'github.enterprise'],
    ['the team plan', (gh) => (gh.plan = 'team'), true, 'not_applicable'],
    ['no SAML anywhere', (gh) => (gh.saml = { enterprise: { slug: 'kestrel' } }), true, 'fail'],
  ];
  it.each(samlCases)('SAML SSO with %s', async (name, change, enterprise, status, missing) => {
    const gh = demoGithub();
    change(gh);
    const r = await runWith(gh, { enterprise, only: ['github.org.saml-sso'] });
    try {
      const f = r.byCheck('github.org.saml-sso').get(ORG);
      expect(f?.status, name).toBe(status);
      if (missing) expect(f?.missing, name).toContain(missing);
      if (status === 'not_applicable') expect(f?.message).toMatch(/needs GitHub Enterprise Cloud.*team plan/);
    } finally {
      await r.cleanup();
    }
  });

  it("a member's token: each check is an error naming what is missing, never a pass", async () => {
    const r = await runWith(demoGithub(), { token: DEMO_GITHUB_MEMBER_TOKEN });
    try {
      const org = (id: string) => r.byCheck(id).get(ORG);
      expect(org('github.actions.default-permissions')).toMatchObject({ status: 'error', missing: expect.stringContaining('Administration read') });
      expect(org('github.actions.long-lived-cloud-keys')).toMatchObject({ status: 'error', missing: expect.stringContaining('Secrets read') });
      expect(org('github.org.saml-sso')?.status).toBe('error');
      expect(r.findings.filter((f) => f.status === 'pass')).toEqual([]);
    } finally {
      await r.cleanup();
    }
  });

  it('gives identical findings with rate limits and 5xx', async () => {
    const disturbed = await runWith(demoGithub(), { faults: { throttleRate: 0.2, serverErrorRate: 0.1, seed: 5 } });
    try {
      expect(comparable(disturbed.findings)).toEqual(comparable(run.findings));
    } finally {
      await disturbed.cleanup();
    }
  });

  it("reads every page of a repository's secret names", async () => {
    const gh = demoGithub();
    gh.repositories.find((x) => x.name === 'infra')!.actionsSecrets = Array.from({ length: 130 }, (_, i) => `SECRET_${i}`).concat(['AWS_SECRET_ACCESS_KEY']);
    const many = await runWith(gh, { only: ['github.actions.long-lived-cloud-keys'] });
    try {
      expect(many.byCheck('github.actions.long-lived-cloud-keys').get(`${ORG}/infra`)).toMatchObject({
        status: 'fail',
        details: { longLivedCloudKeys: ['AWS_SECRET_ACCESS_KEY'] },
      });
      // 131 names: two pages
      expect(many.sandbox.stats.get('github:GET /repos/{owner}/{repo}/actions/secrets')).toBe(demoGithub().repositories.filter((x) => !x.archived).length + 1);
    } finally {
      await many.cleanup();
    }
  });

  it('no secret value is asked for or written: evidence holds names and dates only', () => {
    const files = readdirSync(path.join(run.dir, 'evidence')).map((f) => readFileSync(path.join(run.dir, 'evidence', f), 'utf8'));
    const secretLists = files.filter((t) => t.includes('/actions/secrets'));
    expect(secretLists.length).toBeGreaterThan(0);
    for (const t of secretLists) expect(t).not.toMatch(/"(value|encrypted_value|key)"\s*:/);
  });
});
