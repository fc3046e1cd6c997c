// Root-activity monitoring (CIS 4.3), per account: the multi-region trails (DescribeTrails with shadow
// trails, once), the metric filters of the trails' log groups in this account, the alarms on the
// metrics of root-activity filters only, and EventBridge rules on the default bus in every judged
// region (targets read only for rules that match root sign-in). An organization trail's log group
// lives in the management account: it is read there, and the check looks it up across accounts.
import { DescribeTrailsCommand, type DescribeTrailsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { DescribeMetricFiltersCommand, type DescribeMetricFiltersCommandOutput } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeAlarmsForMetricCommand, type DescribeAlarmsForMetricCommandOutput } from '@aws-sdk/client-cloudwatch';
import { ListRulesCommand, ListTargetsByRuleCommand, type ListRulesCommandOutput, type ListTargetsByRuleCommandOutput } from '@aws-sdk/client-eventbridge';
import { collected, type Collected, type EvidenceRef } from '../../core/types.js';
import {
  isRootActivityPattern,
  isRootSignInPattern,
  ROOT_USAGE_NEEDS,
  type EventRuleEvidence,
  type MetricAlarmEvidence,
  type MetricFilterEvidence,
  type RootUsageTrail,
  type TrailLogGroupEvidence,
} from '../../evidence/aws/root-usage.js';
import { attempt, collectPages, type AwsAccountCollector } from './collector.js';
import type { AwsSession } from './session.js';

/** `arn:aws:logs:REGION:ACCT:log-group:NAME[:*]` → its parts. */
export function parseLogGroupArn(arn: string): { region: string; accountId: string; name: string; arn: string } | undefined {
  const m = arn.match(/^arn:[^:]+:logs:([^:]+):(\d{12}):log-group:(.+?)(?::\*)?$/);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]!, arn: arn.replace(/:\*$/, '') } : undefined;
}

async function alarmsFor(session: AwsSession, region: string, metrics: MetricFilterEvidence['metrics']): Promise<Collected<MetricAlarmEvidence[]>> {
  return attempt(async () => {
    const refs: EvidenceRef[] = [];
    const alarms: MetricAlarmEvidence[] = [];
    for (const m of metrics) {
      const { output, ref } = await session.send<DescribeAlarmsForMetricCommandOutput>(
        'cloudwatch',
        region,
        new DescribeAlarmsForMetricCommand({ MetricName: m.metricName, Namespace: m.namespace }),
      );
      refs.push(ref);
      for (const a of output.MetricAlarms ?? []) {
        alarms.push({
          name: a.AlarmName ?? '',
          metricName: a.MetricName ?? m.metricName,
          namespace: a.Namespace ?? m.namespace,
          actionsEnabled: a.ActionsEnabled !== false,
          alarmActions: a.AlarmActions ?? [],
          ...(a.StateValue ? { stateValue: String(a.StateValue) } : {}),
        });
      }
    }
    return collected(alarms, refs);
  });
}

async function logGroup(session: AwsSession, group: NonNullable<ReturnType<typeof parseLogGroupArn>>): Promise<TrailLogGroupEvidence> {
  const listed = await collectPages(async (token) => {
    const { output, ref } = await session.send<DescribeMetricFiltersCommandOutput>(
      'logs',
      group.region,
      new DescribeMetricFiltersCommand({ logGroupName: group.name, limit: 50, ...(token ? { nextToken: token } : {}) }),
    );
    const page = (output.metricFilters ?? []).map((f) => ({
      name: f.filterName ?? '',
      pattern: f.filterPattern ?? '',
      metrics: (f.metricTransformations ?? []).map((t) => ({ metricName: t.metricName ?? '', namespace: t.metricNamespace ?? '' })),
    }));
    return { page, next: output.nextToken, ref };
  });
  const metricFilters: Collected<MetricFilterEvidence[]> = listed.ok
    ? collected(
        await Promise.all(
          listed.value.map(async (f) => (isRootActivityPattern(f.pattern) ? { ...f, alarms: await alarmsFor(session, group.region, f.metrics) } : f)),
        ),
        listed.refs,
      )
    : listed;
  return { logGroupArn: group.arn, logGroupName: group.name, region: group.region, metricFilters };
}

async function eventRules(session: AwsSession, region: string): Promise<Collected<EventRuleEvidence[]>> {
  const listed = await collectPages(async (token) => {
    const { output, ref } = await session.send<ListRulesCommandOutput>(
      'events',
      region,
      new ListRulesCommand({ Limit: 100, ...(token ? { NextToken: token } : {}) }),
    );
    return { page: output.Rules ?? [], next: output.NextToken, ref };
  });
  if (!listed.ok) return listed;
  const rules = await Promise.all(
    listed.value.map(async (r): Promise<EventRuleEvidence> => {
      const rule: EventRuleEvidence = {
        name: r.Name ?? '',
        arn: r.Arn ?? '',
        state: String(r.State ?? ''),
        ...(r.EventPattern ? { eventPattern: r.EventPattern } : {}),
      };
      if (!isRootSignInPattern(r.EventPattern)) return rule;
      const targets = await collectPages(async (token) => {
        const { output, ref } = await session.send<ListTargetsByRuleCommandOutput>(
          'events',
          region,
          new ListTargetsByRuleCommand({ Rule: r.Name, Limit: 100, ...(token ? { NextToken: token } : {}) }),
        );
        return { page: (output.Targets ?? []).map((t) => t.Arn ?? t.Id ?? ''), next: output.NextToken, ref };
      });
      return { ...rule, targets };
    }),
  );
  return collected(rules, listed.refs);
}

export const rootUsageCollector: AwsAccountCollector = {
  provides: [ROOT_USAGE_NEEDS.rootUsage],
  async collect({ session, accountId, regions, homeRegion }, into) {
    const rules = Promise.all(regions.map(async (region) => ({ region, rules: await eventRules(session, region) })));
    const trails = await attempt(async () => {
      const { output, ref } = await session.send<DescribeTrailsCommandOutput>(
        'cloudtrail',
        homeRegion,
        new DescribeTrailsCommand({ includeShadowTrails: true }),
      );
      const list = (output.trailList ?? []).map(
        (t): RootUsageTrail => ({
          arn: t.TrailARN ?? '',
          name: t.Name ?? '',
          homeRegion: t.HomeRegion ?? '',
          isMultiRegionTrail: t.IsMultiRegionTrail === true,
          isOrganizationTrail: t.IsOrganizationTrail === true,
          ...(t.CloudWatchLogsLogGroupArn ? { logGroupArn: t.CloudWatchLogsLogGroupArn } : {}),
        }),
      );
      return collected(list, [ref]);
    });
    const groups = new Map<string, NonNullable<ReturnType<typeof parseLogGroupArn>>>();
    for (const t of trails.ok ? trails.value : []) {
      const group = t.isMultiRegionTrail && t.logGroupArn ? parseLogGroupArn(t.logGroupArn) : undefined;
      if (group && group.accountId === accountId) groups.set(group.arn, group);
    }
    const logGroups = await Promise.all([...groups.values()].map((g) => logGroup(session, g)));
    into.rootUsage = { trails, logGroups, eventRules: await rules };
  },
};
