// Root-user activity raises an alarm (CIS 4.3): a metric filter for root activity on a multi-region
// trail's CloudWatch Logs group, with an alarm on its metric that has an action; or an EventBridge
// rule matching root console sign-in with a target. An organization trail's log group is read in
// the account that owns it, so its filters are looked up across the run's accounts.
import type { CollectionError, EvidenceRef } from '../../core/types.js';
import type { Evidence } from '../../evidence/index.js';
import { isRootActivityPattern, isRootSignInPattern, ROOT_USAGE_NEEDS, type TrailLogGroupEvidence } from '../../evidence/aws/root-usage.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { accountResource, errorFinding, forEachAccount } from './common.js';

const withoutStar = (arn: string) => arn.replace(/:\*$/, '');

function logGroupsByArn(evidence: Evidence): Map<string, TrailLogGroupEvidence> {
  const map = new Map<string, TrailLogGroupEvidence>();
  for (const a of evidence.aws?.accounts ?? []) for (const g of a.rootUsage?.logGroups ?? []) map.set(g.logGroupArn, g);
  return map;
}

const rootUsageAlarm = defineCheck({
  id: 'aws.cloudwatch.root-usage-alarm',
  title: 'Root-user activity raises an alarm',
  source: 'aws',
  severity: 'medium',
  judges: 'account',
  resourceType: 'aws.account',
  needs: [ROOT_USAGE_NEEDS.rootUsage],
  remediation: {
    summary:
      "On the multi-region trail's log group, add a metric filter for root activity and an alarm on " +
      'it that notifies an SNS topic (or an EventBridge rule on root ConsoleLogin with a target).',
    console:
      'CloudWatch → Log groups → trail log group → Metric filters → Create: { ' +
      '$.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && ' +
      '$.eventType != "AwsServiceEvent" } → Create alarm (≥ 1, SNS action)',
    cli:
      'aws logs put-metric-filter --log-group-name TRAIL_LOG_GROUP --filter-name RootUsage ' +
      '--metric-transformations metricName=RootUsage,metricNamespace=CISBenchmark,metricValue=1 ' +
      '--filter-pattern \'{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && ' +
      '$.eventType != "AwsServiceEvent" }\' && aws cloudwatch put-metric-alarm --alarm-name RootUsage ' +
      '--metric-name RootUsage --namespace CISBenchmark --statistic Sum --period 300 --evaluation-periods ' +
      '1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions SNS_TOPIC_ARN',
    terraform:
      'resource "aws_cloudwatch_log_metric_filter" "root_usage" {\n  name           = "RootUsage"\n  ' +
      'log_group_name = aws_cloudwatch_log_group.trail.name\n  pattern        = "{ $.userIdentity.type = ' +
      '\\"Root\\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \\"AwsServiceEvent\\" }"\n  ' +
      'metric_transformation {\n    name      = "RootUsage"\n    namespace = "CISBenchmark"\n    value     ' +
      '= "1"\n  }\n}\n\nresource "aws_cloudwatch_metric_alarm" "root_usage" {\n  alarm_name          = ' +
      '"RootUsage"\n  metric_name         = "RootUsage"\n  namespace           = "CISBenchmark"\n  ' +
      'statistic           = "Sum"\n  period              = 300\n  evaluation_periods  = 1\n  threshold    ' +
      '       = 1\n  comparison_operator = "GreaterThanOrEqualToThreshold"\n  alarm_actions       = ' +
      '[aws_sns_topic.security.arn]\n}',
  },
  evaluate(evidence) {
    const groups = logGroupsByArn(evidence);
    return forEachAccount(
      evidence,
      (a) => accountResource(a),
      'root-activity alarms',
      (account, out) => {
        const resource = accountResource(account);
        const usage = account.rootUsage;
        if (!usage) {
          out.push(errorFinding(resource, undefined, 'root-activity alarms'));
          return;
        }
        const refs: EvidenceRef[] = [...usage.trails.refs];
        const unknown: Array<{ error: CollectionError | undefined; what: string }> = [];
        const gaps: string[] = [];
        const met: string[] = [];

        // Path 1: trail log group → root metric filter → alarm with an action.
        if (!usage.trails.ok) unknown.push({ error: usage.trails.error, what: 'the trails' });
        const trails = usage.trails.ok ? usage.trails.value.filter((t) => t.isMultiRegionTrail) : [];
        if (usage.trails.ok && trails.length === 0) gaps.push('no multi-region trail');
        for (const trail of trails) {
          if (!trail.logGroupArn) {
            gaps.push(`trail ${trail.name} does not send to CloudWatch Logs`);
            continue;
          }
          const group = groups.get(withoutStar(trail.logGroupArn));
          if (!group) {
            unknown.push({
              error: undefined,
              what: `the log group of trail ${trail.name} (${withoutStar(trail.logGroupArn)}, in an account this run did not read)`,
            });
            continue;
          }
          refs.push(...group.metricFilters.refs);
          if (!group.metricFilters.ok) {
            unknown.push({ error: group.metricFilters.error, what: `the metric filters of ${group.logGroupName}` });
            continue;
          }
          const rootFilters = group.metricFilters.value.filter((f) => isRootActivityPattern(f.pattern));
          if (rootFilters.length === 0) gaps.push(`log group ${group.logGroupName} (trail ${trail.name}) has no root-activity metric filter`);
          for (const f of rootFilters) {
            if (!f.alarms?.ok) {
              unknown.push({ error: f.alarms?.ok === false ? f.alarms.error : undefined, what: `the alarms on metric filter ${f.name}` });
              refs.push(...(f.alarms?.refs ?? []));
              continue;
            }
            refs.push(...f.alarms.refs);
            const alarm = f.alarms.value.find((a) => a.actionsEnabled && a.alarmActions.length > 0);
            if (alarm) met.push(`metric filter ${f.name} on ${group.logGroupName} → alarm ${alarm.name} → ${alarm.alarmActions.join(', ')}`);
            else gaps.push(`metric filter ${f.name}'s metric has ${f.alarms.value.length ? 'alarms without an enabled action' : 'no alarm'}`);
          }
        }

        // Path 2: EventBridge rule on root sign-in with a target.
        let rootRules = 0;
        for (const { region, rules } of usage.eventRules) {
          refs.push(...rules.refs);
          if (!rules.ok) {
            unknown.push({ error: rules.error, what: `the EventBridge rules in ${region}` });
            continue;
          }
          for (const rule of rules.value.filter((r) => isRootSignInPattern(r.eventPattern))) {
            rootRules++;
            refs.push(...(rule.targets?.refs ?? []));
            if (!rule.targets?.ok)
              unknown.push({ error: rule.targets?.ok === false ? rule.targets.error : undefined, what: `the targets of EventBridge rule ${rule.name}` });
            else if (rule.state === 'ENABLED' && rule.targets.value.length > 0)
              met.push(`EventBridge rule ${rule.name} (${region}) → ${rule.targets.value.join(', ')}`);
            else gaps.push(`EventBridge rule ${rule.name} (${region}) is ${rule.state}${rule.targets.value.length ? '' : ' with no target'}`);
          }
        }
        if (rootRules === 0) gaps.push('no EventBridge rule on root sign-in');

        const details = { satisfiedBy: met, gaps, unverified: unknown.map((u) => u.what) };
        if (met.length)
          out.push({ status: 'pass', resource, message: `Root-user activity in ${account.accountId} raises an alarm: ${met[0]}.`, evidence: refs, details });
        else if (unknown[0])
          out.push({
            ...errorFinding(resource, unknown[0].error, `root-activity alarms in ${account.accountId}: ${unknown.map((u) => u.what).join('; ')}`, refs),
            details,
          });
        else
          out.push({
            status: 'fail',
            resource,
            message: `Root-user activity in ${account.accountId} raises no alarm: ${gaps.join('; ')}.`,
            evidence: refs,
            details,
          });
      },
    );
  },
});

export const awsRootUsageChecks: AnyCheck[] = [rootUsageAlarm];
