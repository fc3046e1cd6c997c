import { describe, expect, it } from 'vitest';
import { awsSecurityServicesChecks } from '../../../src/checks/aws/security-services.js';
import { collected, failed } from '../../../src/core/types.js';
import type { Evidence } from '../../../src/evidence/index.js';
import type { AccessAnalyzerEvidence } from '../../../src/evidence/aws/security-services.js';
import { account, denied, evidenceOf, find, ref, run, unreachable } from './fixtures.js';

const hub = find(awsSecurityServicesChecks, 'aws.securityhub.enabled');
const analyzer = find(awsSecurityServicesChecks, 'aws.accessanalyzer.enabled');
const A = '111111111111';
const B = '222222222222';
const one = (id: string, regional: Parameters<typeof account>[1]) => account(id, { regions: collected(['eu-west-1']), ...regional });

describe('aws.securityhub.enabled', () => {
  it.each([
    ['enabled', collected({ enabled: true, hubArn: 'arn:hub' }, [ref('securityhub:DescribeHub')]), 'pass', undefined],
    ['not subscribed', collected({ enabled: false, notEnabledReason: 'InvalidAccessException: not subscribed' }), 'fail', undefined],
    ['denied', failed(denied('securityhub:DescribeHub')), 'error', 'securityhub:DescribeHub'],
    ['not collected', undefined, 'error', undefined],
  ] as const)('%s → %s', (_name, read, status, missing) => {
    const evidence = evidenceOf(one(A, { regional: [{ region: 'eu-west-1', ...(read ? { securityHub: read } : {}) }] }));
    expect(run(hub, evidence).map((f) => [f.resource.id, f.status, f.missing])).toEqual([[`${A}/eu-west-1`, status, missing]]);
  });

  it('an account that cannot be entered keeps ACCT/REGION errors', () => {
    const u = unreachable(B);
    u.regions = collected(['eu-west-1']);
    expect(run(hub, evidenceOf(u)).map((f) => [f.resource.id, f.status])).toEqual([[`${B}/eu-west-1`, 'error']]);
  });
});

describe('aws.accessanalyzer.enabled', () => {
  const a = (name: string, type: string, status = 'ACTIVE', acct = A): AccessAnalyzerEvidence => ({
    name,
    arn: `arn:aws:access-analyzer:eu-west-1:${acct}:analyzer/${name}`,
    type,
    status,
  });
  const judge = (evidence: Evidence) => run(analyzer, evidence).map((f) => [f.resource.id, f.status, f.missing]);

  it.each([
    ['an active account analyzer', [a('x', 'ACCOUNT')], 'pass'],
    ['an active organization analyzer', [a('x', 'ORGANIZATION')], 'pass'],
    ['no analyzer', [], 'fail'],
    ['only an unused-access analyzer', [a('x', 'ACCOUNT_UNUSED_ACCESS')], 'fail'],
    ['a disabled or failed analyzer', [a('x', 'ACCOUNT', 'DISABLED'), a('y', 'ACCOUNT', 'FAILED')], 'fail'],
  ] as const)('%s → %s', (_name, analyzers, status) => {
    expect(judge(evidenceOf(one(A, { regional: [{ region: 'eu-west-1', accessAnalyzers: collected([...analyzers]) }] })))).toEqual([
      [`${A}/eu-west-1`, status, undefined],
    ]);
  });

  it('an organization analyzer of another account covers members the run discovered in the organization, in that region only', () => {
    const accounts = [
      one(A, {
        regions: collected(['eu-west-1', 'us-east-1']),
        regional: [
          { region: 'eu-west-1', accessAnalyzers: collected([a('org', 'ORGANIZATION')]) },
          { region: 'us-east-1', accessAnalyzers: collected([]) },
        ],
      }),
      one(B, {
        regions: collected(['eu-west-1', 'us-east-1']),
        regional: [
          { region: 'eu-west-1', accessAnalyzers: failed(denied('access-analyzer:ListAnalyzers')) },
          { region: 'us-east-1', accessAnalyzers: collected([]) },
        ],
      }),
    ];
    const discovered: Evidence = { aws: { accounts, discovery: collected({ accounts: [{ id: A }, { id: B }] }) } };
    expect(judge(discovered)).toEqual([
      [`${A}/eu-west-1`, 'pass', undefined],
      [`${A}/us-east-1`, 'fail', undefined],
      [`${B}/eu-west-1`, 'pass', undefined],
      [`${B}/us-east-1`, 'fail', undefined],
    ]);
    // Without Organizations discovery, B is not known to be in A's organization: its own read decides.
    expect(judge({ aws: { accounts } })[2]).toEqual([`${B}/eu-west-1`, 'error', 'access-analyzer:ListAnalyzers']);
  });
});
