// The Okta collector over real HTTP against the sandbox org: paging, Okta's rate-limit headers and 429s,
// 5xx, a bad token, a missing scope, and the OAuth service-app flow (private key JWT).
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog } from '../../../src/catalog/load.js';
import { silentProgress } from '../../../src/cli/progress.js';
import { runCollection } from '../../../src/pipeline/run.js';
import { startSandbox } from '../../../src/sandbox/server.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/types.js';
import { demoOkta, DEMO_OKTA_TOKEN, EVERYONE_GROUP } from '../../../src/sandbox/demo/idp.js';
import type { SandboxFaults } from '../../../src/sandbox/http.js';
import type { SandboxOkta } from '../../../src/sandbox/idp/model.js';
import { runAgainstSandbox, TEST_NOW, type SandboxRun } from '../../helpers/sandbox.js';

const IDP_CHECKS = ['idp.mfa.enrolled', 'idp.mfa.enforced', 'idp.mfa.phishing-resistant-admins', 'idp.users.inactive', 'idp.admins.count'];
const runs: SandboxRun[] = [];
afterAll(async () => {
  await Promise.all(runs.map((r) => r.cleanup()));
});

async function oktaRun(org: SandboxOkta, options: { faults?: SandboxFaults; env?: Record<string, string>; clientId?: string } = {}): Promise<SandboxRun> {
  const run = await runAgainstSandbox(
    { name: 'Test Co', idp: { okta: org } },
    {
      config: (url) => ({
        organization: 'Test Co',
        idp: { provider: 'okta', orgUrl: `${url}/okta`, ...(options.clientId ? { clientId: options.clientId } : {}) },
      }),
      env: () => options.env ?? { OKTA_API_TOKEN: DEMO_OKTA_TOKEN },
      only: IDP_CHECKS,
      now: TEST_NOW,
      ...(options.faults ? { faults: options.faults } : {}),
    },
  );
  runs.push(run);
  return run;
}

const verdicts = (findings: Finding[]) => findings.map((f) => `${f.checkId} ${f.resource.id.replace(/127\.0\.0\.1:\d+/, 'HOST')} ${f.status}`).sort();

describe('Okta collector', () => {
  let baseline: SandboxRun;

  it('reads every page and judges the demo org (traps included)', async () => {
    baseline = await oktaRun({ ...demoOkta(TEST_NOW), maxPageSize: 2 });
    expect(baseline.sandbox.stats.get('okta:listUsers')).toBe(7); // 13 listed users (deprovisioned omitted), 2 per page
    const enrolled = baseline.byCheck('idp.mfa.enrolled');
    expect(enrolled.get('linus.pauling@kestrel.example')?.status).toBe('fail'); // pending factor only
    expect(enrolled.get('sam.suspended@kestrel.example')?.status).toBe('not_applicable');
    expect(enrolled.get('margaret.hamilton@kestrel.example')?.status).toBe('pass');
    expect(enrolled.has('old.deprovisioned@kestrel.example')).toBe(false);
    const [enforced] = baseline.byCheck('idp.mfa.enforced').values();
    expect(enforced).toMatchObject({ status: 'fail', message: expect.stringMatching(/Contractors/) });
    expect(enforced!.resource.id).toBe('127.0.0.1'); // the hostname: a random sandbox port must not make a new tenant
    expect(baseline.byCheck('idp.mfa.phishing-resistant-admins').get('ada.lovelace@kestrel.example')?.status).toBe('fail');
    const inactive = baseline.byCheck('idp.users.inactive');
    expect(inactive.get('dennis.ritchie@kestrel.example')?.status).toBe('fail');
    expect(inactive.get('new.hire@kestrel.example')?.status).toBe('fail');
    expect([...baseline.byCheck('idp.admins.count').values()][0]?.status).toBe('fail');
    expect(baseline.run.sources.idp?.status).toBe('ok');
    expect(baseline.findings.every((f) => f.status !== 'error')).toBe(true);
    // Every finding cites stored evidence.
    expect(baseline.findings.filter((f) => f.status !== 'not_applicable').every((f) => f.evidence.length > 0)).toBe(true);
  });

  it('follows Link paging on the policy list: a one-factor policy on the second page is judged', async () => {
    const org = demoOkta(TEST_NOW);
    org.policies.push({
      id: '00p1signon00000002',
      name: 'Legacy VPN',
      type: 'OKTA_SIGN_ON',
      status: 'ACTIVE',
      priority: 2,
      system: false,
      conditions: { people: { groups: { include: [EVERYONE_GROUP] } } },
      rules: [
        {
          id: '0pr1legacyvpn00001',
          name: 'VPN: password only',
          status: 'ACTIVE',
          priority: 1,
          system: false,
          type: 'SIGN_ON',
          conditions: { people: { groups: { include: [EVERYONE_GROUP] } }, network: { connection: 'ANYWHERE' } },
          actions: { signon: { access: 'ALLOW', requireFactor: false } },
        },
      ],
    });
    const run = await oktaRun({ ...org, maxPageSize: 1 });
    expect(run.sandbox.stats.get('okta:listPolicies')).toBeGreaterThanOrEqual(4); // OKTA_SIGN_ON takes 2 pages
    const [enforced] = run.byCheck('idp.mfa.enforced').values();
    expect(enforced!.status).toBe('fail');
    expect(enforced!.details?.gaps).toEqual(
      expect.arrayContaining([expect.stringMatching(/"Legacy VPN", rule "VPN: password only" lets everyone sign in with one factor/)]),
    );
  });

  it('gives identical findings with throttling (429 + X-Rate-Limit-*) and 5xx answers', async () => {
    const disturbed = await oktaRun({ ...demoOkta(TEST_NOW), maxPageSize: 2 }, { faults: { throttleRate: 0.1, serverErrorRate: 0.1, seed: 7 } });
    expect(disturbed.sandbox.stats.get('okta:429')).toBeGreaterThan(0);
    expect(verdicts(disturbed.findings)).toEqual(verdicts(baseline.findings));
  });

  it('waits for X-Rate-Limit-Reset instead of running into 429s', async () => {
    const run = await oktaRun({ ...demoOkta(TEST_NOW), rateLimitPerMinute: 12, rateLimitWindowSeconds: 1 });
    expect(run.sandbox.stats.get('okta:429') ?? 0).toBe(0);
    expect(verdicts(run.findings)).toEqual(verdicts(baseline.findings));
  });

  it('collects only what the selected checks need', async () => {
    const run = await runAgainstSandbox(
      { name: 'Test Co', idp: { okta: demoOkta(TEST_NOW) } },
      {
        config: (url) => ({ organization: 'Test Co', idp: { provider: 'okta', orgUrl: `${url}/okta` } }),
        env: () => ({ OKTA_API_TOKEN: DEMO_OKTA_TOKEN }),
        only: ['idp.users.inactive'],
        now: TEST_NOW,
      },
    );
    runs.push(run);
    expect([...run.sandbox.stats.keys()].sort()).toEqual(['okta:listUsers']);
    expect(run.run.sources.idp?.status).toBe('ok');
  });

  // Only the IdP is configured, so a run with no usable credentials is not a run (exit 2, nothing written).
  it('a wrong token: not a run, the message names OKTA_API_TOKEN', async () => {
    await expect(oktaRun(demoOkta(TEST_NOW), { env: { OKTA_API_TOKEN: 'wrong' } })).rejects.toThrow(/not a run[\s\S]*idp: .*401.*OKTA_API_TOKEN was rejected/);
  });

  it('no credentials at all: a clear error, no request made', async () => {
    await expect(oktaRun(demoOkta(TEST_NOW), { env: {} })).rejects.toThrow(/not a run[\s\S]*idp: .*OKTA_API_TOKEN/);
  });

  it('a missing scope turns exactly the checks that need it into errors', async () => {
    const run = await oktaRun(demoOkta(TEST_NOW), { faults: { deny: ['okta.roles.read'] } });
    const errors = new Set(run.findings.filter((f) => f.status === 'error').map((f) => f.checkId));
    expect([...errors].sort()).toEqual(['idp.admins.count', 'idp.mfa.phishing-resistant-admins']);
    expect(run.findings.filter((f) => f.status === 'error').every((f) => f.missing === 'okta.roles.read')).toBe(true);
    expect(run.run.sources.idp?.missingPermissions).toEqual(['okta.roles.read']);
    const others = (fs: Finding[]) => verdicts(fs.filter((f) => !errors.has(f.checkId)));
    expect(others(run.findings)).toEqual(others(baseline.findings));
  });

  it('without the IAM assignees endpoint, roles are read per user; without groups or apps the verdicts stand', async () => {
    const run = await oktaRun({ ...demoOkta(TEST_NOW), noIamAssignees: true }, { faults: { deny: ['okta.groups.read', 'okta.apps.read'] } });
    expect(run.sandbox.stats.get('okta:listRoles')).toBe(13);
    expect(verdicts(run.findings)).toEqual(verdicts(baseline.findings));
  });

  it('a missing policies scope makes idp.mfa.enforced an error, never a pass', async () => {
    const run = await oktaRun(demoOkta(TEST_NOW), { faults: { deny: ['okta.policies.read'] } });
    const [enforced] = run.byCheck('idp.mfa.enforced').values();
    expect(enforced).toMatchObject({ status: 'error', missing: 'okta.policies.read' });
  });

  it('a 429 storm ends in errors, never passes: with nothing read, not a run', async () => {
    const sandbox = await startSandbox({ name: 'Test Co', idp: { okta: demoOkta(TEST_NOW) } }, { faults: { throttleRate: 1 } });
    const outDir = mkdtempSync(path.join(tmpdir(), 'soc2-idp-'));
    try {
      const config = { organization: 'Test Co', idp: { provider: 'okta' as const, orgUrl: `${sandbox.url}/okta` }, checks: {}, exceptions: [] };
      const result = runCollection({
        loaded: { config, file: null, baseDir: outDir, digest: 'test' },
        catalog: loadCatalog(),
        only: IDP_CHECKS,
        outDir,
        env: { OKTA_API_TOKEN: DEMO_OKTA_TOKEN },
        progress: silentProgress,
        now: TEST_NOW,
        tuning: { retryBaseMs: 2, maxAttempts: 3 },
      });
      await expect(result).rejects.toThrow(/not a run[\s\S]*idp: .*rate limited/);
      expect(readdirSync(outDir)).toEqual([]);
    } finally {
      await sandbox.close();
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('an OAuth service app (private key JWT) with read-only scopes', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const org = {
      ...demoOkta(TEST_NOW),
      serviceApps: {
        '0oaservice1': {
          publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          scopes: ['okta.users.read', 'okta.roles.read', 'okta.policies.read', 'okta.groups.read'],
        },
      },
    };
    const run = await oktaRun(org, { clientId: '0oaservice1', env: { OKTA_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() } });
    expect(verdicts(run.findings)).toEqual(verdicts(baseline.findings));
  });
});
