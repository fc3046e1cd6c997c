import { describe, expect, it } from 'vitest';
import { awsGuardDutyChecks } from '../../../src/checks/aws/guardduty.js';
import { collected, failed } from '../../../src/core/types.js';
import type { GuardDutyDetectorEvidence } from '../../../src/evidence/aws/guardduty.js';
import { account, denied, evidenceOf, find, ref, run, unreachable } from './fixtures.js';

const check = find(awsGuardDutyChecks, 'aws.guardduty.enabled');
const ACCT = '111111111111';

describe('aws.guardduty.enabled', () => {
  it.each([
    ['an enabled detector', [{ detectorId: 'd1', status: 'ENABLED' }], 'pass'],
    ['no detector', [], 'fail'],
    ['a disabled detector', [{ detectorId: 'd1', status: 'DISABLED' }], 'fail'],
    ['an odd status', [{ detectorId: 'd1', status: 'UNKNOWN' }], 'fail'],
  ] as const)('%s → %s', (_name, detectors, expected) => {
    const evidence = evidenceOf(
      account(ACCT, {
        regional: [
          { region: 'us-east-1', guardDutyDetectors: collected(detectors as unknown as GuardDutyDetectorEvidence[], [ref('guardduty:ListDetectors')]) },
        ],
      }),
    );
    expect(run(check, evidence).map((f) => [f.resource.id, f.status])).toEqual([[`${ACCT}/us-east-1`, expected]]);
  });

  it('denied → error naming the action; not collected → error; unreachable account without known regions → account error', () => {
    const evidence = evidenceOf(
      account(ACCT, { regional: [{ region: 'eu-west-1', guardDutyDetectors: failed(denied('guardduty:GetDetector')) }, { region: 'us-east-1' }] }),
      unreachable('222222222222'),
    );
    expect(run(check, evidence).map((f) => [f.resource.id, f.status, f.missing])).toEqual([
      [`${ACCT}/eu-west-1`, 'error', 'guardduty:GetDetector'],
      [`${ACCT}/us-east-1`, 'error', undefined],
      ['222222222222', 'error', 'sts:AssumeRole on arn:aws:iam::222222222222:role/r'],
    ]);
  });
});
