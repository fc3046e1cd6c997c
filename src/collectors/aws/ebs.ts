// EBS (EC2 API), per region: encryption by default, and every volume (paginated).
import {
  DescribeVolumesCommand,
  GetEbsEncryptionByDefaultCommand,
  type DescribeVolumesCommandOutput,
  type GetEbsEncryptionByDefaultCommandOutput,
} from '@aws-sdk/client-ec2';
import { collected, type EvidenceRef } from '../../core/types.js';
import type { EbsVolumeEvidence } from '../../evidence/aws/ebs.js';
import { allPages, attempt, type AwsServiceCollectors } from './collector.js';
import { EBS_NEEDS } from '../../evidence/aws/ebs.js';

// DescribeVolumes returns at most 500 items a page whatever MaxResults says.
const VOLUME_PAGE = 500;

export const ebsCollectors: AwsServiceCollectors = {
  account: [],
  region: [
    {
      provides: [EBS_NEEDS.encryptionByDefault],
      async collect({ session, region }, into) {
        const result = await attempt(async () => {
          const { output, ref } = await session.send<GetEbsEncryptionByDefaultCommandOutput>('ec2', region, new GetEbsEncryptionByDefaultCommand({}));
          return collected({ enabled: output.EbsEncryptionByDefault === true }, [ref]);
        });
        into.ebs = { ...into.ebs, encryptionByDefault: result };
      },
    },
    {
      provides: [EBS_NEEDS.volumes],
      async collect({ session, region }, into) {
        const result = await attempt(async () => {
          const refs: EvidenceRef[] = [];
          const pages = await allPages(async (token) => {
            const { output, ref } = await session.send<DescribeVolumesCommandOutput>(
              'ec2',
              region,
              new DescribeVolumesCommand({ MaxResults: VOLUME_PAGE, ...(token ? { NextToken: token } : {}) }),
            );
            refs.push(ref);
            return { page: output.Volumes ?? [], next: output.NextToken };
          });
          const volumes = pages.flat().map(
            (v): EbsVolumeEvidence => ({
              volumeId: v.VolumeId ?? '',
              encrypted: v.Encrypted === true,
              ...(v.KmsKeyId ? { kmsKeyId: v.KmsKeyId } : {}),
              ...(v.State ? { state: String(v.State) } : {}),
              ...(v.Size !== undefined ? { sizeGiB: v.Size } : {}),
              ...(v.AvailabilityZone ? { availabilityZone: v.AvailabilityZone } : {}),
              attachedTo: (v.Attachments ?? []).map((a) => a.InstanceId ?? '').filter(Boolean),
            }),
          );
          return collected(volumes, refs);
        });
        into.ebs = { ...into.ebs, volumes: result };
      },
    },
  ],
};
