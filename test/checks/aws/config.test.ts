import { describe, expect, it } from 'vitest';
import { awsConfigChecks } from '../../../src/checks/aws/config.js';
import { collected, failed } from '../../../src/core/types.js';
import type { ConfigRecorderEvidence } from '../../../src/evidence/aws/config.js';
import { account, denied, evidenceOf, find, ref, run, unreachable } from './fixtures.js';

const check = find(awsConfigChecks, 'aws.config.recorder');
const ACCT = '111111111111';
const good: ConfigRecorderEvidence = {
  name: 'default',
  allSupported: true,
  includeGlobalResourceTypes: true,
  recordingStrategy: 'ALL_SUPPORTED_RESOURCE_TYPES',
  resourceTypes: [],
  excludedResourceTypes: [],
  recording: true,
  lastStatus: 'SUCCESS',
};

describe('aws.config.recorder', () => {
  it.each([
    ['recording everything', [good], 'pass'],
    ['pending first delivery', [{ ...good, lastStatus: 'PENDING' }], 'pass'],
    ['no recorder', [], 'fail'],
    ['not recording', [{ ...good, recording: false }], 'fail'],
    ['no status entry', [{ ...good, recording: undefined }], 'fail'],
    [
      'some resource types only',
      [{ ...good, allSupported: false, recordingStrategy: 'INCLUSION_BY_RESOURCE_TYPES', resourceTypes: ['AWS::EC2::Instance'] }],
      'fail',
    ],
    [
      'all but excluded types',
      [{ ...good, allSupported: false, recordingStrategy: 'EXCLUSION_BY_RESOURCE_TYPES', excludedResourceTypes: ['AWS::EC2::Volume'] }],
      'fail',
    ],
    ['last status Failure', [{ ...good, lastStatus: 'Failure', lastErrorCode: 'NoSuchBucket' }], 'fail'],
    ['only a service-linked recorder', [{ ...good, servicePrincipal: 'config-conforms.amazonaws.com' }], 'fail'],
  ] as const)('%s → %s', (_name, recorders, expected) => {
    const evidence = evidenceOf(
      account(ACCT, {
        regional: [
          { region: 'eu-west-1', configRecorders: collected(recorders as unknown as ConfigRecorderEvidence[], [ref('config:DescribeConfigurationRecorders')]) },
        ],
      }),
    );
    expect(run(check, evidence).map((f) => [f.resource.id, f.status])).toEqual([[`${ACCT}/eu-west-1`, expected]]);
  });

  it('denied in one region → error naming the action there only; unreachable account → one error per configured region', () => {
    const evidence = evidenceOf(
      account(ACCT, {
        regional: [
          { region: 'eu-west-1', configRecorders: collected([good]) },
          { region: 'us-east-1', configRecorders: failed(denied('config:DescribeConfigurationRecorderStatus')) },
        ],
      }),
      { ...unreachable('222222222222'), regions: collected(['eu-west-1', 'us-east-1']) },
    );
    expect(run(check, evidence).map((f) => [f.resource.id, f.status, f.missing])).toEqual([
      [`${ACCT}/eu-west-1`, 'pass', undefined],
      [`${ACCT}/us-east-1`, 'error', 'config:DescribeConfigurationRecorderStatus'],
      ['222222222222/eu-west-1', 'error', 'sts:AssumeRole on arn:aws:iam::222222222222:role/r'],
      ['222222222222/us-east-1', 'error', 'sts:AssumeRole on arn:aws:iam::222222222222:role/r'],
    ]);
  });
});
