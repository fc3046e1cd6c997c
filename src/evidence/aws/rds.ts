import type { Collected } from '../../core/types.js';

/** One `DescribeDBInstances` entry. */
export interface RdsInstanceEvidence {
  identifier: string;
  arn: string;
  engine: string;
  storageEncrypted: boolean;
  backupRetentionPeriod: number;
  multiAz: boolean;
  /** Set when the instance belongs to a cluster (Aurora, Multi-AZ DB cluster): the cluster is judged instead. */
  clusterIdentifier?: string;
  /** Set on read replicas. */
  readReplicaSource?: string;
  status?: string;
}

/** One `DescribeDBClusters` entry. */
export interface RdsClusterEvidence {
  identifier: string;
  arn: string;
  engine: string;
  engineMode?: string;
  storageEncrypted: boolean;
  backupRetentionPeriod: number;
  multiAz: boolean;
  availabilityZones: string[];
  members: string[];
  status?: string;
}

export interface RdsRegionEvidence {
  instances?: Collected<RdsInstanceEvidence[]>;
  clusters?: Collected<RdsClusterEvidence[]>;
}

/** Evidence keys: checks name them in `needs`; the collector reads only what is needed. */
export const RDS_NEEDS = { instances: 'aws.rds.instances', clusters: 'aws.rds.clusters' } as const;
