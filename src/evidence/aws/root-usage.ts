// Monitoring of root-user activity (CIS 4.3): the multi-region trails' CloudWatch Logs groups with
// their metric filters and the alarms on those metrics, and EventBridge rules on root sign-in.
import type { Collected } from '../../core/types.js';

export interface RootUsageTrail {
  arn: string;
  name: string;
  homeRegion: string;
  isMultiRegionTrail: boolean;
  isOrganizationTrail: boolean;
  /** `CloudWatchLogsLogGroupArn` (`arn:aws:logs:REGION:ACCT:log-group:NAME:*`), when the trail sends there. */
  logGroupArn?: string;
}

export interface MetricAlarmEvidence {
  name: string;
  metricName: string;
  namespace: string;
  actionsEnabled: boolean;
  alarmActions: string[];
  stateValue?: string;
}

export interface MetricFilterEvidence {
  name: string;
  pattern: string;
  metrics: Array<{ metricName: string; namespace: string }>;
  /** `DescribeAlarmsForMetric` for each metric: read only for filters that match root activity. */
  alarms?: Collected<MetricAlarmEvidence[]>;
}

export interface TrailLogGroupEvidence {
  /** Without the trailing `:*`. */
  logGroupArn: string;
  logGroupName: string;
  region: string;
  /** `DescribeMetricFilters` on the group. */
  metricFilters: Collected<MetricFilterEvidence[]>;
}

export interface EventRuleEvidence {
  name: string;
  arn: string;
  state: string;
  eventPattern?: string;
  /** `ListTargetsByRule`: read only for rules that match root sign-in. */
  targets?: Collected<string[]>;
}

export interface RootUsageEvidence {
  /** CloudTrail `DescribeTrails` (with shadow trails) in the home region. */
  trails: Collected<RootUsageTrail[]>;
  /** The log groups of this account that multi-region trails send to. */
  logGroups: TrailLogGroupEvidence[];
  /** EventBridge `ListRules` on the default bus, per judged region. */
  eventRules: Array<{ region: string; rules: Collected<EventRuleEvidence[]> }>;
}

/** `{ $.userIdentity.type = "Root" … }`: the CIS filter for root activity (`!=` does not count). */
export function isRootActivityPattern(pattern: string): boolean {
  return /\$\.userIdentity\.type\s*=\s*"?Root"?(?![\w])/.test(pattern);
}

/** An EventBridge pattern that matches the root user's console sign-in. */
export function isRootSignInPattern(eventPattern: string | undefined): boolean {
  if (!eventPattern) return false;
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(eventPattern) as Record<string, unknown>;
  } catch {
    return false;
  }
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  const detail = (p.detail ?? {}) as Record<string, unknown>;
  const identity = (detail.userIdentity ?? {}) as Record<string, unknown>;
  const rootOnly = list(identity.type).includes('Root');
  const signIn = list(p['detail-type']).includes('AWS Console Sign In via CloudTrail') || list(detail.eventName).includes('ConsoleLogin');
  return rootOnly && signIn;
}

export const ROOT_USAGE_NEEDS = { rootUsage: 'aws.cloudwatch.rootUsage' } as const;
