import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerIdentity, planAccounts } from '../../../src/collectors/aws/accounts.js';
import { AwsRunContext, AwsSession } from '../../../src/collectors/aws/session.js';
import { DEFAULT_RETRY } from '../../../src/collectors/aws/retry.js';
import type { AwsConfig } from '../../../src/config/schema.js';
import { EvidenceStore } from '../../../src/run/evidence-store.js';
import { demoCompany } from '../../../src/sandbox/demo/company.js';
import { demoEnv } from '../../../src/sandbox/demo/config.js';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/server.js';

describe('which AWS accounts a run judges', () => {
  let sandbox: SandboxHandle;
  let base: AwsSession;
  const company = demoCompany();
  company.aws!.pageSize = 1; // every ListAccounts page holds one account

  beforeAll(async () => {
    sandbox = await startSandbox(company);
    const env = demoEnv(sandbox.url);
    const run = new AwsRunContext(env, new EvidenceStore(null), { ...DEFAULT_RETRY, baseDelayMs: 2 }, 10);
    base = new AwsSession(run, 'caller', { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! });
  });
  afterAll(() => sandbox.close());

  async function plan(config: Partial<AwsConfig>) {
    const caller = await callerIdentity(base, 'us-east-1');
    if (!caller.ok) throw new Error(caller.error.message);
    return planAccounts({ organization: false, ...config }, base, caller.value, 'us-east-1');
  }

  it('discovers active accounts through every page, skips suspended ones, and reads the management account with its own credentials', async () => {
    const p = await plan({ organization: true, roleName: 'audit' });
    expect(p.discovery?.ok).toBe(true);
    expect(p.discovery?.refs).toHaveLength(4); // 4 accounts, 1 per page
    expect(p.skipped).toEqual(['121212121212 (SUSPENDED)']);
    expect(p.targets).toEqual([
      { accountId: '111122223333', name: 'kestrel-management' },
      { accountId: '444455556666', name: 'kestrel-prod', roleArn: 'arn:aws:iam::444455556666:role/audit' },
      { accountId: '777788889999', name: 'kestrel-staging', roleArn: 'arn:aws:iam::777788889999:role/audit' },
    ]);
  });

  it('lets listed accounts override a discovered one, and adds accounts outside the organization', async () => {
    const p = await plan({
      organization: true,
      roleName: 'audit',
      accounts: [
        { id: '444455556666', name: 'prod', roleArn: 'arn:aws:iam::444455556666:role/special' },
        { id: '999999999999', name: 'acquired' },
      ],
    });
    expect(p.targets.map((t) => [t.accountId, t.name, t.roleArn])).toEqual([
      ['111122223333', 'kestrel-management', undefined],
      ['444455556666', 'prod', 'arn:aws:iam::444455556666:role/special'],
      ['777788889999', 'kestrel-staging', 'arn:aws:iam::777788889999:role/audit'],
      ['999999999999', 'acquired', 'arn:aws:iam::999999999999:role/audit'],
    ]);
  });

  it('uses only the listed accounts without organization discovery, and the caller alone with neither', async () => {
    expect((await plan({ accounts: [{ id: '444455556666' }], roleName: 'audit' })).targets).toEqual([
      { accountId: '444455556666', roleArn: 'arn:aws:iam::444455556666:role/audit' },
    ]);
    const alone = await plan({});
    expect(alone.targets).toEqual([{ accountId: '111122223333' }]);
    expect(alone.discovery).toBeUndefined();
  });

  it('defaults to the read-only audit role soc2-evidence-readonly without roleName (never the Organizations admin role)', async () => {
    const p = await plan({ organization: true });
    expect(p.targets[1]?.roleArn).toBe('arn:aws:iam::444455556666:role/soc2-evidence-readonly');
  });

  it('keeps going with the listed accounts when discovery is denied, and records why', async () => {
    sandbox.setFaults({ deny: ['organizations:ListAccounts'] });
    try {
      const p = await plan({ organization: true, accounts: [{ id: '444455556666' }], roleName: 'audit' });
      expect(p.discovery?.ok).toBe(false);
      expect(p.discovery && !p.discovery.ok && p.discovery.error).toMatchObject({ kind: 'access_denied', missingPermission: 'organizations:ListAccounts' });
      expect(p.targets.map((t) => t.accountId)).toEqual(['444455556666']);
    } finally {
      sandbox.setFaults({});
    }
  });
});
