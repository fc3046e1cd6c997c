import { describe, expect, it } from 'vitest';
import { awsRdsChecks } from '../../../src/checks/aws/rds.js';
import type { RdsClusterEvidence, RdsInstanceEvidence, RdsRegionEvidence } from '../../../src/evidence/aws/rds.js';
import { ACCT, account, broken, byId, denied, evaluate, evidenceOf, ok, regional, statuses } from './encryption-evidence.js';

const encrypted = byId(awsRdsChecks, 'aws.rds.storage-encrypted');
const backups = byId(awsRdsChecks, 'aws.rds.backups');
const multiAz = byId(awsRdsChecks, 'aws.rds.multi-az');

const R = 'eu-west-1';
const dbArn = (id: string) => `arn:aws:rds:${R}:${ACCT}:db:${id}`;
const clusterArn = (id: string) => `arn:aws:rds:${R}:${ACCT}:cluster:${id}`;
const instance = (id: string, patch: Partial<RdsInstanceEvidence> = {}): RdsInstanceEvidence => ({
  identifier: id,
  arn: dbArn(id),
  engine: 'postgres',
  storageEncrypted: true,
  backupRetentionPeriod: 7,
  multiAz: true,
  ...patch,
});
const cluster = (id: string, patch: Partial<RdsClusterEvidence> = {}): RdsClusterEvidence => ({
  identifier: id,
  arn: clusterArn(id),
  engine: 'aurora-postgresql',
  storageEncrypted: true,
  backupRetentionPeriod: 7,
  multiAz: true,
  availabilityZones: ['a', 'b'],
  members: [],
  ...patch,
});
const withRds = (rds: RdsRegionEvidence | undefined) => evidenceOf(account({ regional: [regional(R, rds ? { rds } : {})] }));

describe('RDS checks, per database', () => {
  const rows: Array<[string, Partial<RdsInstanceEvidence>, string, string, string]> = [
    ['healthy', {}, 'pass', 'pass', 'pass'],
    ['unencrypted', { storageEncrypted: false }, 'fail', 'pass', 'pass'],
    ['backups off (0 days)', { backupRetentionPeriod: 0 }, 'pass', 'fail', 'pass'],
    ['6 days', { backupRetentionPeriod: 6 }, 'pass', 'fail', 'pass'],
    ['exactly 7 days', { backupRetentionPeriod: 7 }, 'pass', 'pass', 'pass'],
    ['35 days', { backupRetentionPeriod: 35 }, 'pass', 'pass', 'pass'],
    ['single AZ', { multiAz: false }, 'pass', 'pass', 'fail'],
  ];
  it.each(rows)('instance %s', (_n, patch, enc, bak, maz) => {
    const ev = withRds({ instances: ok([instance('db1', patch)]), clusters: ok([]) });
    expect(evaluate(encrypted, ev)).toMatchObject([{ status: enc, resource: { id: dbArn('db1'), type: 'aws.rds.instance' } }]);
    expect(evaluate(backups, ev)).toMatchObject([{ status: bak }]);
    expect(evaluate(multiAz, ev)).toMatchObject([{ status: maz }]);
  });
  it.each(rows)('cluster %s', (_n, patch, enc, bak, maz) => {
    const ev = withRds({ instances: ok([]), clusters: ok([cluster('c1', patch)]) });
    expect(evaluate(encrypted, ev)).toMatchObject([{ status: enc, resource: { id: clusterArn('c1'), type: 'aws.rds.cluster' } }]);
    expect(evaluate(backups, ev)).toMatchObject([{ status: bak }]);
    expect(evaluate(multiAz, ev)).toMatchObject([{ status: maz }]);
  });

  it('an Aurora cluster is judged as the cluster, never through its members', () => {
    const members = [
      instance('aurora-1', { clusterIdentifier: 'aurora', multiAz: false, backupRetentionPeriod: 1 }),
      instance('aurora-2', { clusterIdentifier: 'aurora', multiAz: false, backupRetentionPeriod: 1 }),
    ];
    const ev = withRds({
      instances: ok([...members, instance('solo', { multiAz: false })]),
      clusters: ok([cluster('aurora', { members: ['aurora-1', 'aurora-2'], backupRetentionPeriod: 14 })]),
    });
    expect(statuses(evaluate(multiAz, ev))).toEqual({ [clusterArn('aurora')]: 'pass', [dbArn('solo')]: 'fail' });
    expect(statuses(evaluate(backups, ev))).toEqual({ [clusterArn('aurora')]: 'pass', [dbArn('solo')]: 'pass' });
  });

  it('the retention threshold is a parameter', () => {
    const ev = withRds({ instances: ok([instance('db1', { backupRetentionPeriod: 10 })]), clusters: ok([]) });
    expect(evaluate(backups, ev, { minRetentionDays: 14 })).toMatchObject([{ status: 'fail', details: { backupRetentionPeriod: 10, minimum: 14 } }]);
  });

  it('a member whose cluster list could not be read is not judged alone', () => {
    const ev = withRds({ instances: ok([instance('aurora-1', { clusterIdentifier: 'aurora', multiAz: false })]), clusters: denied('rds:DescribeDBClusters') });
    expect(evaluate(multiAz, ev)).toMatchObject([{ status: 'error', resource: { id: `${ACCT}/${R}` }, missing: 'rds:DescribeDBClusters' }]);
  });

  it('a failed instance list is an error on the region, clusters still judged', () => {
    const ev = withRds({ instances: denied('rds:DescribeDBInstances'), clusters: ok([cluster('c1')]) });
    expect(statuses(evaluate(encrypted, ev))).toEqual({ [`${ACCT}/${R}`]: 'error', [clusterArn('c1')]: 'pass' });
  });

  const empties: Array<[string, RdsRegionEvidence | undefined, string]> = [
    ['no databases', { instances: ok([]), clusters: ok([]) }, 'not_applicable'],
    ['both lists failed', { instances: broken(), clusters: broken() }, 'error'],
    ['not collected', undefined, 'error'],
  ];
  it.each(empties)('%s → %s on the region', (_n, rds, status) => {
    for (const check of [encrypted, backups, multiAz]) expect(evaluate(check, withRds(rds))).toMatchObject([{ status, resource: { id: `${ACCT}/${R}` } }]);
  });
});
