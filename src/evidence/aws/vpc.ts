// VPCs with their flow logs and whether any network interface lives in them (EC2 DescribeVpcs,
// DescribeFlowLogs, DescribeNetworkInterfaces).
import type { Collected } from '../../core/types.js';

export interface FlowLogEvidence {
  id: string;
  /** The VPC, subnet or ENI id the flow log is attached to. */
  resourceId: string;
  /** `ACTIVE` when AWS considers the flow log on. */
  flowLogStatus: string;
  /** `SUCCESS` or `FAILED` (delivery to the destination). */
  deliverLogsStatus?: string;
  deliverLogsErrorMessage?: string;
  destinationType?: string;
  trafficType?: string;
}

export interface VpcEvidence {
  vpcId: string;
  isDefault: boolean;
  cidrBlock?: string;
  name?: string;
}

export interface VpcRegionEvidence {
  vpcs: Collected<VpcEvidence[]>;
  flowLogs: Collected<FlowLogEvidence[]>;
  /** Network interfaces per VPC id (VPCs absent here have none). */
  interfacesByVpc: Collected<Record<string, number>>;
}

/** Evidence keys: checks name them in `needs`; the collector reads only what is needed. */
export const VPC_NEEDS = { flowLogs: 'aws.vpc.flowLogs' } as const;
