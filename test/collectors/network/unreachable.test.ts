// An endpoint that does not resolve, or where nothing listens, fails at once: one attempt per read,
// no backoff storm (a fake token with no network used to take minutes), and the source says why.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { collectAws } from '../../../src/collectors/aws/index.js';
import { collectGithub } from '../../../src/collectors/github/index.js';
import { collectIdp } from '../../../src/collectors/idp/index.js';
import type { CollectContext } from '../../../src/collectors/types.js';
import { silentProgress } from '../../../src/cli/progress.js';
import type { Config } from '../../../src/config/schema.js';
import { ALL_CHECKS } from '../../../src/checks/registry.js';
import { EvidenceStore } from '../../../src/run/evidence-store.js';

const needsOf = (source: string) => new Set(ALL_CHECKS.filter((c) => c.source === source).flatMap((c) => c.needs));
const AWS_NEEDS_ALL = needsOf('aws');
const GITHUB_NEEDS_ALL = needsOf('github');
const IDP_NEEDS_ALL = needsOf('idp');

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

const ctxFor = (config: Partial<Config>, env: NodeJS.ProcessEnv, needs: ReadonlySet<string>): CollectContext => ({
  config: { organization: 'T', checks: {}, exceptions: [], ...config } as Config,
  baseDir: '/tmp',
  env,
  now: new Date('2026-11-26T12:00:00Z'),
  period: { start: '2026-07-01', end: '2026-09-30' },
  store: new EvidenceStore(null),
  progress: silentProgress,
  needs,
  // Short backoff, so that a retry storm shows as many attempts rather than a hung test.
  tuning: { retryBaseMs: 1 },
});

const endpoints: Array<[string, () => Promise<string>, RegExp]> = [
  ['a closed loopback port', closedPort, /ECONNREFUSED/],
  ['a host name that does not resolve', async () => 'http://nonexistent.invalid', /ENOTFOUND|EAI_AGAIN/],
];

/** The source failed, and said why: it could not reach the host, with the network error's code. */
function expectUnreachable(outcome: { status: string; reason?: string }, code: RegExp, said: RegExp): void {
  expect(outcome.status).toBe('failed');
  expect(outcome.reason).toMatch(said);
  expect(outcome.reason).toMatch(code);
}

describe.each(endpoints)('every source at %s', (_what, endpoint, code) => {
  it('AWS: one attempt, the source failed, "could not reach AWS"', async () => {
    const url = await endpoint();
    const result = await collectAws(
      ctxFor(
        { aws: { regions: ['us-east-1'] } as Config['aws'] },
        { AWS_ENDPOINT_URL: url, AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE', AWS_SECRET_ACCESS_KEY: 'fake', AWS_REGION: 'us-east-1' },
        AWS_NEEDS_ALL,
      ),
    );
    expectUnreachable(result.outcome, code, /could not reach AWS/);
    expect(result.outcome.reason).toMatch(/; 1 attempt\)/);
    expect(result.outcome.requests).toEqual({ sts: 1 });
  });

  it('GitHub: no retries, the source failed naming the host', async () => {
    const url = await endpoint();
    const result = await collectGithub(ctxFor({ github: { org: 'acme', apiUrl: url } as Config['github'] }, { GITHUB_TOKEN: 'ghp_fake' }, GITHUB_NEEDS_ALL));
    expectUnreachable(result.outcome, code, /could not reach/);
    const requests = Object.values(result.outcome.requests).reduce((a, b) => a + b, 0);
    expect(result.outcome.notes?.httpAttempts).toBe(requests);
    expect(requests).toBeLessThanOrEqual(3);
  });

  it('Okta: one attempt per read, the source failed', async () => {
    const url = await endpoint();
    const result = await collectIdp(ctxFor({ idp: { provider: 'okta', orgUrl: url } as Config['idp'] }, { OKTA_API_TOKEN: 'fake' }, IDP_NEEDS_ALL));
    expectUnreachable(result.outcome, code, /could not reach/);
    for (const [operation, n] of Object.entries(result.outcome.requests)) expect(n, operation).toBe(1);
  });
});
