// Google Workspace and Entra ID collectors over real HTTP against the sandbox: paging (nextPageToken,
// @odata.nextLink), quota 403 userRateLimitExceeded and 429 Retry-After, 5xx, bad credentials, a missing scope.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/types.js';
import type { SandboxFaults } from '../../../src/sandbox/http.js';
import type { SandboxEntra, SandboxGoogle } from '../../../src/sandbox/idp/model.js';
import { entraTenant, googleTenant } from '../../fixtures/idp/tenants.js';
import { runAgainstSandbox, TEST_NOW, type SandboxRun } from '../../helpers/sandbox.js';

const IDP_CHECKS = ['idp.mfa.enrolled', 'idp.mfa.enforced', 'idp.mfa.phishing-resistant-admins', 'idp.users.inactive', 'idp.admins.count'];
const runs: SandboxRun[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'soc2-google-key-'));
afterAll(async () => {
  await Promise.all(runs.map((r) => r.cleanup()));
  rmSync(dir, { recursive: true, force: true });
});
const verdicts = (findings: Finding[]) => findings.map((f) => `${f.checkId} ${f.resource.id} ${f.status}`).sort();
const status = (run: SandboxRun, check: string) => Object.fromEntries([...run.byCheck(check)].map(([id, f]) => [id, f.status]));

// A service-account key file with domain-wide delegation of both read-only scopes.
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SA = 'soc2-evidence@acme-audit.iam.gserviceaccount.com';
const keyFile = path.join(dir, 'key.json');
writeFileSync(
  keyFile,
  JSON.stringify({
    type: 'service_account',
    client_email: SA,
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    private_key_id: 'k1',
  }),
);
const delegated = (scopes: string[]) => ({ [SA]: { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), scopes } });
const USERS_SCOPE = 'https://www.googleapis.com/auth/admin.directory.user.readonly';
const POLICY_SCOPE = 'https://www.googleapis.com/auth/cloud-identity.policies.readonly';

async function googleRun(tenant: SandboxGoogle, options: { faults?: SandboxFaults; env?: Record<string, string> } = {}) {
  const run = await runAgainstSandbox(
    { name: 'Acme', idp: { google: tenant } },
    {
      config: (url) => ({
        organization: 'Acme',
        idp: {
          provider: 'google',
          domain: 'acme.test',
          customerId: 'C01acme',
          adminEmail: 'admin@acme.test',
          apiUrl: `${url}/google`,
          tokenUrl: `${url}/google/token`,
        },
      }),
      env: () => options.env ?? { GOOGLE_APPLICATION_CREDENTIALS: keyFile },
      only: IDP_CHECKS,
      now: TEST_NOW,
      ...(options.faults ? { faults: options.faults } : {}),
    },
  );
  runs.push(run);
  return run;
}

describe('Google Workspace collector', () => {
  let baseline: SandboxRun;
  it('reads users page by page (nextPageToken) with a delegated service account', async () => {
    baseline = await googleRun({ ...googleTenant(), serviceAccounts: delegated([USERS_SCOPE, POLICY_SCOPE]) });
    expect(baseline.sandbox.stats.get('google:users.list')).toBe(3);
    expect(status(baseline, 'idp.mfa.enrolled')).toEqual({
      'alice.admin@acme.test': 'pass',
      'bob.stale@acme.test': 'fail',
      'carol.suspended@acme.test': 'not_applicable',
      'dave.never@acme.test': 'pass',
      'erin.ok@acme.test': 'pass',
    });
    expect(status(baseline, 'idp.users.inactive')).toEqual({
      'alice.admin@acme.test': 'pass',
      'bob.stale@acme.test': 'fail',
      'carol.suspended@acme.test': 'not_applicable',
      'dave.never@acme.test': 'fail',
      'erin.ok@acme.test': 'pass',
    });
    // Policy API not enabled (403): judged from each user's isEnforcedIn2Sv; bob is not enforced.
    expect(status(baseline, 'idp.mfa.enforced')).toEqual({ 'acme.test': 'fail' });
    // Google does not say which 2SV method an admin uses: never a pass.
    expect(status(baseline, 'idp.mfa.phishing-resistant-admins')).toEqual({ 'alice.admin@acme.test': 'error', 'erin.ok@acme.test': 'error' });
    expect(status(baseline, 'idp.admins.count')).toEqual({ 'acme.test': 'pass' });
  });

  it('with the Reports scope, an admin with a security key passes; one without stays unverifiable', async () => {
    const tenant = googleTenant();
    tenant.users[0]!.securityKeys = 2; // alice.admin
    const run = await googleRun({
      ...tenant,
      serviceAccounts: delegated([USERS_SCOPE, POLICY_SCOPE, 'https://www.googleapis.com/auth/admin.reports.usage.readonly']),
    });
    expect(status(run, 'idp.mfa.phishing-resistant-admins')).toEqual({ 'alice.admin@acme.test': 'pass', 'erin.ok@acme.test': 'error' });
    expect(run.sandbox.stats.get('google:userUsageReport.get')).toBe(2);
  });

  it('reads the 2SV policy API when enabled', async () => {
    const tenant = {
      ...googleTenant(),
      serviceAccounts: delegated([USERS_SCOPE, POLICY_SCOPE]),
      twoStepPolicies: [
        { orgUnit: 'orgUnits/root', enforcedFrom: '2025-01-01T00:00:00Z' },
        { orgUnit: 'orgUnits/sales', enforcedFrom: null },
      ],
    };
    const run = await googleRun(tenant);
    const [enforced] = run.byCheck('idp.mfa.enforced').values();
    expect(enforced?.message).toMatch(/orgUnits\/sales/);
  });

  it('backs off on 403 userRateLimitExceeded and 503: identical findings', async () => {
    const run = await googleRun(
      { ...googleTenant(), serviceAccounts: delegated([USERS_SCOPE, POLICY_SCOPE]) },
      { faults: { throttleRate: 0.3, serverErrorRate: 0.2, seed: 3 } },
    );
    expect(run.sandbox.stats.get('google:quota')).toBeGreaterThan(0);
    expect(verdicts(run.findings)).toEqual(verdicts(baseline.findings));
  });

  // Only the IdP is configured: when nothing of it can be read, it is not a run (exit 2, nothing written).
  it('a Directory scope that is not delegated: not a run, the message names the scope', async () => {
    await expect(googleRun({ ...googleTenant(), serviceAccounts: delegated([POLICY_SCOPE]) })).rejects.toThrow(
      new RegExp(`not a run[\\s\\S]*missing: ${USERS_SCOPE.replace(/[.]/g, '\\.')}`),
    );
  });

  it('a ready GOOGLE_OAUTH_ACCESS_TOKEN without the policy scope still judges from per-user enforcement', async () => {
    const run = await googleRun(googleTenant(), { env: { GOOGLE_OAUTH_ACCESS_TOKEN: 'ya29.ready-token' } });
    expect(verdicts(run.findings)).toEqual(verdicts(baseline.findings));
  });

  it('reads users with a field mask and keeps no phone number, address or recovery data', async () => {
    const run = await googleRun(googleTenant(), { env: { GOOGLE_OAUTH_ACCESS_TOKEN: 'ya29.ready-token' } });
    const dir = path.join(run.dir, 'evidence');
    const stored = readdirSync(dir).map(
      (f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { operation: string; parameters: { query?: Record<string, string> }; response: unknown },
    );
    const lists = stored.filter((e) => e.operation === 'directory.users.list');
    expect(lists.length).toBeGreaterThan(0);
    for (const e of lists) expect(e.parameters.query?.fields).toMatch(/^users\(id,primaryEmail,.*\),nextPageToken$/);
    const text = JSON.stringify(stored);
    expect(text).not.toMatch(/phones|addresses|recoveryPhone|recoveryEmail|555-01|Sandbox Lane/);
    expect(text).toContain('isEnrolledIn2Sv');
  });

  it('a wrong access token: not a run, saying so', async () => {
    await expect(googleRun(googleTenant(), { env: { GOOGLE_OAUTH_ACCESS_TOKEN: 'ya29.wrong' } })).rejects.toThrow(
      /not a run[\s\S]*401.*GOOGLE_OAUTH_ACCESS_TOKEN was rejected/,
    );
  });
});

async function entraRun(tenant: SandboxEntra, options: { faults?: SandboxFaults; secret?: string } = {}) {
  const run = await runAgainstSandbox(
    { name: 'Contoso', idp: { entra: tenant } },
    {
      config: (url) => ({
        organization: 'Contoso',
        idp: { provider: 'entra', tenantId: tenant.tenantId, clientId: tenant.clientId, apiUrl: `${url}/entra`, authorityUrl: `${url}/entra` },
      }),
      env: () => ({ AZURE_CLIENT_SECRET: options.secret ?? tenant.clientSecret }),
      only: IDP_CHECKS,
      now: TEST_NOW,
      ...(options.faults ? { faults: options.faults } : {}),
    },
  );
  runs.push(run);
  return run;
}

describe('Entra ID collector', () => {
  let baseline: SandboxRun;
  it('reads users, registration details, roles and conditional access (@odata.nextLink)', async () => {
    baseline = await entraRun(entraTenant());
    expect(baseline.sandbox.stats.get('entra:users')).toBe(4);
    expect(status(baseline, 'idp.mfa.enrolled')).toEqual({
      'ana@contoso.test': 'pass',
      'ben@contoso.test': 'pass',
      'cy@contoso.test': 'fail',
      'dee@contoso.test': 'not_applicable',
      'eve@contoso.test': 'pass',
      'fay@contoso.test': 'pass',
      'partner_fabrikam.test#EXT#@contoso.test': 'not_applicable',
    });
    expect(status(baseline, 'idp.mfa.phishing-resistant-admins')).toEqual({ 'ana@contoso.test': 'pass', 'ben@contoso.test': 'fail' });
    expect(status(baseline, 'idp.users.inactive')).toMatchObject({ 'eve@contoso.test': 'fail', 'fay@contoso.test': 'fail', 'ana@contoso.test': 'pass' });
    const tenantId = entraTenant().tenantId;
    expect(status(baseline, 'idp.admins.count')).toEqual({ [tenantId]: 'pass' });
    // The only MFA policy excludes a group: not everyone.
    expect([...baseline.byCheck('idp.mfa.enforced').values()][0]).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/excludes group breakglass-group/),
    });
  });

  it('honours 429 Retry-After and 5xx: identical findings', async () => {
    const run = await entraRun(entraTenant(), { faults: { throttleRate: 0.2, serverErrorRate: 0.1, seed: 5 } });
    expect(run.sandbox.stats.get('entra:429')).toBeGreaterThan(0);
    expect(verdicts(run.findings)).toEqual(verdicts(baseline.findings));
  });

  it('security defaults on → enforced', async () => {
    const run = await entraRun({ ...entraTenant(), securityDefaultsEnabled: true });
    expect([...run.byCheck('idp.mfa.enforced').values()][0]?.status).toBe('pass');
  });

  it('without AuditLog.Read.All: sign-ins and registrations are errors naming it; roles and policy still judged', async () => {
    const run = await entraRun(entraTenant(), { faults: { deny: ['AuditLog.Read.All'] } });
    for (const f of [...run.byCheck('idp.users.inactive').values(), ...run.byCheck('idp.mfa.enrolled').values()].filter((x) => x.status !== 'not_applicable')) {
      expect(f).toMatchObject({ status: 'error', missing: 'AuditLog.Read.All' });
    }
    expect(status(run, 'idp.admins.count')).toEqual(status(baseline, 'idp.admins.count'));
    expect(status(run, 'idp.mfa.enforced')).toEqual(status(baseline, 'idp.mfa.enforced'));
    expect(run.run.sources.idp?.missingPermissions).toContain('AuditLog.Read.All');
  });

  it('reads every member of a role with 25 members (paged /directoryRoles/{id}/members) and counts PIM-eligible admins', async () => {
    const tenant = entraTenant();
    const helpdesk = Array.from({ length: 25 }, (_, i) => ({
      ...tenant.users[2]!,
      id: `10000000-aaaa-bbbb-cccc-0000000000${String(i).padStart(2, '0')}`,
      userPrincipalName: `desk${i}@contoso.test`,
      displayName: `desk${i}`,
      methodsRegistered: ['microsoftAuthenticatorPush'],
      // The 23rd to 25th members are also Global Administrators: beyond $expand's twentieth member.
      roles: i >= 22 ? ['Helpdesk Administrator', 'Global Administrator'] : ['Helpdesk Administrator'],
    }));
    // One more Global Administrator only PIM-eligible (can activate any time): still an administrator.
    const users = [
      ...tenant.users.map((u) => (u.userPrincipalName === 'cy@contoso.test' ? { ...u, eligibleRoles: ['Global Administrator'] } : u)),
      ...helpdesk,
    ];
    const run = await entraRun({ ...tenant, users, maxPageSize: 10 });
    expect(run.sandbox.stats.get('entra:directoryRoleMembers')).toBeGreaterThanOrEqual(3 + 2); // Helpdesk: 3 pages; the other roles 1+ each
    expect(run.sandbox.stats.get('entra:roleEligibilitySchedules')).toBe(1);
    const admins = status(run, 'idp.mfa.phishing-resistant-admins');
    expect(Object.keys(admins).filter((login) => login.startsWith('desk'))).toHaveLength(25);
    expect(admins['cy@contoso.test']).toBe('fail');
    const count = [...run.byCheck('idp.admins.count').values()][0]!;
    // ana, ben, desk22..24 and the eligible cy: 6 super-admins, more than 3.
    expect(count).toMatchObject({ status: 'fail', details: { count: 6 } });
    expect(count.details?.superAdmins).toEqual(expect.arrayContaining(['cy@contoso.test', 'desk22@contoso.test', 'desk24@contoso.test']));
  });

  it('a tenant without PIM (no P2 licence: Graph answers 400) still has its admins judged', async () => {
    const run = await entraRun({ ...entraTenant(), pim: false });
    expect(status(run, 'idp.admins.count')).toEqual(status(baseline, 'idp.admins.count'));
    expect(status(run, 'idp.mfa.phishing-resistant-admins')).toEqual(status(baseline, 'idp.mfa.phishing-resistant-admins'));
    expect(run.run.sources.idp?.status).toBe('ok');
  });

  it('a wrong client secret: not a run, naming ENTRA_CLIENT_SECRET', async () => {
    await expect(entraRun(entraTenant(), { secret: 'nope' })).rejects.toThrow(/not a run[\s\S]*AADSTS7000215[\s\S]*missing: ENTRA_CLIENT_SECRET/);
  });
});
