// Joiners and leavers end to end: the real Octokit, AWS SDK and Okta clients over HTTP against the demo
// company (SAML-linked org, leavers with GitHub and AWS access, an unlinked member, declared bots, outside
// collaborators), a plan without SAML, SSO at the enterprise, a token that may not read identities,
// denied AWS reads, throttling, and the HR file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITIES_READ } from '../../../src/collectors/github/people.js';
import { preflightPeople } from '../../../src/collectors/people/index.js';
import { UserInputError } from '../../../src/core/errors.js';
import type { Finding } from '../../../src/core/types.js';
import type { SandboxCompany } from '../../../src/sandbox/company.js';
import { DEMO_MANAGEMENT_ACCOUNT, DEMO_ROLE, demoCompany } from '../../../src/sandbox/demo/company.js';
import { DEMO_GITHUB_MEMBER_TOKEN, demoGithubConfig } from '../../../src/sandbox/demo/github.js';
import { demoIdpConfig } from '../../../src/sandbox/demo/idp.js';
import { demoPeopleConfig } from '../../../src/sandbox/demo/people.js';
import { demoEnv } from '../../../src/sandbox/demo/config.js';
import { runAgainstSandbox, TEST_NOW, type SandboxRun } from '../../helpers/sandbox.js';
import { pdfText } from '../../reports/pack-helpers.js';
import { entraTenant, googleTenant } from '../../fixtures/idp/tenants.js';
import { DEMO_GITHUB_TOKEN, demoGithub } from '../../../src/sandbox/demo/github.js';

const ACCESS = ['access.github.unlinked-members', 'access.github.deprovisioned', 'access.aws.unlinked-users', 'access.aws.deprovisioned'];
const config = (url: string, extra: Record<string, unknown> = {}) => ({
  organization: 'Kestrel',
  period: { start: '2026-07-01', end: '2026-09-30' },
  aws: { organization: true, roleName: DEMO_ROLE },
  github: demoGithubConfig(url),
  idp: demoIdpConfig(url)!,
  people: demoPeopleConfig(),
  ...extra,
});
const verdicts = (findings: Finding[]) =>
  findings
    .filter((f) => f.checkId.startsWith('access.'))
    .map((f) => `${f.checkId} ${f.resource.id} ${f.status}`)
    .sort();
const IAM = (user: string, account = DEMO_MANAGEMENT_ACCOUNT) => `arn:aws:iam::${account}:user/${user}`;

const runs: SandboxRun[] = [];
afterAll(async () => {
  for (const r of runs) await r.cleanup();
});
async function run(company: SandboxCompany = demoCompany(), options: Partial<Parameters<typeof runAgainstSandbox>[1]> = {}): Promise<SandboxRun> {
  const r = await runAgainstSandbox(company, { config: (url) => config(url), only: ACCESS, ...options });
  runs.push(r);
  return r;
}

describe('the demo company', () => {
  let demo: SandboxRun;
  beforeAll(async () => {
    demo = await run();
  });

  it('fails leavers who still have GitHub access, saying since when and how many days', () => {
    const gone = demo.byCheck('access.github.deprovisioned');
    const sam = gone.get('tom-okafor')!;
    expect(sam.status).toBe('fail');
    expect(sam.message).toMatch(
      new RegExp(
        /^Sam Okafor <sam\.suspended@kestrel\.example> left on \d{4}-\d{2}-\d{2} \(\d+ days ago, /.source +
          /from the IdP status change; IdP status suspended\), but tom-okafor \(organization owner\) still has access/.source,
      ),
    );
    expect(sam.details).toMatchObject({ linkedVia: 'SAML identity', personStatus: 'suspended' });
    expect(gone.get('li-wei')!.details).toMatchObject({ personStatus: 'deprovisioned' });
    expect(gone.get('maria-chen')!.status).toBe('pass');
  });

  it('fails the unlinked member and the unlinked outside collaborator; lists declared bots with owner and reason', () => {
    const unlinked = demo.byCheck('access.github.unlinked-members');
    expect(unlinked.get('dana-ops')!.status).toBe('fail');
    expect(unlinked.get('studio-pixel')).toMatchObject({ status: 'fail', details: { role: 'outside collaborator', repositories: ['kestrel-data/web:read'] } });
    expect(unlinked.get('carol-v')).toMatchObject({
      status: 'pass',
      details: { linkedVia: 'people.links', repositories: ['kestrel-data/api:write', 'kestrel-data/web:write'] },
    });
    expect(unlinked.get('soc2-evidence-bot')).toMatchObject({ status: 'pass', details: { serviceAccount: true, owner: 'grace.hopper@kestrel.example' } });
    // A similar name is a hint, never a link.
    expect(unlinked.get('kthompson')).toMatchObject({ status: 'fail', details: { similarNameHint: 'ken.thompson@kestrel.example (Ken Thompson)' } });
    expect(demo.byCheck('access.github.deprovisioned').has('kthompson')).toBe(false);
  });

  it("fails a leaver's IAM console password and Identity Center user; links IAM users by email tag and config", () => {
    expect(demo.byCheck('access.aws.deprovisioned').get(IAM('contractors/former-contractor'))).toMatchObject({
      status: 'fail',
      details: { credentials: ['console password'], linkedVia: 'email tag' },
    });
    const ic = [...demo.byCheck('access.aws.deprovisioned').values()].find((f) => f.resource.name === 'rob.pike@kestrel.example')!;
    expect(ic).toMatchObject({ status: 'fail', resource: { type: 'aws.identitystore.user' } });
    const unlinked = demo.byCheck('access.aws.unlinked-users');
    expect(unlinked.get(IAM('maria.ops', '444455556666'))!.details).toMatchObject({ linkedVia: 'people.links' });
    expect(unlinked.get(IAM('legacy-ci'))!.status).toBe('fail');
    expect([...unlinked.values()].find((f) => f.resource.name === 'temp-admin')!.status).toBe('fail');
  });

  it('reads tags only for users the config does not already link or declare, and no per-member GitHub calls', () => {
    const stats = Object.fromEntries(demo.sandbox.stats);
    // management: alice.admin, former-contractor, legacy-ci; prod: analytics-ro; staging: ci-staging, dev-jordan.
    expect(stats['aws:iam:ListUserTags']).toBe(6);
    const restPerMember = Object.keys(stats).filter((k) => /github:GET \/(users|orgs\/\{org\}\/memberships)\//.test(k));
    expect(restPerMember).toEqual([]);
    expect(demo.run.sources.github!.notes).toMatchObject({ graphqlRequests: 2 });
  });

  it('writes people.csv and leavers.csv: everyone who left in the period, and per system what became of their access', () => {
    const leavers = readFileSync(path.join(demo.dir, 'populations', 'leavers.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(leavers[0]).toBe('email,name,left_on,left_source,idp_status,github,github_accounts,aws,aws_accounts');
    const row = (email: string) => leavers.find((l) => l.startsWith(email))?.split(',');
    expect(row('jane.doe@kestrel.example')!.slice(5, 8)).toEqual(['removed', '', 'never had an account']);
    expect(row('rob.pike@kestrel.example')![5]).toBe('still active');
    expect(row('old.deprovisioned@kestrel.example')).toBeUndefined();
    const people = readFileSync(path.join(demo.dir, 'populations', 'people.csv'), 'utf8');
    expect(people).toMatch(
      /^grace\.hopper@kestrel\.example,Grace Hopper,active,,,active,sam-admin,alice\.admin arn:aws:iam::111122223333:user\/alice\.admin; /m,
    );
    expect(demo.run.populations.map((p) => p.name)).toEqual(expect.arrayContaining(['people', 'leavers']));
  });

  it('the evidence pack has a people section: counts, the accounts that fail, the leavers and their access', async () => {
    const pdf = await pdfText(path.join(demo.dir, 'evidence-pack.pdf'));
    expect(pdf.outline).toEqual(expect.arrayContaining(['People: joiners and leavers', 'Leavers in the period (3)']));
    expect(pdf.text).toMatch(/Leavers with access\s+4 accounts still active after their person left/);
    expect(pdf.compact).toContain('JaneDoe<jane.doe@kestrel.example>');
    expect(pdf.compact).toContain('stillactive:tom-okafor');
  });

  it('the gap list carries the fix for each people gap', () => {
    const gaps = JSON.parse(readFileSync(path.join(demo.dir, 'gaps.json'), 'utf8')) as {
      gaps: Array<{ checkId: string; resource: { id: string }; remediation?: { summary?: string } }>;
    };
    const sam = gaps.gaps.find((g) => g.checkId === 'access.github.deprovisioned' && g.resource.id === 'tom-okafor')!;
    expect(JSON.stringify(sam)).toMatch(/Remove leavers from the GitHub organization/);
  });
});

describe('GitHub identities', () => {
  it('a plan without SAML says so and falls back to people.links', async () => {
    const company = demoCompany();
    delete company.github!.samlLinks;
    // The enterprise exists (github.enterprise names it) but has no identity provider either.
    company.github!.saml = { enterprise: { slug: 'kestrel' } };
    const r = await run(company, { only: ['access.github.unlinked-members'] });
    const f = r.byCheck('access.github.unlinked-members');
    expect(f.get('tom-okafor')!.status).toBe('fail');
    expect(String(f.get('tom-okafor')!.details!.saml)).toMatch(/neither kestrel-data nor the enterprise kestrel has SAML single sign-on.*people\.links only/);
    expect(f.get('carol-v')!.status).toBe('pass');
  });

  it('SSO at the enterprise: identities come from the enterprise with github.enterprise set', async () => {
    const company = demoCompany();
    company.github!.samlLinks = { ...company.github!.samlLinks!, at: 'enterprise', enterprise: 'kestrel' };
    company.github!.saml = { enterprise: { slug: 'kestrel', idp: 'https://kestrel.okta.com/app/github-ent/sso/saml' } };
    const r = await run(company, {
      config: (url) => config(url, { github: { ...demoGithubConfig(url), enterprise: 'kestrel' } }),
      only: ['access.github.deprovisioned'],
    });
    expect(r.byCheck('access.github.deprovisioned').get('tom-okafor')).toMatchObject({
      status: 'fail',
      details: { linkedVia: 'SAML identity of enterprise kestrel' },
    });
  });

  it.each([
    ['a token without the permission to read identities', { faults: { deny: ['github:saml'] } }],
    [
      'a member (non-owner) token, to which GitHub shows no identity provider',
      { env: (url: string) => ({ ...demoEnv(url), GITHUB_TOKEN: DEMO_GITHUB_MEMBER_TOKEN }) },
    ],
  ])('%s: links that cannot be read are errors naming the permission, never passes', async (_name, options) => {
    const r = await run(demoCompany(), { only: ['access.github.unlinked-members', 'access.github.deprovisioned'], ...options });
    const unlinked = r.byCheck('access.github.unlinked-members');
    expect(unlinked.get('maria-chen')).toMatchObject({ status: 'error', missing: IDENTITIES_READ });
    expect(r.byCheck('access.github.deprovisioned').get('tom-okafor')!.status).toBe('error');
    // A login the config links is still linked; a declared bot is still listed.
    expect(unlinked.get('carol-v')!.status).toBe('pass');
    expect(unlinked.get('soc2-evidence-bot')!.status).toBe('pass');
    expect(r.findings.filter((f) => f.checkId.startsWith('access.github')).some((f) => f.status === 'pass' && f.resource.id === 'maria-chen')).toBe(false);
    expect(r.run.sources.github!.missingPermissions).toContain(IDENTITIES_READ);
  });

  it('SAML identities are paged 100 at a time; throttling and 5xx give identical verdicts', async () => {
    const big = demoCompany();
    const extra = Array.from({ length: 230 }, (_v, i) => ({ login: `user${i}`, nameId: `user${i}@kestrel.example` }));
    big.github!.samlLinks!.identities.push(...extra);
    const calm = await run(big, { only: ['access.github.unlinked-members'] });
    // 237 identities: 3 pages of at most 100.
    expect(calm.run.sources.github!.requests['graphql:OrgSamlIdentities']).toBe(3);
    const stormy = await run(big, { only: ['access.github.unlinked-members'], faults: { throttleRate: 0.2, serverErrorRate: 0.1, seed: 3 } });
    expect(verdicts(stormy.findings)).toEqual(verdicts(calm.findings));
  });
});

describe('AWS identities', () => {
  it('iam:ListUserTags denied: users that need a tag are errors naming it; config-linked and declared users are still judged', async () => {
    const r = await run(demoCompany(), { only: ['access.aws.unlinked-users'], faults: { deny: ['iam:ListUserTags'] } });
    const f = r.byCheck('access.aws.unlinked-users');
    expect(f.get(IAM('alice.admin'))).toMatchObject({ status: 'error', missing: 'iam:ListUserTags' });
    expect(f.get(IAM('maria.ops', '444455556666'))!.status).toBe('pass');
    expect(f.get(IAM('deploy-bot'))!.status).toBe('pass');
  });

  it('sso:ListInstances denied: the Identity Center users are an error on each account, never a pass', async () => {
    const r = await run(demoCompany(), { only: ['access.aws.deprovisioned'], faults: { deny: ['sso:ListInstances'] } });
    const errors = r.findings.filter((f) => f.status === 'error');
    expect(errors.map((f) => f.resource.id).sort()).toEqual(['111122223333', '444455556666', '777788889999']);
    expect(errors.every((f) => f.missing === 'sso:ListInstances')).toBe(true);
    expect(r.byCheck('access.aws.deprovisioned').get(IAM('contractors/former-contractor'))!.status).toBe('fail');
  });

  it('an unconfigured source puts the cross-source checks out of scope', async () => {
    const r = await run(demoCompany(), {
      config: (url) => ({ organization: 'Kestrel', github: demoGithubConfig(url), idp: demoIdpConfig(url)! }),
      only: ACCESS,
    });
    expect(r.findings.map((f) => f.checkId)).not.toContain('access.aws.unlinked-users');
    expect(r.run.scope.checksOutOfScope).toEqual(expect.arrayContaining([{ checkId: 'access.aws.unlinked-users', reason: 'no "aws" section in the config' }]));
  });
});

describe('people.hrFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hr-'));
  const write = (text: string) => {
    writeFileSync(path.join(dir, 'hr.csv'), text);
    return { organization: 'x', checks: {}, exceptions: [], people: { links: {}, serviceAccounts: [], hrFile: 'hr.csv' } };
  };

  it.each([
    ['email,name,start,end\nana@acme.com,Ana,2024-01-01,2026-02-30\n', /hr\.csv:2: column "end" \(ana@acme\.com\): not a real calendar date/],
    ['email,name,start,end\nnot-an-email,Ana,2024-01-01,\n', /hr\.csv:2: column "email"/],
    ['email,name,start\nana@acme.com,Ana,2024-01-01\n', /hr\.csv:1: the HR file's header lacks "end"/],
    ['email,name,start,end\nana@acme.com,Ana,,\nbo@acme.com,Bo,,\nANA@acme.com,Ana,,2026-01-01\n', /hr\.csv:4: ana@acme\.com appears twice \(also on line 2\)/],
    ['email,name,start,end\nana@acme.com,Ana,2026-05-01,2026-01-01\n', /hr\.csv:2: column "end" \(ana@acme\.com\): the end date is before the start date/],
  ])('a bad file stops the run with file:line (%#)', (text, message) => {
    const cfg = write(text);
    let error: unknown;
    try {
      preflightPeople(cfg, dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).describe()).toMatch(message);
  });

  it('leaving dates come from the HR file: a person still active in Okta but gone per HR fails with the HR date', async () => {
    const hrDir = mkdtempSync(path.join(tmpdir(), 'hr-run-'));
    writeFileSync(path.join(hrDir, 'people.csv'), 'email,name,start,end\nada.lovelace@kestrel.example,Ada Lovelace,2020-01-06,2026-09-15\n');
    const r = await run(demoCompany(), {
      config: (url) => config(url, { people: { ...demoPeopleConfig(), hrFile: path.join(hrDir, 'people.csv') } }),
      only: ['access.github.deprovisioned'],
    });
    expect(r.byCheck('access.github.deprovisioned').get('maria-chen')).toMatchObject({
      status: 'fail',
      details: {
        leftAt: '2026-09-15',
        leftSource: 'HR file',
        daysSinceLeaving: Math.floor((TEST_NOW.getTime() - Date.parse('2026-09-15T00:00:00Z')) / 86_400_000),
      },
    });
    expect(readFileSync(path.join(r.dir, 'populations', 'leavers.csv'), 'utf8')).toMatch(
      /^ada\.lovelace@kestrel\.example,Ada Lovelace,2026-09-15,HR file,active,still active,maria-chen/m,
    );
  });
});

describe('other IdPs', () => {
  const githubWith = (links: Record<string, string>) => {
    const gh = demoGithub();
    delete gh.samlLinks;
    return { gh, people: { links, serviceAccounts: [] } };
  };

  it('Entra: deleted users (directory/deletedItems) are leavers with their deletion time; a disabled account has left at an unknown time', async () => {
    const tenant = entraTenant();
    tenant.users.push({
      ...tenant.users[2]!,
      id: '00000009-aaaa-bbbb-cccc-000000000009',
      userPrincipalName: 'gus@contoso.test',
      displayName: 'Gus Grey',
      mail: 'gus@contoso.test',
      deletedDateTime: '2026-09-10T08:00:00Z',
    });
    const { gh, people } = githubWith({ 'maria-chen': 'gus@contoso.test', 'priya-n': 'dee@contoso.test', 'sam-admin': 'ana@contoso.test' });
    const r = await run(
      { name: 'Contoso', github: gh, idp: { entra: tenant } },
      {
        config: (url) => ({
          organization: 'Contoso',
          period: { start: '2026-07-01', end: '2026-09-30' },
          github: demoGithubConfig(url),
          idp: { provider: 'entra', tenantId: tenant.tenantId, clientId: tenant.clientId, apiUrl: `${url}/entra`, authorityUrl: `${url}/entra` },
          people,
        }),
        env: () => ({ AZURE_CLIENT_SECRET: tenant.clientSecret, GITHUB_TOKEN: DEMO_GITHUB_TOKEN }),
        only: ['access.github.deprovisioned'],
      },
    );
    const f = r.byCheck('access.github.deprovisioned');
    expect(f.get('maria-chen')).toMatchObject({ status: 'fail', details: { personStatus: 'deleted', leftAt: '2026-09-10T08:00:00Z', daysSinceLeaving: 77 } });
    expect(f.get('priya-n')!.message).toMatch(/is suspended in the IdP \(the IdP does not say since when\)/);
    expect(f.get('sam-admin')!.status).toBe('pass');
    expect(r.sandbox.stats.get('entra:deletedUsers')).toBe(1);
  });

  it('Google: a suspended user has left; the leaving date needs the HR file', async () => {
    const tenant = googleTenant();
    const suspended = tenant.users.find((u) => u.suspended)!;
    const { gh, people } = githubWith({ 'tom-okafor': suspended.primaryEmail });
    const r = await run(
      { name: 'Acme', github: gh, idp: { google: tenant } },
      {
        config: (url) => ({
          organization: 'Acme',
          period: { start: '2026-07-01', end: '2026-09-30' },
          github: demoGithubConfig(url),
          idp: { provider: 'google', domain: tenant.domain, customerId: 'my_customer', apiUrl: `${url}/google` },
          people,
        }),
        env: () => ({ GOOGLE_OAUTH_ACCESS_TOKEN: 'ya29.ready-token', GITHUB_TOKEN: DEMO_GITHUB_TOKEN }),
        only: ['access.github.deprovisioned'],
      },
    );
    expect(r.byCheck('access.github.deprovisioned').get('tom-okafor')).toMatchObject({ status: 'fail', details: { personStatus: 'suspended', leftAt: null } });
  });
});
