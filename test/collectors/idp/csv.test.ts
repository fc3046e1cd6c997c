// CSV exports: the same users give the same verdicts as the API; a bad file or row stops the run before
// anything is written (exit 2), naming the file and line.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preflightIdp } from '../../../src/collectors/idp/index.js';
import type { Config } from '../../../src/config/schema.js';
import { UserInputError } from '../../../src/core/errors.js';
import type { Finding } from '../../../src/core/types.js';
import { demoOkta, DEMO_OKTA_TOKEN } from '../../../src/sandbox/demo/idp.js';
import { entraTenant, googleTenant } from '../../fixtures/idp/tenants.js';
import { runAgainstSandbox, TEST_NOW, type SandboxRun } from '../../helpers/sandbox.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/idp');
const USER_CHECKS = ['idp.mfa.enrolled', 'idp.mfa.phishing-resistant-admins', 'idp.users.inactive'];
const ALL = [...USER_CHECKS, 'idp.mfa.enforced', 'idp.admins.count'];
const runs: SandboxRun[] = [];
afterAll(async () => {
  await Promise.all(runs.map((r) => r.cleanup()));
});

async function csvRun(format: 'google' | 'okta' | 'entra', file: string, extra: Record<string, unknown> = {}): Promise<SandboxRun> {
  const run = await runAgainstSandbox(
    { name: 'CSV Co' },
    {
      config: () => ({ organization: 'CSV Co', idp: { provider: 'csv', format, file: path.join(FIXTURES, file), ...extra } as Config['idp'] }),
      env: () => ({}),
      only: ALL,
      now: TEST_NOW,
    },
  );
  runs.push(run);
  return run;
}

/** user → verdict for the user-level checks, over the users both sources know. */
function userVerdicts(findings: Finding[], checks = USER_CHECKS, users?: Set<string>): Record<string, string> {
  return Object.fromEntries(
    findings
      .filter((f) => checks.includes(f.checkId) && f.resource.type === 'idp.user' && (!users || users.has(f.resource.id)))
      .map((f) => [`${f.checkId} ${f.resource.id}`, f.status])
      .sort(),
  );
}

describe('CSV exports give the API verdicts for the same users', () => {
  it('Okta MFA Usage report (with the optional Status and Admin roles columns)', async () => {
    const api = await runAgainstSandbox(
      { name: 'Kestrel', idp: { okta: demoOkta(TEST_NOW) } },
      {
        config: (url) => ({ organization: 'Kestrel', idp: { provider: 'okta', orgUrl: `${url}/okta` } }),
        env: () => ({ OKTA_API_TOKEN: DEMO_OKTA_TOKEN }),
        only: ALL,
        now: TEST_NOW,
      },
    );
    runs.push(api);
    const csv = await csvRun('okta', 'okta-mfa-usage.csv');
    expect(userVerdicts(csv.findings)).toEqual(userVerdicts(api.findings));
    expect(Object.keys(userVerdicts(csv.findings)).length).toBeGreaterThan(25);
    // The tenant-wide checks: super-admin count from the roles column; the policy is not in a user export.
    expect([...csv.byCheck('idp.admins.count').values()][0]?.status).toBe('fail');
    expect([...csv.byCheck('idp.mfa.enforced').values()][0]).toMatchObject({ status: 'error', missing: 'idp.mfaEnforced (config)' });
  });

  it('Google Workspace user download', async () => {
    const api = await runAgainstSandbox(
      { name: 'Acme', idp: { google: googleTenant() } },
      {
        config: (url) => ({ organization: 'Acme', idp: { provider: 'google', domain: 'acme.test', customerId: 'C01acme', apiUrl: `${url}/google` } }),
        env: () => ({ GOOGLE_OAUTH_ACCESS_TOKEN: 'ya29.ready-token' }),
        only: ALL,
        now: TEST_NOW,
      },
    );
    runs.push(api);
    const csv = await csvRun('google', 'google-users.csv', { host: 'acme.test' });
    expect(userVerdicts(csv.findings, ['idp.mfa.enrolled', 'idp.users.inactive'])).toEqual(
      userVerdicts(api.findings, ['idp.mfa.enrolled', 'idp.users.inactive']),
    );
    // 2SV enforcement from the "2sv Enforced" column, as the API's per-user isEnforcedIn2Sv.
    expect(csv.byCheck('idp.mfa.enforced').get('acme.test')?.status).toBe(api.byCheck('idp.mfa.enforced').get('acme.test')?.status);
    // No admin column in the download: admin checks cannot be verified (never a pass).
    expect(csv.findings.filter((f) => f.checkId.includes('admin')).every((f) => f.status === 'error')).toBe(true);
  });

  it('Entra user registration details download', async () => {
    const tenant = entraTenant();
    const api = await runAgainstSandbox(
      { name: 'Contoso', idp: { entra: tenant } },
      {
        config: (url) => ({
          organization: 'Contoso',
          idp: { provider: 'entra', tenantId: tenant.tenantId, clientId: tenant.clientId, apiUrl: `${url}/entra`, authorityUrl: `${url}/entra` },
        }),
        env: () => ({ ENTRA_CLIENT_SECRET: tenant.clientSecret }),
        only: ALL,
        now: TEST_NOW,
      },
    );
    runs.push(api);
    const csv = await csvRun('entra', 'entra-registration.csv', { mfaEnforced: false });
    const inCsv = new Set(['ana@contoso.test', 'ben@contoso.test', 'cy@contoso.test', 'eve@contoso.test', 'fay@contoso.test']);
    const checks = ['idp.mfa.enrolled', 'idp.mfa.phishing-resistant-admins'];
    expect(userVerdicts(csv.findings, checks)).toEqual(userVerdicts(api.findings, checks, inCsv));
    // The download has no sign-in times: inactivity cannot be verified from it.
    expect([...csv.byCheck('idp.users.inactive').values()].every((f) => f.status === 'error')).toBe(true);
    expect([...csv.byCheck('idp.mfa.enforced').values()][0]).toMatchObject({ status: 'fail', details: { declaredInConfig: true } });
  });
});

describe('a declared MFA policy (idp.mfaEnforced)', () => {
  it("is accepted, never a pass: the finding and its evidence name who declared it and the attached file's SHA-256", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'declared-'));
    writeFileSync(path.join(dir, 'okta-policy.png'), 'not really a png');
    const sha = createHash('sha256').update('not really a png').digest('hex');
    const run = await csvRun('okta', 'okta-mfa-usage.csv', {
      mfaEnforced: { value: true, declaredBy: 'CTO', evidence: path.join(dir, 'okta-policy.png'), reason: 'Okta sign-on policy requires MFA' },
    });
    const finding = [...run.byCheck('idp.mfa.enforced').values()][0]!;
    expect(finding).toMatchObject({ status: 'accepted', details: { declaredBy: 'CTO', evidenceSha256: sha, reason: 'Okta sign-on policy requires MFA' } });
    expect(finding.message).toContain(sha);
    const declaration = finding.evidence.find((e) => e.operation === 'declared idp.mfaEnforced')!;
    const stored = JSON.parse(readFileSync(path.join(run.dir, declaration.file), 'utf8')) as { response: Record<string, unknown> };
    expect(stored.response).toMatchObject({ enforced: true, declaredBy: 'CTO', evidenceSha256: sha });
    expect(run.findings.filter((f) => f.checkId === 'idp.mfa.enforced' && f.status === 'pass')).toEqual([]);
  });

  it('a missing evidence file is bad input naming the file', () => {
    const config = {
      organization: 'X',
      idp: {
        provider: 'csv',
        format: 'okta',
        file: path.join(FIXTURES, 'okta-mfa-usage.csv'),
        mfaEnforced: { value: true, declaredBy: 'CTO', evidence: 'nope.png' },
      },
    } as unknown as Config;
    let err: unknown;
    try {
      preflightIdp(config, FIXTURES);
    } catch (e) {
      err = e;
    }
    expect((err as UserInputError).describe()).toMatch(/nope\.png: cannot read the evidence file of the idp\.mfaEnforced declaration: no such file/);
  });
});

describe('bad CSV input names the file and line', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'soc2-csv-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const preflight = (format: 'google' | 'okta' | 'entra', text: string): UserInputError => {
    const file = path.join(dir, `${format}.csv`);
    writeFileSync(file, text);
    try {
      preflightIdp({ organization: 'x', checks: {}, exceptions: [], idp: { provider: 'csv', format, file } }, dir);
    } catch (err) {
      if (err instanceof UserInputError) return err;
      throw err;
    }
    throw new Error('no error raised');
  };
  const googleHeader =
    'First Name [Required],Last Name [Required],Email Address [Required],Status [READ ONLY],Last ' +
    'Sign In [READ ONLY],2sv Enrolled [READ ONLY],2sv Enforced [READ ONLY]\n';

  it.each<[string, 'google' | 'okta' | 'entra', string, number, RegExp]>([
    [
      'a bad boolean',
      'google',
      `${googleHeader}a,b,a@x.com,Active,2026/01/01 10:00:00,True,True\nc,d,c@x.com,Active,2026/01/01 10:00:00,maybe,True\n`,
      3,
      /2sv Enrolled.*c@x.com.*True or False.*"maybe"/,
    ],
    ['a bad status', 'google', `${googleHeader}a,b,a@x.com,Deleted,2026/01/01 10:00:00,True,True\n`, 2, /Status.*Active, Suspended or Archived/],
    ['a bad date', 'google', `${googleHeader}a,b,a@x.com,Active,yesterday,True,True\n`, 2, /Last Sign In/],
    ['a bad email', 'google', `${googleHeader}a,b,not-an-email,Active,2026/01/01 10:00:00,True,True\n`, 2, /email address/],
    ['a short row', 'google', `${googleHeader}a,b,a@x.com,Active\n`, 2, /expected 7 columns/],
    [
      'a duplicate user',
      'google',
      `${googleHeader}a,b,a@x.com,Active,2026/01/01 10:00:00,True,True\na,b,a@x.com,Active,2026/01/01 10:00:00,True,True\n`,
      3,
      /appears twice/,
    ],
    ['a wrong header', 'okta', 'Name,Email\nA,a@x.com\n', 1, /not the Okta MFA Usage report: missing columns "Login", "MFA Factor"/],
    [
      'the Google file configured as Okta',
      'okta',
      `${googleHeader}a,b,a@x.com,Active,2026/01/01 10:00:00,True,True\n`,
      1,
      /looks like the Google Workspace user download: set idp.format: google/,
    ],
    [
      'an Okta bad Last Used',
      'okta',
      'User,Login,MFA Factor,Last Enrolled_ISO8601,Last Used_ISO8601\nA,a@x.com,Password,2025-01-01T00:00:00Z,soon\n',
      2,
      /Last Used_ISO8601/,
    ],
    [
      'an Entra bad MFA registered',
      'entra',
      'User principal name,Admin,MFA registered,Methods registered\nana@c.test,False,perhaps,email\n',
      2,
      /MFA registered.*True or False/,
    ],
    ['an unterminated quote', 'entra', 'User principal name,Admin,MFA registered,Methods registered\nana@c.test,False,True,"email\n', 2, /not a readable CSV/],
    ['an empty file', 'okta', '', 1, /empty/],
  ])('%s', (_name, format, text, line, message) => {
    const err = preflight(format, text);
    expect(err.line).toBe(line);
    expect(err.file).toMatch(new RegExp(`${format}\\.csv$`));
    expect(err.message).toMatch(message);
  });

  it('a missing file is named', () => {
    expect(() => preflightIdp({ organization: 'x', checks: {}, exceptions: [], idp: { provider: 'csv', format: 'okta', file: 'nope.csv' } }, dir)).toThrow(
      /no such file/,
    );
  });

  it('the CLI stops before anything is written: exit 2, file:line', () => {
    const repo = path.resolve(FIXTURES, '../../..');
    const bad = path.join(dir, 'bad-google.csv');
    writeFileSync(bad, `${googleHeader}a,b,a@x.com,Active,2026/01/01 10:00:00,True,True\nc,d,c@x.com,Active,2026/01/01 10:00:00,yes please,True\n`);
    const config = path.join(dir, 'soc2-evidence.yaml');
    writeFileSync(config, `organization: CSV Co\nidp:\n  provider: csv\n  format: google\n  file: bad-google.csv\n`);
    const out = path.join(dir, 'reports');
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repo, 'src/cli/bin.ts'), 'collect', '--config', config, '--out', out], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad-google\.csv:3: .*2sv Enrolled/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});
