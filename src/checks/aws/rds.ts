// RDS: storage encryption, backup retention and Multi-AZ. A cluster (Aurora, Multi-AZ DB cluster) is
// judged as the cluster; its member instances (they carry DBClusterIdentifier) are not judged again.
import { z } from 'zod';
import type { EvidenceRef, FindingDraft, Resource } from '../../core/types.js';
import type { AwsAccountEvidence, AwsRegionEvidence } from '../../evidence/aws/index.js';
import type { RdsClusterEvidence, RdsInstanceEvidence } from '../../evidence/aws/rds.js';
import type { Evidence } from '../../evidence/index.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { errorFinding, firstFailure, forEachRegion, regionResource } from './common.js';
import { RDS_NEEDS } from '../../evidence/aws/rds.js';

const NEEDS = RDS_NEEDS;

export type RdsDatabase = { kind: 'instance'; db: RdsInstanceEvidence } | { kind: 'cluster'; db: RdsClusterEvidence };

const resourceOf = (account: AwsAccountEvidence, region: string, d: RdsDatabase): Resource => ({
  type: d.kind === 'cluster' ? 'aws.rds.cluster' : 'aws.rds.instance',
  id: d.db.arn,
  name: d.db.identifier,
  account: account.accountId,
  region,
});

const label = (d: RdsDatabase) => `${d.kind === 'cluster' ? 'DB cluster' : 'DB instance'} ${d.db.identifier}`;

/**
 * The databases judged in a region: every cluster, and every instance that is not a member of a
 * listed cluster. When a list could not be read, one `error` for the region says so.
 */
function forEachDatabase(
  evidence: Evidence,
  what: string,
  judge: (d: RdsDatabase, resource: Resource, refs: EvidenceRef[], out: FindingDraft[]) => void,
): FindingDraft[] {
  return forEachRegion(evidence, what, (account: AwsAccountEvidence, regional: AwsRegionEvidence, out) => {
    const region = regional.region;
    const { instances, clusters } = regional.rds ?? {};
    const failure = firstFailure(instances, clusters);
    const clusterList = clusters?.ok ? clusters.value : [];
    const clusterIds = new Set(clusterList.map((c) => c.identifier));
    const databases: Array<{ d: RdsDatabase; refs: EvidenceRef[] }> = [
      ...clusterList.map((db) => ({ d: { kind: 'cluster' as const, db }, refs: clusters!.refs })),
      ...(instances?.ok ? instances.value : [])
        // A member whose cluster we could not list is not judged alone: the region's error covers it.
        .filter((db) => !db.clusterIdentifier || (clusters?.ok === true && !clusterIds.has(db.clusterIdentifier)))
        .map((db) => ({ d: { kind: 'instance' as const, db }, refs: instances!.refs })),
    ];
    if (failure) out.push(errorFinding(regionResource(account, region), failure.error, `${what} in ${account.accountId}/${region}`, failure.refs));
    for (const { d, refs } of databases) judge(d, resourceOf(account, region, d), refs, out);
    if (!failure && databases.length === 0) {
      const members = instances?.ok ? instances.value.length : 0;
      out.push({
        status: 'not_applicable',
        resource: regionResource(account, region),
        message: `No RDS databases in ${account.accountId}/${region}.`,
        evidence: [...(instances?.refs ?? []), ...(clusters?.refs ?? [])],
        details: { instances: members, clusters: 0 },
      });
    }
  });
}

const storageEncrypted = defineCheck({
  id: 'aws.rds.storage-encrypted',
  title: 'RDS storage is encrypted',
  source: 'aws',
  severity: 'high',
  judges: 'RDS DB instances (not cluster members) and DB clusters',
  resourceType: 'aws.rds.instance',
  needs: [NEEDS.instances, NEEDS.clusters],
  remediation: {
    summary: 'Encryption cannot be turned on in place: snapshot the database, copy the snapshot with a KMS key, restore from the encrypted copy and cut over.',
    console: 'RDS → Snapshots → snapshot → Actions → Copy snapshot → Enable encryption; then Restore snapshot',
    cli: 'aws rds copy-db-snapshot --source-db-snapshot-identifier SNAP --target-db-snapshot-identifier SNAP-enc --kms-key-id KEY',
    terraform: `# Encryption is set at creation: restore an encrypted snapshot copy into a new instance or cluster.
resource "aws_db_instance" "this" {
  # … the instance's other arguments
  storage_encrypted = true
  kms_key_id        = aws_kms_key.rds.arn
}`,
  },
  evaluate(evidence) {
    return forEachDatabase(evidence, 'RDS storage encryption', (d, resource, refs, out) => {
      const details = { storageEncrypted: d.db.storageEncrypted, engine: d.db.engine };
      out.push(
        d.db.storageEncrypted
          ? { status: 'pass', resource, message: `${label(d)} has encrypted storage.`, evidence: refs, details }
          : { status: 'fail', resource, message: `${label(d)} stores its data unencrypted.`, evidence: refs, details },
      );
    });
  },
});

const backupParams = z.object({ minRetentionDays: z.number().int().positive().default(7) }).strict();

const backups = defineCheck<z.infer<typeof backupParams>>({
  id: 'aws.rds.backups',
  title: 'RDS backups are retained 7 days or more',
  source: 'aws',
  severity: 'medium',
  judges: 'RDS DB instances (not cluster members) and DB clusters',
  resourceType: 'aws.rds.instance',
  needs: [NEEDS.instances, NEEDS.clusters],
  params: backupParams,
  remediation: {
    summary: 'Set the automated backup retention period to at least 7 days.',
    console: 'RDS → Databases → database → Modify → Backup → Backup retention period',
    cli: 'aws rds modify-db-instance --db-instance-identifier DB --backup-retention-period 7 --apply-immediately  (clusters: modify-db-cluster)',
    terraform: `resource "aws_db_instance" "this" {
  # … the instance's other arguments (aws_rds_cluster takes the same one)
  backup_retention_period = 7
}`,
  },
  evaluate(evidence, ctx) {
    const min = ctx.params.minRetentionDays;
    return forEachDatabase(evidence, 'RDS backup retention', (d, resource, refs, out) => {
      const days = d.db.backupRetentionPeriod;
      const details = { backupRetentionPeriod: days, minimum: min };
      if (days >= min) out.push({ status: 'pass', resource, message: `${label(d)} keeps automated backups for ${days} days.`, evidence: refs, details });
      else
        out.push({
          status: 'fail',
          resource,
          message:
            days === 0
              ? `${label(d)} has automated backups turned off.`
              : `${label(d)} keeps automated backups for ${days} day${days === 1 ? '' : 's'}, less than ${min}.`,
          evidence: refs,
          details,
        });
    });
  },
});

const multiAz = defineCheck({
  id: 'aws.rds.multi-az',
  title: 'RDS databases are Multi-AZ',
  source: 'aws',
  severity: 'medium',
  judges: 'RDS DB instances (not Aurora or cluster members) and DB clusters',
  resourceType: 'aws.rds.instance',
  needs: [NEEDS.instances, NEEDS.clusters],
  remediation: {
    summary: 'Run the database across availability zones: Multi-AZ for an instance, a replica in a second AZ for an Aurora cluster.',
    console: 'RDS → Databases → database → Modify → Availability & durability → Create a standby instance (Aurora: Actions → Add reader in another AZ)',
    cli: 'aws rds modify-db-instance --db-instance-identifier DB --multi-az --apply-immediately',
    terraform: `resource "aws_db_instance" "this" {
  # … the instance's other arguments
  multi_az = true
}

# Aurora: add a reader in another availability zone.
resource "aws_rds_cluster_instance" "reader" {
  cluster_identifier = aws_rds_cluster.this.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.this.engine
  availability_zone  = "us-east-1b"
}`,
  },
  evaluate(evidence) {
    return forEachDatabase(evidence, 'RDS Multi-AZ', (d, resource, refs, out) => {
      const details = { multiAz: d.db.multiAz, ...(d.kind === 'cluster' ? { availabilityZones: d.db.availabilityZones, members: d.db.members.length } : {}) };
      out.push(
        d.db.multiAz
          ? { status: 'pass', resource, message: `${label(d)} runs in multiple availability zones.`, evidence: refs, details }
          : { status: 'fail', resource, message: `${label(d)} runs in a single availability zone.`, evidence: refs, details },
      );
    });
  },
});

export const awsRdsChecks: AnyCheck[] = [storageEncrypted, backups, multiAz];
