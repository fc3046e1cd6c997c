import { describe, expect, it } from 'vitest';
import { awsRootUsageChecks } from '../../../src/checks/aws/root-usage.js';
import { collected, failed, type Collected } from '../../../src/core/types.js';
import {
  isRootActivityPattern,
  isRootSignInPattern,
  type EventRuleEvidence,
  type MetricFilterEvidence,
  type RootUsageEvidence,
  type RootUsageTrail,
} from '../../../src/evidence/aws/root-usage.js';
import { account, denied, evidenceOf, find, ref, run } from './fixtures.js';

const check = find(awsRootUsageChecks, 'aws.cloudwatch.root-usage-alarm');
const M = '111111111111';
const P = '222222222222';
const CIS = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';
const GROUP = `arn:aws:logs:us-east-1:${M}:log-group:trail-logs`;
const trail = (patch: Partial<RootUsageTrail> = {}): RootUsageTrail => ({
  arn: `arn:aws:cloudtrail:us-east-1:${M}:trail/org`,
  name: 'org',
  homeRegion: 'us-east-1',
  isMultiRegionTrail: true,
  isOrganizationTrail: true,
  logGroupArn: `${GROUP}:*`,
  ...patch,
});
const filter = (pattern: string, alarms?: MetricFilterEvidence['alarms']): MetricFilterEvidence => ({
  name: 'RootUsage',
  pattern,
  metrics: [{ metricName: 'RootUsage', namespace: 'CIS' }],
  ...(alarms ? { alarms } : {}),
});
const alarm = (actions: string[], actionsEnabled = true) => ({
  name: 'root',
  metricName: 'RootUsage',
  namespace: 'CIS',
  actionsEnabled,
  alarmActions: actions,
});
const ROOT_SIGN_IN = JSON.stringify({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } });
const rule = (patch: Partial<EventRuleEvidence> = {}): EventRuleEvidence => ({
  name: 'root',
  arn: 'arn:rule',
  state: 'ENABLED',
  eventPattern: ROOT_SIGN_IN,
  targets: collected(['arn:aws:sns:x']),
  ...patch,
});

function usage(
  filters: Collected<MetricFilterEvidence[]> | undefined,
  rules: Collected<EventRuleEvidence[]> = collected([]),
  trails: Collected<RootUsageTrail[]> = collected([trail()], [ref('cloudtrail:DescribeTrails')]),
): RootUsageEvidence {
  return {
    trails,
    logGroups: filters ? [{ logGroupArn: GROUP, logGroupName: 'trail-logs', region: 'us-east-1', metricFilters: filters }] : [],
    eventRules: [{ region: 'us-east-1', rules }],
  };
}
const judge = (...accounts: Array<[string, RootUsageEvidence | undefined]>) =>
  run(check, evidenceOf(...accounts.map(([id, u]) => account(id, u ? { rootUsage: u } : {})))).map((f) => [f.resource.id, f.status, f.missing]);

describe('isRootActivityPattern / isRootSignInPattern', () => {
  it.each([
    [CIS, true],
    ['{$.userIdentity.type="Root"}', true],
    ['{ $.userIdentity.type != "Root" }', false],
    ['{ $.userIdentity.type = "RootX" }', false],
    ['{ $.eventName = "ConsoleLogin" }', false],
  ])('%s → %s', (pattern, expected) => expect(isRootActivityPattern(pattern)).toBe(expected));
  it.each([
    [ROOT_SIGN_IN, true],
    [JSON.stringify({ detail: { eventName: ['ConsoleLogin'], userIdentity: { type: ['Root'] } } }), true],
    [JSON.stringify({ 'detail-type': ['AWS Console Sign In via CloudTrail'] }), false],
    [JSON.stringify({ detail: { userIdentity: { type: ['Root'] } } }), false],
    ['not json', false],
    [undefined, false],
  ])('%s → %s', (pattern, expected) => expect(isRootSignInPattern(pattern)).toBe(expected));
});

describe('aws.cloudwatch.root-usage-alarm', () => {
  it.each([
    ['root filter → alarm with an SNS action', collected([filter(CIS, collected([alarm(['arn:aws:sns:x'])]))]), 'pass'],
    ['root filter → alarm without actions', collected([filter(CIS, collected([alarm([])]))]), 'fail'],
    ['root filter → alarm with actions disabled', collected([filter(CIS, collected([alarm(['arn:aws:sns:x'], false)]))]), 'fail'],
    ['root filter, no alarm', collected([filter(CIS, collected([]))]), 'fail'],
    ['only other filters', collected([filter('{ $.errorCode = "AccessDenied*" }')]), 'fail'],
  ] as const)('%s → %s', (_name, filters, expected) => {
    expect(judge([M, usage(filters)])).toEqual([[M, expected, undefined]]);
  });

  it('an EventBridge rule on root sign-in with a target passes; disabled or without targets does not', () => {
    const none = collected<MetricFilterEvidence[]>([]);
    expect(judge([M, usage(none, collected([rule()]))])).toEqual([[M, 'pass', undefined]]);
    expect(judge([M, usage(none, collected([rule({ state: 'DISABLED' })]))])).toEqual([[M, 'fail', undefined]]);
    expect(judge([M, usage(none, collected([rule({ targets: collected([]) })]))])).toEqual([[M, 'fail', undefined]]);
  });

  it('only multi-region trails count, and a trail without a log group is a gap', () => {
    expect(judge([M, usage(collected([filter(CIS, collected([alarm(['a'])]))]), collected([]), collected([trail({ isMultiRegionTrail: false })]))])).toEqual([
      [M, 'fail', undefined],
    ]);
    expect(judge([M, usage(undefined, collected([]), collected([trail({ logGroupArn: undefined })]))])).toEqual([[M, 'fail', undefined]]);
  });

  it("a member account uses the organization trail's log group read in the management account", () => {
    const member: RootUsageEvidence = { trails: collected([trail()]), logGroups: [], eventRules: [{ region: 'us-east-1', rules: collected([]) }] };
    expect(judge([M, usage(collected([filter(CIS, collected([alarm(['arn:aws:sns:x'])]))]))], [P, member])).toEqual([
      [M, 'pass', undefined],
      [P, 'pass', undefined],
    ]);
    // Management account not in the run: the member cannot be verified.
    expect(judge([P, member])).toEqual([[P, 'error', undefined]]);
  });

  it('unreadable parts are errors unless another path passes', () => {
    const deniedFilters = failed<MetricFilterEvidence[]>(denied('logs:DescribeMetricFilters'));
    expect(judge([M, usage(deniedFilters)])).toEqual([[M, 'error', 'logs:DescribeMetricFilters']]);
    expect(judge([M, usage(deniedFilters, collected([rule()]))])).toEqual([[M, 'pass', undefined]]);
    expect(judge([M, usage(collected([filter(CIS, failed(denied('cloudwatch:DescribeAlarmsForMetric')))]))])).toEqual([
      [M, 'error', 'cloudwatch:DescribeAlarmsForMetric'],
    ]);
    expect(judge([M, usage(collected([]), failed(denied('events:ListRules')))])).toEqual([[M, 'error', 'events:ListRules']]);
    expect(judge([M, usage(collected([]), collected([rule({ targets: failed(denied('events:ListTargetsByRule')) })]))])).toEqual([
      [M, 'error', 'events:ListTargetsByRule'],
    ]);
    expect(judge([M, usage(undefined, collected([]), failed(denied('cloudtrail:DescribeTrails')))])).toEqual([[M, 'error', 'cloudtrail:DescribeTrails']]);
    expect(judge([M, undefined])).toEqual([[M, 'error', undefined]]);
  });
});
