import { describe, expect, it } from 'vitest';
import { awsVpcChecks } from '../../../src/checks/aws/vpc.js';
import { collected, failed } from '../../../src/core/types.js';
import type { FlowLogEvidence, VpcRegionEvidence } from '../../../src/evidence/aws/vpc.js';
import { account, denied, evidenceOf, find, ref, run } from './fixtures.js';

const check = find(awsVpcChecks, 'aws.vpc.flow-logs');
const ACCT = '111111111111';
const VPC = `arn:aws:ec2:eu-west-1:${ACCT}:vpc/vpc-1`;
const log = (patch: Partial<FlowLogEvidence> = {}): FlowLogEvidence => ({
  id: 'fl-1',
  resourceId: 'vpc-1',
  flowLogStatus: 'ACTIVE',
  deliverLogsStatus: 'SUCCESS',
  ...patch,
});

function judge(vpc: Partial<VpcRegionEvidence> | undefined) {
  const full = vpc && {
    vpcs: collected([{ vpcId: 'vpc-1', isDefault: false }], [ref('ec2:DescribeVpcs')]),
    flowLogs: collected<FlowLogEvidence[]>([]),
    interfacesByVpc: collected({ 'vpc-1': 3 }),
    ...vpc,
  };
  const evidence = evidenceOf(account(ACCT, { regions: collected(['eu-west-1']), regional: [{ region: 'eu-west-1', ...(full ? { vpc: full } : {}) }] }));
  return run(check, evidence).map((f) => [f.resource.id, f.status, f.missing]);
}

describe('aws.vpc.flow-logs', () => {
  it.each([
    ['an active, delivering VPC flow log', [log()], 'pass'],
    ['no flow log', [], 'fail'],
    ['a flow log whose delivery failed', [log({ deliverLogsStatus: 'FAILED', deliverLogsErrorMessage: 'Access error' })], 'fail'],
    ['only a subnet-level flow log', [log({ resourceId: 'subnet-1' })], 'fail'],
    ['a failed one next to an active one', [log({ id: 'fl-0', deliverLogsStatus: 'FAILED' }), log()], 'pass'],
    ['a flow log without delivery status (ACTIVE)', [log({ deliverLogsStatus: undefined })], 'pass'],
  ] as const)('%s → %s', (_name, logs, expected) => {
    expect(judge({ flowLogs: collected([...logs] as FlowLogEvidence[]) })).toEqual([[VPC, expected, undefined]]);
  });

  it('a VPC without network interfaces is not_applicable, even without flow logs', () => {
    expect(judge({ interfacesByVpc: collected({}) })).toEqual([[VPC, 'not_applicable', undefined]]);
  });

  it('no VPCs → region not_applicable; empty region evidence → error', () => {
    expect(judge({ vpcs: collected([]) })).toEqual([[`${ACCT}/eu-west-1`, 'not_applicable', undefined]]);
    expect(judge(undefined)).toEqual([[`${ACCT}/eu-west-1`, 'error', undefined]]);
  });

  it('denied reads: flow logs → every VPC error; interfaces → error unless an active flow log passes it anyway', () => {
    expect(judge({ flowLogs: failed(denied('ec2:DescribeFlowLogs')) })).toEqual([[VPC, 'error', 'ec2:DescribeFlowLogs']]);
    expect(judge({ interfacesByVpc: failed(denied('ec2:DescribeNetworkInterfaces')) })).toEqual([[VPC, 'error', 'ec2:DescribeNetworkInterfaces']]);
    expect(judge({ interfacesByVpc: failed(denied('ec2:DescribeNetworkInterfaces')), flowLogs: collected([log()]) })).toEqual([[VPC, 'pass', undefined]]);
    expect(judge({ vpcs: failed(denied('ec2:DescribeVpcs')) })).toEqual([[`${ACCT}/eu-west-1`, 'error', 'ec2:DescribeVpcs']]);
  });
});
