import type { Collected } from '../../core/types.js';

export interface EbsVolumeEvidence {
  volumeId: string;
  encrypted: boolean;
  kmsKeyId?: string;
  state?: string;
  sizeGiB?: number;
  availabilityZone?: string;
  /** Instance ids the volume is attached to. */
  attachedTo: string[];
}

export interface EbsRegionEvidence {
  /** `GetEbsEncryptionByDefault`. */
  encryptionByDefault?: Collected<{ enabled: boolean }>;
  /** `DescribeVolumes`, every page. */
  volumes?: Collected<EbsVolumeEvidence[]>;
}

/** Evidence keys: checks name them in `needs`; the collector reads only what is needed. */
export const EBS_NEEDS = { encryptionByDefault: 'aws.ebs.encryptionByDefault', volumes: 'aws.ebs.volumes' } as const;
