// EC2 (ec2Query) VPC reads: DescribeVpcs, DescribeFlowLogs, DescribeNetworkInterfaces, paginated
// with MaxResults/NextToken as EC2 does (MaxResults 5–1000 for VPCs and interfaces).
import { AwsFault, page, type AwsCall } from './protocol.js';

export interface SandboxFlowLog {
  id: string;
  /** Attached to the VPC itself (default), or to one of its subnets (does not cover the VPC). */
  level?: 'vpc' | 'subnet';
  status?: 'ACTIVE';
  deliver?: 'SUCCESS' | 'FAILED';
  error?: string;
  destination?: 'cloud-watch-logs' | 's3' | 'kinesis-data-firehose';
}

export interface SandboxVpc {
  id: string;
  name?: string;
  isDefault?: boolean;
  cidr?: string;
  networkInterfaces: number;
  flowLogs?: SandboxFlowLog[];
}

function pageSize(call: AwsCall, min: number): number {
  const requested = call.params.MaxResults ? Number(call.params.MaxResults) : undefined;
  if (requested !== undefined && (requested < min || requested > 1000))
    throw new AwsFault('InvalidParameterValue', `Value (${requested}) for parameter maxResults is invalid. Expecting a value between ${min} and 1000.`, 400);
  return Math.min(requested ?? 1000, call.pageSize(1000));
}

/** Undefined when the operation is not a VPC read (the EC2 handler then answers InvalidAction). */
export function vpcOperation(call: AwsCall): unknown {
  const vpcs = call.account.regions[call.region]?.vpcs ?? [];
  switch (call.operation) {
    case 'DescribeVpcs': {
      const { items, next } = page(vpcs, call.params.NextToken, pageSize(call, 5));
      return {
        vpcSet: items.map((v) => ({
          vpcId: v.id,
          ownerId: call.account.id,
          state: 'available',
          cidrBlock: v.cidr ?? '10.0.0.0/16',
          dhcpOptionsId: 'dopt-0a1b2c3d',
          instanceTenancy: 'default',
          isDefault: v.isDefault === true,
          tagSet: v.name ? [{ key: 'Name', value: v.name }] : [],
        })),
        ...(next ? { nextToken: next } : {}),
      };
    }
    case 'DescribeFlowLogs': {
      const logs = vpcs.flatMap((v) => (v.flowLogs ?? []).map((f) => ({ vpc: v, f })));
      const { items, next } = page(logs, call.params.NextToken, pageSize(call, 1));
      return {
        flowLogSet: items.map(({ vpc, f }) => ({
          creationTime: '2025-04-01T10:00:00.000Z',
          deliverLogsStatus: f.deliver ?? 'SUCCESS',
          ...(f.error ? { deliverLogsErrorMessage: f.error } : {}),
          flowLogId: f.id,
          flowLogStatus: f.status ?? 'ACTIVE',
          resourceId: f.level === 'subnet' ? `subnet-${vpc.id.slice(4)}` : vpc.id,
          trafficType: 'ALL',
          logDestinationType: f.destination ?? 'cloud-watch-logs',
          maxAggregationInterval: 600,
        })),
        ...(next ? { nextToken: next } : {}),
      };
    }
    case 'DescribeNetworkInterfaces': {
      const enis = vpcs.flatMap((v) => Array.from({ length: v.networkInterfaces }, (_, n) => ({ vpc: v, n })));
      const { items, next } = page(enis, call.params.NextToken, pageSize(call, 5));
      return {
        networkInterfaceSet: items.map(({ vpc, n }) => ({
          networkInterfaceId: `eni-${vpc.id.slice(4, 12)}${n.toString(16).padStart(9, '0')}`,
          subnetId: `subnet-${vpc.id.slice(4)}`,
          vpcId: vpc.id,
          availabilityZone: `${call.region}a`,
          ownerId: call.account.id,
          status: 'in-use',
          privateIpAddress: `10.0.${Math.floor(n / 250)}.${(n % 250) + 4}`,
          interfaceType: 'interface',
        })),
        ...(next ? { nextToken: next } : {}),
      };
    }
    default:
      return undefined;
  }
}
