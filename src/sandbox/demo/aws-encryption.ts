// Demo company Kestrel Data, Inc.: S3, EBS, RDS, KMS and ELB state per account, with deliberate gaps
// in every encryption/resilience check and the traps a naive tool gets wrong: a PutObject-only TLS
// deny, a deny on only some objects, an AWS-managed key with rotation off, an Aurora cluster whose
// member instances look single-AZ with short backups, an HTTP listener that redirects to HTTPS.
import type { SandboxAwsAccount, SandboxAwsRegion } from '../aws/model.js';
import type { SandboxBucket, SandboxS3 } from '../aws/s3.js';
import type { SandboxEc2 } from '../aws/ec2.js';
import type { SandboxRds } from '../aws/rds.js';
import type { SandboxKms } from '../aws/kms.js';
import type { SandboxElb } from '../aws/elb.js';

type Regional = Record<string, Pick<SandboxAwsRegion, 'ec2' | 'rds' | 'kms' | 'elb'>>;

const ALL_BLOCKED = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** The statement every bucket should carry (AWS's documented example). */
export function denyInsecureTransport(bucket: string, sid = 'DenyInsecureTransport') {
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

const policy = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

function bucket(name: string, region: string, rest: Partial<SandboxBucket> = {}): SandboxBucket {
  return { name, region, encryption: { algorithm: 'AES256' }, ...rest };
}

const key = (accountId: string, region: string, id: string) => `arn:aws:kms:${region}:${accountId}:key/${id}`;

function managementState(id: string): { s3: SandboxS3; regional: Regional } {
  const trailKey = '0b7e4f10-1c2d-4e3f-8a9b-111122220001';
  return {
    s3: {
      accountPublicAccessBlock: ALL_BLOCKED,
      buckets: [
        bucket('kestrel-mgmt-cloudtrail-logs', 'us-east-1', {
          encryption: { algorithm: 'aws:kms', kmsKeyId: key(id, 'us-east-1', trailKey), bucketKeyEnabled: true },
          policy: policy(
            {
              Sid: 'AWSCloudTrailWrite',
              Effect: 'Allow',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: 'arn:aws:s3:::kestrel-mgmt-cloudtrail-logs/AWSLogs/*',
            },
            denyInsecureTransport('kestrel-mgmt-cloudtrail-logs', 'EnforceTLS'),
          ),
        }),
        // Gap: SSE-S3 (fine) but no policy, so plain-HTTP requests are not refused.
        bucket('kestrel-billing-reports', 'us-east-1'),
      ],
    },
    regional: {
      'eu-west-1': { ec2: { ebsEncryptionByDefault: true, volumes: [] }, rds: {}, kms: {}, elb: {} },
      'us-east-1': {
        ec2: { ebsEncryptionByDefault: true, volumes: [] },
        rds: {},
        kms: {
          keys: [
            { id: trailKey, manager: 'CUSTOMER', rotation: true, description: 'CloudTrail log encryption' },
            // Trap: AWS-managed keys are rotated by AWS; the API may still say rotation is off. Not judged.
            {
              id: '5a1c0de2-aaaa-4bbb-8ccc-111122220002',
              manager: 'AWS',
              rotation: false,
              description: 'Default key that protects my S3 objects when no other key is defined',
            },
          ],
        },
        elb: {},
      },
    },
  };
}

function prodState(id: string): { s3: SandboxS3; regional: Regional } {
  const dataKey = '7d3a9c41-2b5e-4f60-9a1d-444455550001';
  return {
    s3: {
      // No account-level block: each bucket must block on its own.
      buckets: [
        bucket('kestrel-prod-customer-data', 'eu-west-1', {
          encryption: { algorithm: 'aws:kms', kmsKeyId: key(id, 'eu-west-1', dataKey), bucketKeyEnabled: true },
          policy: policy(denyInsecureTransport('kestrel-prod-customer-data')),
          publicAccessBlock: ALL_BLOCKED,
        }),
        // Traps: the TLS deny covers only s3:PutObject; only the two ACL settings are blocked.
        bucket('kestrel-prod-uploads', 'eu-west-1', {
          policy: policy({
            Sid: 'DenyInsecureUploads',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:PutObject',
            Resource: 'arn:aws:s3:::kestrel-prod-uploads/*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false },
        }),
        // Trap: the TLS deny covers only some objects (reports/*), and not the bucket itself.
        bucket('kestrel-prod-backups', 'eu-west-1', {
          encryption: { algorithm: 'aws:kms:dsse', kmsKeyId: key(id, 'eu-west-1', dataKey) },
          policy: policy({
            Sid: 'DenyInsecureReports',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Resource: 'arn:aws:s3:::kestrel-prod-backups/reports/*',
            Condition: { Bool: { 'aws:SecureTransport': false } },
          }),
          publicAccessBlock: ALL_BLOCKED,
        }),
        // Gaps: a public website bucket without TLS enforcement or any public-access block.
        bucket('kestrel-prod-static-site', 'us-east-1', {
          policy: policy({ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::kestrel-prod-static-site/*' }),
        }),
        // Gap: an old bucket whose default encryption configuration was removed.
        bucket('kestrel-prod-legacy-exports', 'us-east-1', { encryption: null, publicAccessBlock: ALL_BLOCKED }),
      ],
    },
    regional: {
      'eu-west-1': {
        ec2: {
          ebsEncryptionByDefault: true,
          volumes: [
            { volumeId: 'vol-0a1b2c3d4e5f60001', encrypted: true, kmsKeyId: key(id, 'eu-west-1', dataKey), instanceId: 'i-0f1e2d3c4b5a60001' },
            { volumeId: 'vol-0a1b2c3d4e5f60002', encrypted: true, instanceId: 'i-0f1e2d3c4b5a60002' },
            { volumeId: 'vol-0a1b2c3d4e5f60003', encrypted: true },
            // Gap: created before encryption by default was turned on.
            { volumeId: 'vol-0a1b2c3d4e5f60004', encrypted: false, instanceId: 'i-0f1e2d3c4b5a60003', sizeGiB: 200 },
          ],
        } satisfies SandboxEc2,
        rds: {
          clusters: [
            {
              id: 'kestrel-prod-aurora',
              engine: 'aurora-postgresql',
              engineMode: 'provisioned',
              storageEncrypted: true,
              backupRetentionPeriod: 14,
              multiAz: true,
              availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
            },
          ],
          instances: [
            // Trap: Aurora members report MultiAZ=false and their own retention; the cluster is what counts.
            {
              id: 'kestrel-prod-aurora-1',
              engine: 'aurora-postgresql',
              storageEncrypted: true,
              backupRetentionPeriod: 1,
              multiAz: false,
              clusterId: 'kestrel-prod-aurora',
            },
            {
              id: 'kestrel-prod-aurora-2',
              engine: 'aurora-postgresql',
              storageEncrypted: true,
              backupRetentionPeriod: 1,
              multiAz: false,
              clusterId: 'kestrel-prod-aurora',
            },
            // Gaps: 3-day backups, single AZ.
            { id: 'kestrel-prod-reporting', engine: 'postgres', storageEncrypted: true, backupRetentionPeriod: 3, multiAz: false },
          ],
        } satisfies SandboxRds,
        kms: {
          keys: [
            { id: dataKey, manager: 'CUSTOMER', rotation: true, description: 'Customer data at rest' },
            // Gap: customer-managed, rotation off.
            { id: '7d3a9c41-2b5e-4f60-9a1d-444455550002', manager: 'CUSTOMER', rotation: false, description: 'Application secrets' },
            // Not judged: AWS-managed (rotation reported off), asymmetric, HMAC, disabled, pending deletion.
            {
              id: '7d3a9c41-2b5e-4f60-9a1d-444455550003',
              manager: 'AWS',
              rotation: false,
              description: 'Default key that protects my RDS database volumes when no other key is defined',
            },
            {
              id: '7d3a9c41-2b5e-4f60-9a1d-444455550004',
              manager: 'CUSTOMER',
              spec: 'RSA_2048',
              usage: 'SIGN_VERIFY',
              rotation: false,
              description: 'Webhook signing',
            },
            {
              id: '7d3a9c41-2b5e-4f60-9a1d-444455550005',
              manager: 'CUSTOMER',
              spec: 'HMAC_256',
              usage: 'GENERATE_VERIFY_MAC',
              rotation: false,
              description: 'Session token MAC',
            },
            { id: '7d3a9c41-2b5e-4f60-9a1d-444455550006', manager: 'CUSTOMER', state: 'Disabled', rotation: false, description: 'Retired 2024 key' },
            { id: '7d3a9c41-2b5e-4f60-9a1d-444455550007', manager: 'CUSTOMER', state: 'PendingDeletion', rotation: false, description: 'Old staging key' },
          ],
        } satisfies SandboxKms,
        elb: {
          v2: [
            // Trap: HTTP:80 redirects to HTTPS: fine.
            {
              name: 'kestrel-prod-web',
              type: 'application',
              listeners: [
                { protocol: 'HTTPS', port: 443 },
                { protocol: 'HTTP', port: 80, action: { type: 'redirect', protocol: 'HTTPS' } },
              ],
            },
            // Gap: HTTP:80 redirects to HTTPS by default, but a listener rule still forwards /legacy/* over plain HTTP.
            {
              name: 'kestrel-prod-shop',
              type: 'application',
              listeners: [
                { protocol: 'HTTPS', port: 443 },
                {
                  protocol: 'HTTP',
                  port: 80,
                  action: { type: 'redirect', protocol: 'HTTPS' },
                  rules: [
                    { path: '/.well-known/*', action: { type: 'redirect', protocol: 'HTTPS' } },
                    { path: '/legacy/*', action: { type: 'forward' } },
                  ],
                },
              ],
            },
            // Gap: an internal admin tool on plain HTTP.
            { name: 'kestrel-prod-admin', type: 'application', scheme: 'internal', listeners: [{ protocol: 'HTTP', port: 8080 }] },
            // Gap: a redirect that keeps the protocol (#{protocol}) is not an upgrade to HTTPS.
            {
              name: 'kestrel-prod-docs',
              type: 'application',
              listeners: [
                { protocol: 'HTTP', port: 80, action: { type: 'redirect' } },
                { protocol: 'HTTPS', port: 443 },
              ],
            },
            { name: 'kestrel-prod-api', type: 'network', listeners: [{ protocol: 'TLS', port: 443 }] },
            // Gap: MQTT over plain TCP.
            {
              name: 'kestrel-prod-mqtt',
              type: 'network',
              listeners: [
                { protocol: 'TCP', port: 1883 },
                { protocol: 'TLS', port: 8883 },
              ],
            },
          ],
        } satisfies SandboxElb,
      },
      'us-east-1': {
        ec2: {
          // Gap: encryption by default off in the second region.
          ebsEncryptionByDefault: false,
          volumes: [
            { volumeId: 'vol-0b2c3d4e5f6a70001', encrypted: true, instanceId: 'i-0a9b8c7d6e5f40001' },
            { volumeId: 'vol-0b2c3d4e5f6a70002', encrypted: false, instanceId: 'i-0a9b8c7d6e5f40002', sizeGiB: 50 },
          ],
        },
        rds: {
          // Gap: unencrypted (Multi-AZ and 7-day backups are fine).
          instances: [{ id: 'kestrel-prod-analytics', engine: 'mysql', storageEncrypted: false, backupRetentionPeriod: 7, multiAz: true }],
        },
        kms: { keys: [{ id: '7d3a9c41-2b5e-4f60-9a1d-444455550010', manager: 'AWS', rotation: true, description: 'Default key for EBS' }] },
        elb: {
          // Gap: a classic ELB still answering plain HTTP next to HTTPS.
          classic: [
            {
              name: 'kestrel-legacy-web',
              listeners: [
                { protocol: 'HTTP', port: 80 },
                { protocol: 'HTTPS', port: 443, instanceProtocol: 'HTTP', instancePort: 8080 },
              ],
            },
          ],
        },
      },
    },
  };
}

function stagingState(id: string): { s3: SandboxS3; regional: Regional } {
  return {
    s3: {
      accountPublicAccessBlock: ALL_BLOCKED,
      // This account's S3 does not name regions in ListBuckets: the collector asks GetBucketLocation.
      omitBucketRegion: true,
      buckets: [
        bucket('kestrel-staging-artifacts', 'eu-west-1', {
          policy: policy({
            Sid: 'TLSOnly',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['s3:*'],
            Resource: ['arn:aws:s3:::kestrel-staging-artifacts', 'arn:aws:s3:::kestrel-staging-artifacts/*'],
            Condition: { BoolIfExists: { 'aws:securetransport': false } },
          }),
        }),
        // Gap: the TLS deny applies to one role only.
        bucket('kestrel-staging-scratch', 'us-east-1', {
          policy: policy({
            Sid: 'DenyInsecureCI',
            Effect: 'Deny',
            Principal: { AWS: `arn:aws:iam::${id}:role/ci` },
            Action: 's3:*',
            Resource: ['arn:aws:s3:::kestrel-staging-scratch', 'arn:aws:s3:::kestrel-staging-scratch/*'],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        }),
      ],
    },
    regional: {
      'eu-west-1': {
        // Gaps: encryption by default off, and an unencrypted volume.
        ec2: {
          ebsEncryptionByDefault: false,
          volumes: [
            { volumeId: 'vol-0c3d4e5f6a7b80001', encrypted: false, instanceId: 'i-0c1d2e3f4a5b60001' },
            { volumeId: 'vol-0c3d4e5f6a7b80002', encrypted: true },
          ],
        },
        // Gaps: unencrypted, 1-day backups, single AZ.
        rds: { instances: [{ id: 'kestrel-staging-db', engine: 'postgres', storageEncrypted: false, backupRetentionPeriod: 1, multiAz: false }] },
        kms: { keys: [{ id: '3e9f1a2b-4c5d-4e6f-8a7b-777788880001', manager: 'CUSTOMER', rotation: false, description: 'Staging data' }] },
        elb: {},
      },
      'us-east-1': { ec2: { ebsEncryptionByDefault: false }, rds: {}, kms: {}, elb: {} },
    },
  };
}

export function encryptionState(accountId: string, regions: readonly string[]): Pick<SandboxAwsAccount, 's3'> & { regional: Regional } {
  switch (accountId) {
    case '111122223333':
      return managementState(accountId);
    case '444455556666':
      return prodState(accountId);
    case '777788889999':
      return stagingState(accountId);
    default:
      // An account with nothing in it (the suspended one is never entered).
      return { s3: {}, regional: Object.fromEntries(regions.map((r) => [r, { ec2: {}, rds: {}, kms: {}, elb: {} }])) };
  }
}
