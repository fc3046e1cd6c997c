// Canary credentials for every secret the product handles, through the real CLI against the sandbox:
// none may appear in any file of the run folder (the PDF's text included) nor in stdout/stderr, whether
// authentication succeeds or fails. Issued tokens, assertions and AssumeRole keys are checked too.
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCompany } from '../../src/sandbox/demo/company.js';
import { DEMO_GITHUB_ORG } from '../../src/sandbox/demo/github.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/server.js';
import { entraTenant, googleTenant } from '../fixtures/idp/tenants.js';
import { pdfText } from '../reports/pack-helpers.js';

const BIN = path.resolve('src/cli/bin.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const CANARY = {
  awsSecret: 'CanaryAwsSecretAccessKey0000000000000001',
  awsSession: 'CanaryAwsSessionToken00000000000000000000002',
  githubToken: 'ghp_CanaryGithubToken00000000000000000003',
  oktaToken: '00CanaryOktaApiToken000000000000000000004',
  entraSecret: 'CanaryEntraClientSecret~000000000000005',
  googleToken: 'ya29.CanaryGoogleReadyAccessToken000000006',
};
const pem = () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { public: publicKey.export({ type: 'spki', format: 'pem' }).toString(), private: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
};
const githubApp = pem();
const oktaApp = pem();
const googleSa = pem();
const SA = 'soc2-evidence@acme-audit.iam.gserviceaccount.com';

/** Lines of a PEM body: any of them showing up means the key leaked. */
const keyLines = (key: string) => key.split('\n').filter((l) => l.length > 40 && !l.startsWith('-----'));
const FORBIDDEN: Array<[string, string | RegExp]> = [
  ...Object.entries(CANARY),
  ...[githubApp, oktaApp, googleSa].flatMap((k, i) => keyLines(k.private).map((l, j): [string, string] => [`private key ${i} line ${j}`, l])),
  ['private key header', 'PRIVATE KEY-----'],
  // Issued during the runs: AssumeRole keys, installation token, OAuth access tokens, our signed assertions/JWTs.
  ['STS secret', 'sandbox-secret'],
  ['STS session token', 'sandbox-session-token'],
  ['GitHub installation token', 'ghs_sandbox'],
  ['Okta access token', /eyJraWQi\.[0-9a-f-]{36}/],
  ['Entra access token', /eyJ0eXAiOiJKV1Qi\.[0-9a-f-]{36}/],
  ['Google issued access token', /ya29\.[0-9a-f]{8}-[0-9a-f-]{27}/],
  ['RS256 JWT (client assertion, app JWT)', 'eyJhbGciOiJSUzI1NiIs'],
];

let sandbox: SandboxHandle;
let work: string;
const googleKeyFile = () => path.join(work, 'google-key.json');

beforeAll(async () => {
  const company = demoCompany();
  company.github!.tokens[CANARY.githubToken] = { login: 'sam-admin', owner: true };
  const okta = {
    ...company.idp!.okta!,
    apiToken: CANARY.oktaToken,
    serviceApps: {
      '0oacanary': { publicKeyPem: oktaApp.public, scopes: ['okta.users.read', 'okta.roles.read', 'okta.policies.read', 'okta.groups.read', 'okta.apps.read'] },
    },
  };
  const google = {
    ...googleTenant(),
    serviceAccounts: {
      [SA]: {
        publicKeyPem: googleSa.public,
        scopes: ['https://www.googleapis.com/auth/admin.directory.user.readonly', 'https://www.googleapis.com/auth/cloud-identity.policies.readonly'],
      },
    },
    accessTokens: { [CANARY.googleToken]: ['https://www.googleapis.com/auth/admin.directory.user.readonly'] },
  };
  company.idp = { okta, google, entra: { ...entraTenant(), clientSecret: CANARY.entraSecret } };
  sandbox = await startSandbox(company);
  work = mkdtempSync(path.join(tmpdir(), 'canary-'));
  writeFileSync(
    googleKeyFile(),
    JSON.stringify({ type: 'service_account', client_email: SA, private_key: googleSa.private, private_key_id: 'canary-key-id-000000007' }),
  );
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(work, { recursive: true, force: true });
});

interface CliRun {
  code: number | null;
  out: string;
  /** Everything the run left: every file's bytes, the PDF's text, stdout and stderr. */
  everything: string;
}

async function collect(name: string, config: (url: string) => Record<string, unknown>, env: Record<string, string>): Promise<CliRun> {
  const dir = mkdtempSync(path.join(work, `${name}-`));
  writeFileSync(path.join(dir, 'soc2-evidence.yaml'), JSON.stringify({ organization: 'Kestrel Data, Inc.', ...config(sandbox.url) }));
  const child = spawn(process.execPath, ['--import', TSX, BIN, 'collect', '--out', 'out'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL: sandbox.url,
      AWS_REGION: 'us-east-1',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const files: string[] = [];
  const walk = (p: string) => {
    for (const entry of readdirSync(p)) {
      const full = path.join(p, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(full);
    }
  };
  // A run that could read no source is bad input (exit 2) and writes nothing: then only the terminal is searched.
  if (existsSync(path.join(dir, 'out'))) walk(path.join(dir, 'out'));
  const texts = await Promise.all(
    files.map(async (f) => (f.endsWith('.pdf') ? `${readFileSync(f, 'latin1')}\n${(await pdfText(f)).text}` : readFileSync(f, 'utf8'))),
  );
  return { code, out: dir, everything: [...texts, stdout, stderr].join('\n') };
}

function expectNoSecret(run: CliRun): void {
  const found = FORBIDDEN.filter(([, needle]) => (typeof needle === 'string' ? run.everything.includes(needle) : needle.test(run.everything))).map(
    ([what]) => what,
  );
  expect(found).toEqual([]);
}

const github = (url: string, extra: Record<string, unknown> = {}) => ({ github: { org: DEMO_GITHUB_ORG, apiUrl: `${url}/github`, ...extra } });
const okta = (url: string, extra: Record<string, unknown> = {}) => ({ idp: { provider: 'okta', orgUrl: `${url}/okta`, ...extra } });
const google = (url: string) => ({
  idp: {
    provider: 'google',
    domain: 'acme.test',
    customerId: 'C01acme',
    adminEmail: 'admin@acme.test',
    apiUrl: `${url}/google`,
    tokenUrl: `${url}/google/token`,
  },
});
const entra = (url: string) => {
  const t = entraTenant();
  return { idp: { provider: 'entra', tenantId: t.tenantId, clientId: t.clientId, apiUrl: `${url}/entra`, authorityUrl: `${url}/entra` } };
};

describe('no credential reaches a file or the terminal', () => {
  it('AWS keys with a session token (and the AssumeRole keys it gets), a GitHub token, an Okta SSWS token', async () => {
    const run = await collect('aws-github-okta', (url) => ({ aws: { organization: true, roleName: 'soc2-evidence-readonly' }, ...github(url), ...okta(url) }), {
      AWS_ACCESS_KEY_ID: 'AKIASANDBOXDEMO00001',
      AWS_SECRET_ACCESS_KEY: CANARY.awsSecret,
      AWS_SESSION_TOKEN: CANARY.awsSession,
      GITHUB_TOKEN: CANARY.githubToken,
      OKTA_API_TOKEN: CANARY.oktaToken,
    });
    expect(run.code, run.everything.slice(-2000)).toBe(1); // the demo's deliberate gaps
    expect(run.everything).toContain('sts:AssumeRole'); // member accounts were entered
    expectNoSecret(run);
  }, 120_000);

  it('a GitHub App private key and installation token, an Okta OAuth client assertion and access token', async () => {
    const run = await collect(
      'app-oauth',
      (url) => ({ ...github(url, { appId: '424242', installationId: 777001 }), ...okta(url, { clientId: '0oacanary' }) }),
      { GITHUB_APP_PRIVATE_KEY: githubApp.private, OKTA_PRIVATE_KEY: oktaApp.private },
    );
    expect(run.code).toBe(1);
    expect(run.everything).toContain('POST /oauth2/v1/token');
    expectNoSecret(run);
  }, 120_000);

  it('a Google service-account key (and the tokens it gets), a ready Google access token, an Entra client secret and access token', async () => {
    const runs = await Promise.all([
      collect('google-sa', google, { GOOGLE_APPLICATION_CREDENTIALS: googleKeyFile() }),
      collect('google-token', google, { GOOGLE_OAUTH_ACCESS_TOKEN: CANARY.googleToken }),
      collect('entra', entra, { ENTRA_CLIENT_SECRET: CANARY.entraSecret }),
    ]);
    for (const run of runs) {
      expect(run.code, run.everything.slice(-1500)).toBe(1);
      expectNoSecret(run);
    }
  }, 180_000);

  it('when authentication fails: rejected AWS keys, GitHub token, Okta token, Entra secret, Google key', async () => {
    const wrongKey = pem();
    writeFileSync(
      path.join(work, 'wrong-key.json'),
      JSON.stringify({ type: 'service_account', client_email: 'nobody@x.iam.gserviceaccount.com', private_key: googleSa.private, private_key_id: 'k' }),
    );
    const runs = await Promise.all([
      collect('fail-aws-github-okta', (url) => ({ aws: { organization: true }, ...github(url), ...okta(url) }), {
        AWS_ACCESS_KEY_ID: 'AKIAUNKNOWNKEY000001',
        AWS_SECRET_ACCESS_KEY: CANARY.awsSecret,
        AWS_SESSION_TOKEN: CANARY.awsSession,
        GITHUB_TOKEN: `${CANARY.githubToken}x`,
        OKTA_API_TOKEN: `${CANARY.oktaToken}x`,
      }),
      collect('fail-app-oauth', (url) => ({ ...github(url, { appId: '1', installationId: 1 }), ...okta(url, { clientId: '0oaunknown' }) }), {
        GITHUB_APP_PRIVATE_KEY: wrongKey.private,
        OKTA_PRIVATE_KEY: oktaApp.private,
      }),
      collect('fail-entra', entra, { ENTRA_CLIENT_SECRET: `${CANARY.entraSecret}x` }),
      collect('fail-google', google, { GOOGLE_APPLICATION_CREDENTIALS: path.join(work, 'wrong-key.json') }),
      collect('fail-google-token', google, { GOOGLE_OAUTH_ACCESS_TOKEN: `${CANARY.googleToken}x` }),
    ]);
    for (const run of runs) {
      // Rejected credentials make the checks errors (exit 3), or the run bad input (exit 2); never a clean pass.
      expect(run.code, run.out).not.toBe(0);
      expect(run.everything).toMatch(/rejected|refused|401|invalid|Bad credentials|not authorized|failed/i);
      expectNoSecret(run);
    }
    FORBIDDEN.push(...keyLines(wrongKey.private).map((l, j): [string, string] => [`wrong key line ${j}`, l]));
    for (const run of runs) expectNoSecret(run);
  }, 240_000);
});
