// The stack collectors (WAF, flow logs, Security Hub, Access Analyzer, root-usage alarm, log retention,
// ECS) through the real AWS SDK clients, over HTTP, against the sandbox's demo company.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoAccount,
  demoCompany,
  DEMO_MANAGEMENT_ACCOUNT as M,
  DEMO_PROD_ACCOUNT as P,
  DEMO_STAGING_ACCOUNT as S,
} from '../../../src/sandbox/demo/company.js';
import type { SandboxCompany } from '../../../src/sandbox/company.js';
import { runAgainstSandbox, type SandboxRun } from '../../helpers/sandbox.js';
import { comparable, orgConfig, STACK_CHECKS } from './stack-helpers.js';

const statusOf = (run: SandboxRun, checkId: string, id: string) => run.byCheck(checkId).get(id)?.status;
const byName = (run: SandboxRun, checkId: string, name: string) => [...run.byCheck(checkId).values()].find((f) => f.resource.name === name)?.status;

describe('stack collectors against the demo company', () => {
  let run: SandboxRun;
  beforeAll(async () => {
    run = await runAgainstSandbox(demoCompany(), { config: orgConfig, only: STACK_CHECKS });
  });
  afterAll(() => run.cleanup());

  it('WAF: judges internet-facing ALBs (not the internal one), public API stages and enabled distributions', () => {
    const waf = 'aws.waf.internet-facing';
    expect(byName(run, waf, 'kestrel-prod-web')).toBe('pass');
    expect(byName(run, waf, 'kestrel-prod-docs')).toBe('fail');
    expect(byName(run, waf, 'kestrel-prod-admin')).toBeUndefined(); // internal
    expect(byName(run, waf, 'kestrel-prod-api')).toBeUndefined(); // NLB
    expect(statusOf(run, waf, 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/v1')).toBe('pass');
    expect(statusOf(run, waf, 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/beta')).toBe('fail');
    expect([...run.byCheck(waf).keys()].some((id) => id.includes('f6a7b8c9d0'))).toBe(false); // private API
    expect(statusOf(run, waf, `arn:aws:cloudfront::${P}:distribution/E2KESTRELWEB01`)).toBe('pass');
    expect(statusOf(run, waf, `arn:aws:cloudfront::${P}:distribution/E3KESTRELDOCS1`)).toBe('fail');
    expect(statusOf(run, waf, `arn:aws:cloudfront::${P}:distribution/E4KESTRELOLD01`)).toBeUndefined(); // disabled
    expect(statusOf(run, waf, `arn:aws:cloudfront::${S}:distribution/E5KESTRELSTG01`)).toBe('fail'); // WAF Classic
    expect(statusOf(run, waf, `${M}/eu-west-1`)).toBe('not_applicable');
  });

  it('WAF: one ListResourcesForWebACL per web ACL, not one call per load balancer; none where no internet-facing ALB exists', () => {
    expect(run.sandbox.stats.get('aws:wafv2:ListResourcesForWebACL')).toBe(2);
    expect(run.sandbox.stats.get('aws:wafv2:ListWebACLs')).toBe(1);
  });

  it('flow logs: failed delivery and subnet-only logs fail, VPCs without interfaces are not applicable', () => {
    const fl = 'aws.vpc.flow-logs';
    const vpc = (acct: string, region: string, id: string) => statusOf(run, fl, `arn:aws:ec2:${region}:${acct}:vpc/${id}`);
    expect(vpc(P, 'eu-west-1', 'vpc-0a1prod00000001')).toBe('pass');
    expect(vpc(P, 'eu-west-1', 'vpc-0a1prod00000002')).toBe('fail');
    expect(vpc(P, 'eu-west-1', 'vpc-0a1prod0000dflt')).toBe('not_applicable');
    expect(vpc(P, 'us-east-1', 'vpc-0b2prod00000001')).toBe('fail');
    expect(vpc(S, 'eu-west-1', 'vpc-0c3stag00000001')).toBe('fail');
    expect(vpc(M, 'us-east-1', 'vpc-0m1us0000000001')).toBe('not_applicable');
  });

  it('Security Hub and Access Analyzer per account and region; the organization analyzer covers discovered members', () => {
    expect(statusOf(run, 'aws.securityhub.enabled', `${P}/eu-west-1`)).toBe('pass');
    expect(statusOf(run, 'aws.securityhub.enabled', `${P}/us-east-1`)).toBe('fail');
    expect(statusOf(run, 'aws.securityhub.enabled', `${S}/eu-west-1`)).toBe('fail');
    const aa = 'aws.accessanalyzer.enabled';
    expect(statusOf(run, aa, `${M}/eu-west-1`)).toBe('fail');
    expect(statusOf(run, aa, `${P}/us-east-1`)).toBe('pass'); // organization analyzer
    expect(statusOf(run, aa, `${S}/eu-west-1`)).toBe('fail'); // unused-access only
  });

  it("root usage: the org trail's log group lacks the root filter; prod has filter → alarm → SNS; staging has an EventBridge rule", () => {
    const ru = 'aws.cloudwatch.root-usage-alarm';
    expect(run.byCheck(ru).get(M)).toMatchObject({ status: 'fail', message: expect.stringContaining('no root-activity metric filter') });
    expect(run.byCheck(ru).get(P)).toMatchObject({ status: 'pass', message: expect.stringContaining('alarm root-account-usage') });
    expect(run.byCheck(ru).get(S)).toMatchObject({ status: 'pass', message: expect.stringContaining('EventBridge rule root-sign-in-alert') });
    // Alarms are asked only for root-activity filters; targets only for root sign-in rules.
    expect(run.sandbox.stats.get('aws:monitoring:DescribeAlarmsForMetric')).toBe(1);
    expect(run.sandbox.stats.get('aws:events:ListTargetsByRule')).toBe(2);
  });

  it('log retention: 30 and 14 days fail, never-expire passes', () => {
    const lr = 'aws.logs.retention';
    expect(statusOf(run, lr, `arn:aws:logs:eu-west-1:${P}:log-group:/ecs/kestrel-api`)).toBe('fail');
    expect(statusOf(run, lr, `arn:aws:logs:eu-west-1:${P}:log-group:/aws/lambda/kestrel-export`)).toBe('pass');
    expect(statusOf(run, lr, `arn:aws:logs:eu-west-1:${S}:log-group:/ecs/kestrel-staging`)).toBe('fail');
  });

  it('ECS: only the latest ACTIVE revision per family is judged (one describe per family)', () => {
    const ecs = run.byCheck('aws.ecs.task-secrets');
    expect(ecs.get(`arn:aws:ecs:eu-west-1:${P}:task-definition/kestrel-worker:7`)).toMatchObject({
      status: 'fail',
      details: { plainSecretVariables: ['worker/DB_PASSWORD', 'worker/STRIPE_API_KEY'] },
    });
    expect(ecs.get(`arn:aws:ecs:eu-west-1:${P}:task-definition/kestrel-api:3`)?.status).toBe('pass');
    expect(ecs.get(`arn:aws:ecs:eu-west-1:${P}:task-definition/kestrel-api-canary:1`)?.status).toBe('pass');
    expect([...ecs.keys()].filter((id) => /kestrel-api:[124]$/.test(id))).toEqual([]);
    expect(run.sandbox.stats.get('aws:ecs:DescribeTaskDefinition')).toBe(4);
  });

  it('never writes an environment value to the run folder: names and "a plain value was present" only', () => {
    const files = readdirSync(run.dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json') || f.endsWith('.csv') || f.endsWith('.md'));
    const text = files.map((f) => readFileSync(path.join(run.dir, f), 'utf8')).join('\n');
    expect(text).toContain('DB_PASSWORD');
    for (const value of ['kestrel-demo-plain-password', 'sk_live_kestrel_demo_value', 'https://sqs.eu-west-1.amazonaws.com/q'])
      expect(text).not.toContain(value);
    expect(text).toContain('"valuePresent": true');
  });

  it('has deliberate gaps in every check and no errors', () => {
    for (const id of STACK_CHECKS)
      expect(
        [...run.byCheck(id).values()].some((f) => f.status === 'fail'),
        id,
      ).toBe(true);
    expect(run.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('gives identical findings with one-item pages', async () => {
    const company = demoCompany();
    company.aws!.pageSize = 1;
    const paged = await runAgainstSandbox(company, { config: orgConfig, only: STACK_CHECKS });
    try {
      expect(comparable(paged.findings)).toEqual(comparable(run.findings));
      for (const op of [
        'ec2:DescribeNetworkInterfaces',
        'logs:DescribeLogGroups',
        'ecs:ListTaskDefinitions',
        'wafv2:ListWebACLs',
        'cloudfront:ListDistributions',
        'events:ListRules',
        'apigateway:GetRestApis',
        'logs:DescribeMetricFilters',
      ]) {
        expect(paged.sandbox.stats.get(`aws:${op}`) ?? 0, op).toBeGreaterThan(run.sandbox.stats.get(`aws:${op}`) ?? 0);
      }
    } finally {
      await paged.cleanup();
    }
  });

  it('gives identical findings with 20% throttling and 10% 5xx', async () => {
    const disturbed = await runAgainstSandbox(demoCompany(), {
      config: orgConfig,
      only: STACK_CHECKS,
      faults: { throttleRate: 0.2, serverErrorRate: 0.1, seed: 11 },
    });
    try {
      expect(disturbed.sandbox.stats.get('aws:throttled')).toBeGreaterThan(10);
      expect(disturbed.sandbox.stats.get('aws:5xx')).toBeGreaterThan(0);
      expect(comparable(disturbed.findings)).toEqual(comparable(run.findings));
    } finally {
      await disturbed.cleanup();
    }
  });
});

describe('stack collectors: an empty account', () => {
  it('judges every region: nothing to protect or log is not_applicable, missing services fail, nothing errors', async () => {
    const empty = demoAccount('999988887777', 'kestrel-empty', []);
    const company: SandboxCompany = {
      name: 'Empty',
      aws: { managementAccountId: empty.id, callerUserName: 'soc2-evidence', organization: false, accounts: [empty] },
    };
    const run = await runAgainstSandbox(company, {
      config: () => ({
        organization: 'Empty',
        period: { start: '2026-07-01', end: '2026-09-30' },
        aws: { organization: false, regions: ['eu-west-1', 'us-east-1'] },
      }),
      only: STACK_CHECKS,
    });
    try {
      const summary = run.findings.map((f) => `${f.checkId} ${f.resource.id} ${f.status}`).sort();
      expect(summary).toEqual(
        [
          ...['eu-west-1', 'us-east-1'].flatMap((r) => [
            `aws.waf.internet-facing 999988887777/${r} not_applicable`,
            `aws.vpc.flow-logs 999988887777/${r} not_applicable`,
            `aws.securityhub.enabled 999988887777/${r} fail`,
            `aws.accessanalyzer.enabled 999988887777/${r} fail`,
            `aws.logs.retention 999988887777/${r} not_applicable`,
            `aws.ecs.task-secrets 999988887777/${r} not_applicable`,
          ]),
          'aws.cloudwatch.root-usage-alarm 999988887777 fail',
        ].sort(),
      );
    } finally {
      await run.cleanup();
    }
  });
});
