// VPC flow logs, per region: DescribeVpcs, DescribeFlowLogs and DescribeNetworkInterfaces (all
// paginated, 1,000 per page). Listing the region's interfaces once costs fewer calls than one
// filtered call per VPC.
import {
  DescribeFlowLogsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeVpcsCommand,
  type DescribeFlowLogsCommandOutput,
  type DescribeNetworkInterfacesCommandOutput,
  type DescribeVpcsCommandOutput,
} from '@aws-sdk/client-ec2';
import { collected, type Collected } from '../../core/types.js';
import { VPC_NEEDS, type FlowLogEvidence, type VpcEvidence } from '../../evidence/aws/vpc.js';
import { collectPages, type AwsRegionCollector } from './collector.js';

export const vpcRegionCollector: AwsRegionCollector = {
  provides: [VPC_NEEDS.flowLogs],
  async collect({ session, region }, into) {
    const page = (token: string | undefined) => ({ MaxResults: 1000, ...(token ? { NextToken: token } : {}) });
    const [vpcs, flowLogs, interfaces] = await Promise.all([
      collectPages(async (token) => {
        const { output, ref } = await session.send<DescribeVpcsCommandOutput>('ec2', region, new DescribeVpcsCommand(page(token)));
        const vpcs = (output.Vpcs ?? []).map((v): VpcEvidence => {
          const name = v.Tags?.find((t) => t.Key === 'Name')?.Value;
          return { vpcId: v.VpcId ?? '', isDefault: v.IsDefault === true, ...(v.CidrBlock ? { cidrBlock: v.CidrBlock } : {}), ...(name ? { name } : {}) };
        });
        return { page: vpcs, next: output.NextToken, ref };
      }),
      collectPages(async (token) => {
        const { output, ref } = await session.send<DescribeFlowLogsCommandOutput>('ec2', region, new DescribeFlowLogsCommand(page(token)));
        const logs = (output.FlowLogs ?? []).map(
          (f): FlowLogEvidence => ({
            id: f.FlowLogId ?? '',
            resourceId: f.ResourceId ?? '',
            flowLogStatus: f.FlowLogStatus ?? '',
            ...(f.DeliverLogsStatus ? { deliverLogsStatus: f.DeliverLogsStatus } : {}),
            ...(f.DeliverLogsErrorMessage ? { deliverLogsErrorMessage: f.DeliverLogsErrorMessage } : {}),
            ...(f.LogDestinationType ? { destinationType: String(f.LogDestinationType) } : {}),
            ...(f.TrafficType ? { trafficType: String(f.TrafficType) } : {}),
          }),
        );
        return { page: logs, next: output.NextToken, ref };
      }),
      collectPages(async (token) => {
        const { output, ref } = await session.send<DescribeNetworkInterfacesCommandOutput>('ec2', region, new DescribeNetworkInterfacesCommand(page(token)));
        return { page: (output.NetworkInterfaces ?? []).map((n) => n.VpcId ?? ''), next: output.NextToken, ref };
      }),
    ]);
    const interfacesByVpc: Collected<Record<string, number>> = interfaces.ok
      ? collected(
          interfaces.value.reduce<Record<string, number>>((acc, vpc) => {
            acc[vpc] = (acc[vpc] ?? 0) + 1;
            return acc;
          }, {}),
          interfaces.refs,
        )
      : interfaces;
    into.vpc = { vpcs, flowLogs, interfacesByVpc };
  },
};
