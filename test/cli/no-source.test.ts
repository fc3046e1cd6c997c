// A run in which no configured source could be read is not a run: exit 2, each source's cause in
// one message ("no AWS credentials found" is not "AWS rejected the credentials"), nothing written.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCompany } from '../../src/sandbox/demo/company.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/server.js';

const BIN = path.resolve('src/cli/bin.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The CLI with a clean environment: no AWS profile, keys or instance role to fall back on. */
function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|GITHUB_|GH_|OKTA_)/.test(k)));
  const child = spawn(process.execPath, ['--import', TSX, BIN, ...args], {
    cwd,
    env: {
      ...clean,
      HOME: cwd,
      AWS_CONFIG_FILE: path.join(cwd, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(cwd, 'none'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function folder(yaml: string): string {
  const cwd = mkdtempSync(path.join(tmpdir(), 'cli-nosource-'));
  writeFileSync(path.join(cwd, 'soc2-evidence.yaml'), yaml);
  return cwd;
}

describe('collect when no configured source can be read', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startSandbox(demoCompany());
  });
  afterAll(() => sandbox.close());

  it('no AWS credentials at all: says none were found, exit 2, no folder', async () => {
    const cwd = folder('organization: Acme\naws: { regions: [us-east-1] }\n');
    const r = await cli(['collect', '--out', 'out'], cwd, {});
    expect(r.stderr).toMatch(/error: no configured source could be read, so this is not a run and nothing was written:\n {2}aws: no AWS credentials found/);
    expect(r.stderr).not.toMatch(/rejected/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
  }, 60_000);

  it('AWS credentials AWS does not accept: says they were rejected', async () => {
    const cwd = folder('organization: Acme\naws: { regions: [us-east-1] }\n');
    const r = await cli(['collect', '--out', 'out'], cwd, {
      AWS_ENDPOINT_URL: sandbox.url,
      AWS_ACCESS_KEY_ID: 'AKIAREVOKEDKEY000000',
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_REGION: 'us-east-1',
    });
    expect(r.stderr).toMatch(/aws: AWS rejected the credentials for GetCallerIdentity \(InvalidClientTokenId\)/);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
  }, 60_000);

  it('every source unreachable or without credentials: one line per source, exit 2, an existing --out left as it was', async () => {
    const cwd = folder(
      'organization: Acme\naws: { regions: [us-east-1] }\ngithub: { org: acme, apiUrl: ' +
        '"https://nonexistent.invalid/api/v3" }\nidp: { provider: okta, orgUrl: ' +
        '"https://acme.nonexistent.invalid" }\n',
    );
    const { mkdirSync, readdirSync } = await import('node:fs');
    mkdirSync(path.join(cwd, 'out'));
    const r = await cli(['collect', '--out', 'out'], cwd, {
      AWS_ENDPOINT_URL: 'http://nonexistent.invalid',
      AWS_ACCESS_KEY_ID: 'AKIAFAKE',
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_REGION: 'us-east-1',
      GITHUB_TOKEN: 'ghp_fake',
      OKTA_API_TOKEN: 'fake',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n {2}aws: GetCallerIdentity could not reach AWS \((ENOTFOUND|EAI_AGAIN)/);
    expect(r.stderr).toMatch(/\n {2}github: GitHub API https:\/\/nonexistent\.invalid\/api\/v3: could not reach nonexistent\.invalid/);
    expect(r.stderr).toMatch(/\n {2}idp: .*could not reach acme\.nonexistent\.invalid/);
    expect(readdirSync(path.join(cwd, 'out'))).toEqual([]);
  }, 60_000);
});
