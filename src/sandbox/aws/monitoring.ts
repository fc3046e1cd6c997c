// CloudWatch Logs (awsJson1_1): DescribeLogGroups, DescribeMetricFilters. CloudWatch (awsJson1_0 with
// awsQuery-compatible errors, what the current SDK speaks): DescribeAlarmsForMetric. EventBridge
// (awsJson1_1): ListRules, ListTargetsByRule. All lists page with nextToken/NextToken.
import { AwsFault, epochSeconds, page, type AwsServiceHandler } from './protocol.js';

export interface SandboxLogGroup {
  name: string;
  /** Absent: never expire. */
  retentionInDays?: number;
  metricFilters?: Array<{ name: string; pattern: string; metricName: string; namespace: string }>;
}

export interface SandboxLogs {
  groups: SandboxLogGroup[];
}

export interface SandboxAlarm {
  name: string;
  metricName: string;
  namespace: string;
  actions: string[];
  actionsEnabled?: boolean;
}

export interface SandboxCloudWatch {
  alarms: SandboxAlarm[];
}

export interface SandboxEventRule {
  name: string;
  pattern?: Record<string, unknown>;
  state?: 'ENABLED' | 'DISABLED';
  targets: string[];
}

export interface SandboxEvents {
  rules: SandboxEventRule[];
}

const limitOf = (value: unknown, max: number, estate: number) => {
  const n = value === undefined ? max : Number(value);
  if (n < 1 || n > max)
    throw new AwsFault(
      'InvalidParameterException',
      `1 validation error detected: Value '${n}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
      400,
    );
  return Math.min(n, estate);
};

export const logsHandler: AwsServiceHandler = {
  protocol: 'json',
  actionPrefix: 'logs',
  handle(call) {
    const groups = call.account.regions[call.region]?.logs?.groups ?? [];
    const arn = (g: SandboxLogGroup) => `arn:aws:logs:${call.region}:${call.account.id}:log-group:${g.name}`;
    switch (call.operation) {
      case 'DescribeLogGroups': {
        const { items, next } = page(groups, call.input.nextToken as string | undefined, limitOf(call.input.limit, 50, call.pageSize(50)));
        return {
          logGroups: items.map((g) => ({
            logGroupName: g.name,
            creationTime: Date.parse('2025-01-10T00:00:00Z'),
            ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
            metricFilterCount: g.metricFilters?.length ?? 0,
            arn: `${arn(g)}:*`,
            storedBytes: 1048576,
            logGroupClass: 'STANDARD',
            logGroupArn: arn(g),
          })),
          ...(next ? { nextToken: next } : {}),
        };
      }
      case 'DescribeMetricFilters': {
        const name = call.input.logGroupName as string | undefined;
        const group = groups.find((g) => g.name === name);
        if (name && !group) throw new AwsFault('ResourceNotFoundException', 'The specified log group does not exist.', 400);
        const filters = (group ? [group] : groups).flatMap((g) => (g.metricFilters ?? []).map((f) => ({ g, f })));
        const { items, next } = page(filters, call.input.nextToken as string | undefined, limitOf(call.input.limit, 50, call.pageSize(50)));
        return {
          metricFilters: items.map(({ g, f }) => ({
            filterName: f.name,
            filterPattern: f.pattern,
            metricTransformations: [{ metricName: f.metricName, metricNamespace: f.namespace, metricValue: '1' }],
            creationTime: Date.parse('2025-01-10T00:00:00Z'),
            logGroupName: g.name,
          })),
          ...(next ? { nextToken: next } : {}),
        };
      }
      default:
        throw new AwsFault('UnknownOperationException', `sandbox CloudWatch Logs does not implement ${call.operation}`, 400);
    }
  },
};

export const cloudWatchHandler: AwsServiceHandler = {
  protocol: 'json',
  actionPrefix: 'cloudwatch',
  handle(call) {
    if (call.operation !== 'DescribeAlarmsForMetric') throw new AwsFault('InvalidAction', `sandbox CloudWatch does not implement ${call.operation}`, 400);
    const alarms = call.account.regions[call.region]?.cloudwatch?.alarms ?? [];
    const { MetricName, Namespace } = call.input as { MetricName?: string; Namespace?: string };
    if (!MetricName || !Namespace) throw new AwsFault('InvalidParameterValue', 'MetricName and Namespace are required', 400);
    return {
      MetricAlarms: alarms
        .filter((a) => a.metricName === MetricName && a.namespace === Namespace)
        .map((a) => ({
          AlarmName: a.name,
          AlarmArn: `arn:aws:cloudwatch:${call.region}:${call.account.id}:alarm:${a.name}`,
          ActionsEnabled: a.actionsEnabled !== false,
          OKActions: [],
          AlarmActions: a.actions,
          InsufficientDataActions: [],
          StateValue: 'OK',
          StateUpdatedTimestamp: epochSeconds('2026-11-20T00:00:00Z'),
          MetricName: a.metricName,
          Namespace: a.namespace,
          Statistic: 'Sum',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        })),
    };
  },
};

export const eventsHandler: AwsServiceHandler = {
  protocol: 'json',
  actionPrefix: 'events',
  handle(call) {
    const rules = call.account.regions[call.region]?.events?.rules ?? [];
    const limit = (v: unknown) => limitOf(v, 100, call.pageSize(100));
    switch (call.operation) {
      case 'ListRules': {
        const { items, next } = page(rules, call.input.NextToken as string | undefined, limit(call.input.Limit));
        return {
          Rules: items.map((r) => ({
            Name: r.name,
            Arn: `arn:aws:events:${call.region}:${call.account.id}:rule/${r.name}`,
            ...(r.pattern ? { EventPattern: JSON.stringify(r.pattern) } : { ScheduleExpression: 'rate(1 day)' }),
            State: r.state ?? 'ENABLED',
            EventBusName: 'default',
          })),
          ...(next ? { NextToken: next } : {}),
        };
      }
      case 'ListTargetsByRule': {
        const rule = rules.find((r) => r.name === call.input.Rule);
        if (!rule) throw new AwsFault('ResourceNotFoundException', `Rule ${String(call.input.Rule)} does not exist on EventBus default.`, 400);
        const { items, next } = page(rule.targets, call.input.NextToken as string | undefined, limit(call.input.Limit));
        return { Targets: items.map((arn, n) => ({ Id: `target-${n + 1}`, Arn: arn })), ...(next ? { NextToken: next } : {}) };
      }
      default:
        throw new AwsFault('UnknownOperationException', `sandbox EventBridge does not implement ${call.operation}`, 400);
    }
  },
};
