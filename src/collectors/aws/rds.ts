// RDS, per region: DB instances and DB clusters (Aurora, Multi-AZ DB clusters), every page.
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  type DescribeDBClustersCommandOutput,
  type DescribeDBInstancesCommandOutput,
} from '@aws-sdk/client-rds';
import { collected, type EvidenceRef } from '../../core/types.js';
import type { RdsClusterEvidence, RdsInstanceEvidence } from '../../evidence/aws/rds.js';
import { allPages, attempt, type AwsServiceCollectors } from './collector.js';
import { RDS_NEEDS } from '../../evidence/aws/rds.js';

const PAGE = 100;

export const rdsCollectors: AwsServiceCollectors = {
  account: [],
  region: [
    {
      provides: [RDS_NEEDS.instances],
      async collect({ session, region }, into) {
        const result = await attempt(async () => {
          const refs: EvidenceRef[] = [];
          const pages = await allPages(async (token) => {
            const { output, ref } = await session.send<DescribeDBInstancesCommandOutput>(
              'rds',
              region,
              new DescribeDBInstancesCommand({ MaxRecords: PAGE, ...(token ? { Marker: token } : {}) }),
            );
            refs.push(ref);
            return { page: output.DBInstances ?? [], next: output.Marker };
          });
          const instances = pages.flat().map(
            (i): RdsInstanceEvidence => ({
              identifier: i.DBInstanceIdentifier ?? '',
              arn: i.DBInstanceArn ?? '',
              engine: i.Engine ?? '',
              storageEncrypted: i.StorageEncrypted === true,
              backupRetentionPeriod: i.BackupRetentionPeriod ?? 0,
              multiAz: i.MultiAZ === true,
              ...(i.DBClusterIdentifier ? { clusterIdentifier: i.DBClusterIdentifier } : {}),
              ...(i.ReadReplicaSourceDBInstanceIdentifier ? { readReplicaSource: i.ReadReplicaSourceDBInstanceIdentifier } : {}),
              ...(i.DBInstanceStatus ? { status: i.DBInstanceStatus } : {}),
            }),
          );
          return collected(instances, refs);
        });
        into.rds = { ...into.rds, instances: result };
      },
    },
    {
      provides: [RDS_NEEDS.clusters],
      async collect({ session, region }, into) {
        const result = await attempt(async () => {
          const refs: EvidenceRef[] = [];
          const pages = await allPages(async (token) => {
            const { output, ref } = await session.send<DescribeDBClustersCommandOutput>(
              'rds',
              region,
              new DescribeDBClustersCommand({ MaxRecords: PAGE, ...(token ? { Marker: token } : {}) }),
            );
            refs.push(ref);
            return { page: output.DBClusters ?? [], next: output.Marker };
          });
          const clusters = pages.flat().map(
            (c): RdsClusterEvidence => ({
              identifier: c.DBClusterIdentifier ?? '',
              arn: c.DBClusterArn ?? '',
              engine: c.Engine ?? '',
              ...(c.EngineMode ? { engineMode: c.EngineMode } : {}),
              storageEncrypted: c.StorageEncrypted === true,
              backupRetentionPeriod: c.BackupRetentionPeriod ?? 0,
              multiAz: c.MultiAZ === true,
              availabilityZones: c.AvailabilityZones ?? [],
              members: (c.DBClusterMembers ?? []).map((m) => m.DBInstanceIdentifier ?? '').filter(Boolean),
              ...(c.Status ? { status: c.Status } : {}),
            }),
          );
          return collected(clusters, refs);
        });
        into.rds = { ...into.rds, clusters: result };
      },
    },
  ],
};
