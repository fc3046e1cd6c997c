// EC2 (ec2Query): DescribeRegions, and EBS: GetEbsEncryptionByDefault, DescribeVolumes (paginated).
import { AwsFault, page, type AwsServiceHandler } from './protocol.js';
import { vpcOperation } from './ec2-vpc.js';

export interface SandboxVolume {
  volumeId: string;
  encrypted: boolean;
  kmsKeyId?: string;
  sizeGiB?: number;
  availabilityZone?: string;
  state?: 'creating' | 'available' | 'in-use' | 'deleting' | 'deleted' | 'error';
  instanceId?: string;
}

/** Per-region EC2 state. */
export interface SandboxEc2 {
  ebsEncryptionByDefault?: boolean;
  volumes?: SandboxVolume[];
}

export const ec2Handler: AwsServiceHandler = {
  protocol: 'ec2',
  actionPrefix: 'ec2',
  handle(call) {
    const ec2: SandboxEc2 = call.account.regions[call.region]?.ec2 ?? {};
    switch (call.operation) {
      case 'DescribeRegions':
        return {
          regionInfo: Object.keys(call.account.regions)
            .sort()
            .map((name) => ({ regionName: name, regionEndpoint: `ec2.${name}.amazonaws.com`, optInStatus: 'opt-in-not-required' })),
        };
      case 'GetEbsEncryptionByDefault':
        return { ebsEncryptionByDefault: ec2.ebsEncryptionByDefault === true, sseType: 'sse-ebs' };
      case 'DescribeVolumes': {
        const requested = call.params.MaxResults ? Number(call.params.MaxResults) : undefined;
        if (requested !== undefined && requested < 5)
          throw new AwsFault('InvalidParameterValue', `Value (${requested}) for parameter maxResults is invalid. Expecting a value greater than 5.`, 400);
        const size = Math.min(requested ?? 500, 500, call.pageSize(500));
        const { items, next } = page(ec2.volumes ?? [], call.params.NextToken, size);
        return {
          volumeSet: items.map((v) => ({
            volumeId: v.volumeId,
            size: v.sizeGiB ?? 20,
            snapshotId: '',
            availabilityZone: v.availabilityZone ?? `${call.region}a`,
            status: v.state ?? (v.instanceId ? 'in-use' : 'available'),
            createTime: '2025-01-15T10:00:00.000Z',
            attachmentSet: v.instanceId
              ? [
                  {
                    volumeId: v.volumeId,
                    instanceId: v.instanceId,
                    device: '/dev/xvda',
                    status: 'attached',
                    attachTime: '2025-01-15T10:01:00.000Z',
                    deleteOnTermination: true,
                  },
                ]
              : [],
            volumeType: 'gp3',
            encrypted: v.encrypted,
            ...(v.kmsKeyId ? { kmsKeyId: v.kmsKeyId } : {}),
          })),
          ...(next ? { nextToken: next } : {}),
        };
      }
      default: {
        const vpcRead = vpcOperation(call);
        if (vpcRead !== undefined) return vpcRead;
        throw new AwsFault('InvalidAction', `The action ${call.operation} is not valid for this web service.`, 400);
      }
    }
  },
};
