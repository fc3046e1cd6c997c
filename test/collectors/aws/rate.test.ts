// Published AWS request rates: a token bucket per service, account and Region, at a share of the rate.
import { DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { ListKeysCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_RATES, RATE_SHARE, TokenBucket } from '../../../src/collectors/aws/rate.js';
import { DEFAULT_RETRY } from '../../../src/collectors/aws/retry.js';
import { AwsRunContext, AwsSession } from '../../../src/collectors/aws/session.js';
import { EvidenceStore } from '../../../src/run/evidence-store.js';
import { demoCompany } from '../../../src/sandbox/demo/company.js';
import { demoEnv } from '../../../src/sandbox/demo/config.js';
import { type SandboxHandle, startSandbox } from '../../../src/sandbox/server.js';

/** A bucket on a clock the test moves: `sleep` advances it, so waits are exact and instant. */
function fakeBucket(burst: number, perSecond: number) {
  let now = 0;
  const slept: number[] = [];
  const bucket = new TokenBucket(
    burst,
    perSecond,
    () => now,
    async (ms) => {
      slept.push(ms);
      now += ms;
    },
  );
  return { bucket, slept, advance: (ms: number) => (now += ms), now: () => now };
}

describe('TokenBucket', () => {
  it('lets the burst through at once, then one request per 1/rate seconds', async () => {
    const { bucket, slept, now } = fakeBucket(5, 10);
    for (let i = 0; i < 5; i++) await bucket.take();
    expect(slept).toEqual([]);
    for (let i = 0; i < 10; i++) await bucket.take();
    expect(slept).toHaveLength(10);
    for (const ms of slept) expect(ms).toBeCloseTo(100, 6);
    expect(now()).toBeCloseTo(1000, 6);
  });

  it('refills while idle, never beyond the burst', async () => {
    const { bucket, slept, advance } = fakeBucket(3, 1);
    for (let i = 0; i < 3; i++) await bucket.take();
    advance(60_000); // a minute idle refills 3 tokens, not 60
    for (let i = 0; i < 3; i++) await bucket.take();
    expect(slept).toEqual([]);
    await bucket.take();
    expect(slept).toEqual([1000]);
  });

  it('serves concurrent callers in order without over-granting', async () => {
    const { bucket, slept } = fakeBucket(1, 4);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => bucket.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(slept).toEqual([250, 250, 250]);
  });

  it('uses a share of the documented EC2 rate (non-mutating actions: 100 at once, 20 per second)', () => {
    expect(DOCUMENTED_RATES.ec2).toMatchObject({ burst: 100, perSecond: 20 });
    expect(RATE_SHARE).toBeGreaterThan(0);
    expect(RATE_SHARE).toBeLessThanOrEqual(1);
  });
});

describe('AwsSession sends under the published rate of a service', () => {
  let sandbox: SandboxHandle;
  let run: AwsRunContext;
  beforeAll(async () => {
    sandbox = await startSandbox(demoCompany());
    const env = demoEnv(sandbox.url);
    // EC2 at 2 at once and 2 per second (a share of 0.5: 1 at once, 1 per second); KMS without a rate.
    run = new AwsRunContext(env, new EvidenceStore(null), { ...DEFAULT_RETRY, baseDelayMs: 2 }, 10, { ec2: { burst: 2, perSecond: 2, source: 'test' } });
  });
  afterAll(async () => {
    run.destroySessions();
    await sandbox.close();
  });

  const session = () => new AwsSession(run, '111122223333', { accessKeyId: demoEnv('x').AWS_ACCESS_KEY_ID!, secretAccessKey: 'sandbox-secret-not-a-real-key' });

  it('paces calls to a rated service, per Region', async () => {
    const s = session();
    const started = performance.now();
    await Promise.all(Array.from({ length: 3 }, () => s.send('ec2', 'us-east-1', new DescribeVolumesCommand({}))));
    // 1 at once, then 1 per second: the third call waits about two seconds.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1950);
    // us-east-1's bucket is empty now; eu-west-1 has its own, full one.
    const t = performance.now();
    await s.send('ec2', 'eu-west-1', new DescribeVolumesCommand({}));
    expect(performance.now() - t).toBeLessThan(800);
  });

  it('does not pace a service without a published rate', async () => {
    const s = session();
    const started = performance.now();
    await Promise.all(Array.from({ length: 6 }, () => s.send('kms', 'us-east-1', new ListKeysCommand({}))));
    expect(performance.now() - started).toBeLessThan(1900);
  });
});
