// Access denied on each read of the stack collectors: exactly the findings that rested on it turn into
// `error` naming the IAM action; nothing else changes and nothing turns into a pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/types.js';
import { demoCompany, DEMO_PROD_ACCOUNT } from '../../../src/sandbox/demo/company.js';
import { runAgainstSandbox, type SandboxRun } from '../../helpers/sandbox.js';
import { comparable, orgConfig, STACK_CHECKS } from './stack-helpers.js';

const DENIALS: Array<[action: string, checkId: string]> = [
  ['elasticloadbalancing:DescribeLoadBalancers', 'aws.waf.internet-facing'],
  ['wafv2:ListWebACLs', 'aws.waf.internet-facing'],
  ['wafv2:ListResourcesForWebACL', 'aws.waf.internet-facing'],
  ['apigateway:GET', 'aws.waf.internet-facing'],
  ['cloudfront:ListDistributions', 'aws.waf.internet-facing'],
  ['ec2:DescribeVpcs', 'aws.vpc.flow-logs'],
  ['ec2:DescribeFlowLogs', 'aws.vpc.flow-logs'],
  ['ec2:DescribeNetworkInterfaces', 'aws.vpc.flow-logs'],
  ['securityhub:DescribeHub', 'aws.securityhub.enabled'],
  ['access-analyzer:ListAnalyzers', 'aws.accessanalyzer.enabled'],
  ['cloudtrail:DescribeTrails', 'aws.cloudwatch.root-usage-alarm'],
  ['logs:DescribeMetricFilters', 'aws.cloudwatch.root-usage-alarm'],
  ['cloudwatch:DescribeAlarmsForMetric', 'aws.cloudwatch.root-usage-alarm'],
  ['events:ListRules', 'aws.cloudwatch.root-usage-alarm'],
  ['events:ListTargetsByRule', 'aws.cloudwatch.root-usage-alarm'],
  ['logs:DescribeLogGroups', 'aws.logs.retention'],
  ['ecs:ListTaskDefinitions', 'aws.ecs.task-secrets'],
  ['ecs:DescribeTaskDefinition', 'aws.ecs.task-secrets'],
];

const key = (f: Finding) => `${f.checkId} ${f.resource.id}`;

describe('stack collectors: denied permissions', () => {
  let baseline: SandboxRun;
  beforeAll(async () => {
    baseline = await runAgainstSandbox(demoCompany(), { config: orgConfig, only: STACK_CHECKS });
  });
  afterAll(() => baseline.cleanup());

  it.each(DENIALS)('denied %s: only %s findings that needed it become errors naming it', async (action, checkId) => {
    const run = await runAgainstSandbox(demoCompany(), { config: orgConfig, only: STACK_CHECKS, faults: { deny: [action] } });
    try {
      const others = (fs: Finding[]) => comparable(fs.filter((f) => f.checkId !== checkId));
      expect(others(run.findings)).toEqual(others(baseline.findings));
      const before = new Map(baseline.findings.filter((f) => f.checkId === checkId).map((f) => [key(f), f]));
      const changed = run.findings.filter((f) => f.checkId === checkId && (!before.has(key(f)) || comparable([f])[0] !== comparable([before.get(key(f))!])[0]));
      expect(changed.filter((f) => f.status === 'error').length, 'some finding rested on the denied read').toBeGreaterThan(0);
      // A finding that still stands through another path (an active flow log, a second alarm path) keeps its status.
      for (const f of changed)
        expect([key(f), f.status, f.missing]).toEqual(f.status === 'error' ? [key(f), 'error', action] : [key(f), before.get(key(f))?.status, undefined]);
      expect(run.run.sources.aws?.missingPermissions).toContain(action);
    } finally {
      await run.cleanup();
    }
  });

  it("one account's denied DescribeHub errors only that account's regions", async () => {
    const run = await runAgainstSandbox(demoCompany(), {
      config: orgConfig,
      only: ['aws.securityhub.enabled'],
      faults: { deny: [`${DEMO_PROD_ACCOUNT}:securityhub:DescribeHub`] },
    });
    try {
      const errors = run.findings
        .filter((f) => f.status === 'error')
        .map((f) => f.resource.id)
        .sort();
      expect(errors).toEqual([`${DEMO_PROD_ACCOUNT}/eu-west-1`, `${DEMO_PROD_ACCOUNT}/us-east-1`]);
    } finally {
      await run.cleanup();
    }
  });

  it('collects only what the selected check needs', async () => {
    const run = await runAgainstSandbox(demoCompany(), { config: orgConfig, only: ['aws.logs.retention'] });
    try {
      const ops = [...run.sandbox.stats.keys()].filter((k) => k.startsWith('aws:') && !k.startsWith('aws:sts') && !k.startsWith('aws:organizations'));
      expect(ops.sort()).toEqual(['aws:logs:DescribeLogGroups']);
    } finally {
      await run.cleanup();
    }
  });
});
