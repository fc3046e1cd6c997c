import { describe, expect, it } from 'vitest';
import { awsLogsChecks } from '../../../src/checks/aws/logs.js';
import { collected, failed, type Collected } from '../../../src/core/types.js';
import type { LogGroupEvidence } from '../../../src/evidence/aws/logs.js';
import { account, denied, evidenceOf, find, run } from './fixtures.js';

const check = find(awsLogsChecks, 'aws.logs.retention');
const ACCT = '111111111111';
const ARN = `arn:aws:logs:eu-west-1:${ACCT}:log-group:/app`;

function judge(groups: Collected<LogGroupEvidence[]> | undefined, params: Record<string, unknown> = {}) {
  const evidence = evidenceOf(
    account(ACCT, { regions: collected(['eu-west-1']), regional: [{ region: 'eu-west-1', ...(groups ? { logGroups: groups } : {}) }] }),
  );
  return run(check, evidence, params).map((f) => [f.resource.id, f.status, f.missing]);
}

describe('aws.logs.retention', () => {
  it.each([
    ['never expires', undefined, {}, 'pass'],
    ['exactly 365 days', 365, {}, 'pass'],
    ['30 days', 30, {}, 'fail'],
    ['364 days', 364, {}, 'fail'],
    ['90 days with minDays 90', 90, { minDays: 90 }, 'pass'],
    ['3653 days', 3653, {}, 'pass'],
  ] as const)('%s → %s', (_name, days, params, expected) => {
    expect(judge(collected([{ name: '/app', arn: ARN, ...(days !== undefined ? { retentionInDays: days } : {}) }]), params)).toEqual([
      [ARN, expected, undefined],
    ]);
  });

  it('no log groups → not_applicable; denied → region error naming the action; not collected → error', () => {
    expect(judge(collected([]))).toEqual([[`${ACCT}/eu-west-1`, 'not_applicable', undefined]]);
    expect(judge(failed(denied('logs:DescribeLogGroups')))).toEqual([[`${ACCT}/eu-west-1`, 'error', 'logs:DescribeLogGroups']]);
    expect(judge(undefined)).toEqual([[`${ACCT}/eu-west-1`, 'error', undefined]]);
  });

  it('rejects a non-positive or non-integer minDays', () => {
    expect(() => check.params!.parse({ minDays: 0 })).toThrow();
    expect(() => check.params!.parse({ minDays: 'a year' })).toThrow();
  });
});
