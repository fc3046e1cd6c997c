// RDS (awsQuery, named list members): DescribeDBInstances, DescribeDBClusters, paginated by Marker.
import { AwsFault, page, type AwsServiceHandler } from './protocol.js';

export interface SandboxDbInstance {
  id: string;
  engine: string;
  storageEncrypted: boolean;
  backupRetentionPeriod: number;
  multiAz: boolean;
  /** Member of this cluster (Aurora or Multi-AZ DB cluster). */
  clusterId?: string;
  readReplicaSource?: string;
}

export interface SandboxDbCluster {
  id: string;
  engine: string;
  engineMode?: string;
  storageEncrypted: boolean;
  backupRetentionPeriod: number;
  multiAz: boolean;
  availabilityZones: string[];
}

export interface SandboxRds {
  instances?: SandboxDbInstance[];
  clusters?: SandboxDbCluster[];
}

function pageSize(raw: string | undefined, estate: number): number {
  const requested = raw ? Number(raw) : 100;
  if (requested < 20 || requested > 100)
    throw new AwsFault('InvalidParameterValue', `Invalid value ${requested} for MaxRecords. Must be between 20 and 100`, 400);
  return Math.min(requested, estate);
}

export const rdsHandler: AwsServiceHandler = {
  protocol: 'query',
  actionPrefix: 'rds',
  xmlns: 'http://rds.amazonaws.com/doc/2014-10-31/',
  listMembers: {
    DBInstances: 'DBInstance',
    DBClusters: 'DBCluster',
    DBClusterMembers: 'DBClusterMember',
    AvailabilityZones: 'AvailabilityZone',
  },
  handle(call) {
    const rds: SandboxRds = call.account.regions[call.region]?.rds ?? {};
    const arn = (kind: 'db' | 'cluster', id: string) => `arn:aws:rds:${call.region}:${call.account.id}:${kind}:${id}`;
    switch (call.operation) {
      case 'DescribeDBInstances': {
        const { items, next } = page(rds.instances ?? [], call.params.Marker, pageSize(call.params.MaxRecords, call.pageSize(100)));
        return {
          DBInstances: items.map((i) => ({
            DBInstanceIdentifier: i.id,
            DBInstanceClass: 'db.r6g.large',
            Engine: i.engine,
            DBInstanceStatus: 'available',
            AvailabilityZone: `${call.region}a`,
            BackupRetentionPeriod: i.backupRetentionPeriod,
            MultiAZ: i.multiAz,
            ReadReplicaSourceDBInstanceIdentifier: i.readReplicaSource,
            DBClusterIdentifier: i.clusterId,
            StorageEncrypted: i.storageEncrypted,
            KmsKeyId: i.storageEncrypted ? `arn:aws:kms:${call.region}:${call.account.id}:key/rds-default` : undefined,
            DBInstanceArn: arn('db', i.id),
          })),
          Marker: next,
        };
      }
      case 'DescribeDBClusters': {
        const { items, next } = page(rds.clusters ?? [], call.params.Marker, pageSize(call.params.MaxRecords, call.pageSize(100)));
        const instances = rds.instances ?? [];
        return {
          DBClusters: items.map((c) => ({
            AvailabilityZones: c.availabilityZones,
            BackupRetentionPeriod: c.backupRetentionPeriod,
            DBClusterIdentifier: c.id,
            Status: 'available',
            Engine: c.engine,
            EngineMode: c.engineMode,
            MultiAZ: c.multiAz,
            DBClusterMembers: instances
              .filter((i) => i.clusterId === c.id)
              .map((i, n) => ({ DBInstanceIdentifier: i.id, IsClusterWriter: n === 0, PromotionTier: 1 })),
            StorageEncrypted: c.storageEncrypted,
            DBClusterArn: arn('cluster', c.id),
          })),
          Marker: next,
        };
      }
      default:
        throw new AwsFault('InvalidAction', `sandbox RDS does not implement ${call.operation}`, 400);
    }
  },
};
