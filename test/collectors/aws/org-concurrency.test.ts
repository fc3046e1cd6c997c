// Long runs and many accounts: assumed-role credentials renewed before they expire, and the number of
// accounts read at once bounded by `aws.concurrency` (seen on the wire, through a counting proxy).
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerIdentity, enterAccount } from '../../../src/collectors/aws/accounts.js';
import { DEFAULT_RETRY } from '../../../src/collectors/aws/retry.js';
import { AwsReadError, AwsRunContext, AwsSession } from '../../../src/collectors/aws/session.js';
import { awsConfigSchema } from '../../../src/config/schema.js';
import { EvidenceStore } from '../../../src/run/evidence-store.js';
import { demoAccount, demoCompany, DEMO_ROLE } from '../../../src/sandbox/demo/company.js';
import { demoEnv } from '../../../src/sandbox/demo/config.js';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/server.js';
import { runAgainstSandbox } from '../../helpers/sandbox.js';

const PROD = '444455556666';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('assumed-role credentials over a run that outlives them', () => {
  let sandbox: SandboxHandle;
  const company = demoCompany();
  company.aws!.sessionLifetimeMs = 800;
  let run: AwsRunContext;
  let base: AwsSession;

  beforeAll(async () => {
    sandbox = await startSandbox(company);
    const env = demoEnv(sandbox.url);
    run = new AwsRunContext(env, new EvidenceStore(null), { ...DEFAULT_RETRY, baseDelayMs: 2, maxAttempts: 1 }, 10);
    base = new AwsSession(run, 'caller', { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! });
  });
  afterAll(async () => {
    run.destroySessions();
    await sandbox.close();
  });

  async function enter() {
    const caller = await callerIdentity(base, 'us-east-1');
    if (!caller.ok) throw new Error(caller.error.message);
    const entered = await enterAccount(run, base, caller.value, { accountId: PROD, roleArn: `arn:aws:iam::${PROD}:role/${DEMO_ROLE}` }, 'us-east-1');
    if (!entered.session) throw new Error('not entered');
    return entered.session;
  }
  const whoAmI = (session: AwsSession) => session.send<{ Account?: string }>('sts', 'us-east-1', new GetCallerIdentityCommand({}));
  const assumed = () => sandbox.stats.get('aws:sts:AssumeRole') ?? 0;

  it('the sandbox refuses expired session credentials (what a fixed 3,600 s session meets after an hour)', async () => {
    const session = await enter();
    const fixed = new AwsSession(
      run,
      PROD,
      await (session.credentials as () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>)(),
    );
    expect((await whoAmI(fixed)).output.Account).toBe(PROD);
    await sleep(900);
    const err = await whoAmI(fixed).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsReadError);
    expect((err as AwsReadError).error.kind).toBe('auth');
    expect((err as AwsReadError).code).toBe('ExpiredToken');
  });

  it('renews them before expiry, once however many calls ask at the same moment, and keeps reading', async () => {
    const session = await enter();
    const before = assumed();
    expect((await whoAmI(session)).output.Account).toBe(PROD);
    expect(assumed()).toBe(before); // the first credentials are used while fresh
    await sleep(900); // past the first credentials' expiry
    const answers = await Promise.all(Array.from({ length: 8 }, () => whoAmI(session)));
    expect(answers.map((a) => a.output.Account)).toEqual(Array(8).fill(PROD));
    expect(assumed()).toBe(before + 1);
    expect(sandbox.stats.get('aws:expired-token') ?? 0).toBe(1); // only the fixed session of the test above
  });

  it('a renewal that fails (the role removed mid-run) is an auth error naming the account, not a crash', async () => {
    const session = await enter();
    const account = company.aws!.accounts.find((a) => a.id === PROD)!;
    const roles = account.roles;
    account.roles = [];
    try {
      await sleep(900);
      const err = await whoAmI(session).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AwsReadError);
      expect((err as AwsReadError).error).toMatchObject({ kind: 'auth', operation: 'GetCallerIdentity' });
      expect((err as AwsReadError).error.message).toContain(`credentials for account ${PROD} could not be renewed`);
      expect((err as AwsReadError).error.message).toContain('sts:AssumeRole');
    } finally {
      account.roles = roles;
    }
  });
});

/** A loopback proxy in front of the sandbox that records the most member accounts it saw in flight at once. */
async function countingProxy(): Promise<{ url: string; target: { url: string }; maxAccounts: () => number; close: () => Promise<void> }> {
  const target = { url: '' };
  const inFlight = new Map<string, number>();
  let max = 0;
  const server: Server = createServer((req, res) => {
    const account = String(req.headers.authorization ?? '').match(/Credential=ASIA(\d{12})\./)?.[1];
    if (account) {
      inFlight.set(account, (inFlight.get(account) ?? 0) + 1);
      max = Math.max(max, inFlight.size);
    }
    const done = () => {
      if (!account) return;
      const n = (inFlight.get(account) ?? 1) - 1;
      if (n) inFlight.set(account, n);
      else inFlight.delete(account);
    };
    const upstream = new URL(req.url ?? '/', target.url);
    const forward = request(upstream, { method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', done);
    });
    forward.on('error', () => {
      done();
      res.destroy();
    });
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    target,
    maxAccounts: () => max,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('aws.concurrency: accounts read at once', () => {
  const members = 6;
  const company = () => {
    const c = demoCompany();
    for (let i = 0; i < members; i++) c.aws!.accounts.push(demoAccount(`6000000000${String(i).padStart(2, '0')}`, `member-${i}`, [DEMO_ROLE]));
    return c;
  };

  async function maxAccountsInFlight(concurrency: number | undefined): Promise<{ max: number; accounts: number }> {
    const proxy = await countingProxy();
    const result = await runAgainstSandbox(company(), {
      config: () => ({ organization: 'Kestrel', aws: { organization: true, regions: ['us-east-1'], ...(concurrency ? { concurrency } : {}) } }),
      only: ['aws.iam.root-mfa', 'aws.cloudtrail.multi-region'],
      // Enough latency that the accounts allowed at once really overlap, even on a loaded machine.
      faults: { latencyMs: 60 },
      env: (url) => {
        proxy.target.url = url;
        return { ...demoEnv(url), AWS_ENDPOINT_URL: proxy.url };
      },
    });
    try {
      return { max: proxy.maxAccounts(), accounts: result.run.scope.aws?.accounts.length ?? 0 };
    } finally {
      await result.cleanup();
      await proxy.close();
    }
  }

  it('reads one member account at a time with concurrency 1, and at most 3 with 3', async () => {
    const one = await maxAccountsInFlight(1);
    expect(one.accounts).toBe(3 + members);
    expect(one.max).toBe(1);
    const three = await maxAccountsInFlight(3);
    expect(three.max).toBe(3);
  });

  it('defaults to 4 and refuses a value that is not a whole number from 1 to 64 in the config', async () => {
    expect((await maxAccountsInFlight(undefined)).max).toBe(4);
    for (const bad of [0, 65, 2.5]) {
      const parsed = awsConfigSchema.safeParse({ concurrency: bad });
      expect(parsed.success).toBe(false);
      expect(JSON.stringify(parsed.error?.issues.map((i) => i.path))).toContain('concurrency');
    }
  });
});
