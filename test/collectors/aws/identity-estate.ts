// A small AWS estate for the identity/audit-log collector tests: a management account and two members
// (one of them empty), two regions, dates fixed relative to TEST_NOW.
import type { SandboxAwsAccount, SandboxAwsRegion } from '../../../src/sandbox/aws/model.js';
import type { SandboxCompany } from '../../../src/sandbox/company.js';
import type { SandboxIam } from '../../../src/sandbox/aws/iam.js';
import type { SandboxCloudTrail } from '../../../src/sandbox/aws/cloudtrail.js';
import type { SandboxConfigService } from '../../../src/sandbox/aws/config.js';
import type { SandboxGuardDuty } from '../../../src/sandbox/aws/guardduty.js';
import { TEST_NOW } from '../../helpers/sandbox.js';

export const MGMT = '100000000001';
export const APP = '200000000002';
export const EMPTY = '300000000003';
export const REGIONS = ['eu-west-1', 'us-east-1'] as const;
export const ROLE = 'audit-readonly';
export const IDENTITY_CHECKS = [
  'aws.iam.root-mfa',
  'aws.iam.root-access-keys',
  'aws.iam.user-console-mfa',
  'aws.iam.password-policy',
  'aws.iam.access-key-rotation',
  'aws.iam.unused-credentials',
  'aws.cloudtrail.multi-region',
  'aws.cloudtrail.log-validation',
  'aws.cloudtrail.kms-encrypted',
  'aws.config.recorder',
  'aws.guardduty.enabled',
];

export const daysAgo = (n: number) => new Date(TEST_NOW.getTime() - n * 86_400_000).toISOString();

interface Regional {
  config: SandboxConfigService;
  guardduty: SandboxGuardDuty;
}

function acct(
  id: string,
  name: string,
  roles: string[],
  iam: SandboxIam,
  cloudtrail: SandboxCloudTrail,
  regional: Record<string, Regional>,
): SandboxAwsAccount {
  const regions: Record<string, SandboxAwsRegion> = {};
  for (const r of REGIONS)
    regions[r] = { ...(regional[r] ?? { config: { recorders: [] }, guardduty: { detectors: [] } }), ec2: {}, rds: {}, kms: {}, elb: {} } as SandboxAwsRegion;
  return { id, name, email: `${name}@example.test`, status: 'ACTIVE', roles, regions, iam, cloudtrail, s3: {} };
}

const recorderOk = { name: 'default', allSupported: true, includeGlobalResourceTypes: true, recording: true, lastStatus: 'Success' as const };

export function identityEstate(): SandboxCompany {
  const mgmt = acct(
    MGMT,
    'management',
    [],
    {
      root: { mfa: true, accessKeys: [], passwordLastUsed: daysAgo(30), createdAt: '2019-01-01T00:00:00Z' },
      passwordPolicy: { MinimumPasswordLength: 16 },
      reportGenerationPolls: 3,
      users: [
        { name: 'ops', createdAt: daysAgo(500), password: { lastUsed: daysAgo(1), lastChanged: daysAgo(50) }, mfa: true, accessKeys: [] },
        { name: 'nomfa', createdAt: daysAgo(500), password: { lastUsed: 'no_information', lastChanged: daysAgo(400) }, mfa: false, accessKeys: [] },
        { name: 'old-key', createdAt: daysAgo(500), mfa: false, accessKeys: [{ active: true, lastRotated: daysAgo(200), lastUsed: daysAgo(2) }] },
        { name: 'never-used-key', createdAt: daysAgo(300), mfa: false, accessKeys: [{ active: true, lastRotated: daysAgo(95), lastUsed: 'N/A' }] },
      ],
    },
    {
      trails: [
        {
          name: 'org',
          homeRegion: 'us-east-1',
          multiRegion: true,
          organization: true,
          logging: true,
          logFileValidation: true,
          kmsKeyId: `arn:aws:kms:us-east-1:${MGMT}:key/k1`,
          s3BucketName: 'org-trail',
        },
      ],
    },
    {
      'eu-west-1': {
        config: { recorders: [recorderOk] },
        guardduty: {
          detectors: [
            { id: 'dis', status: 'DISABLED' },
            { id: 'en', status: 'ENABLED' },
          ],
        },
      },
      'us-east-1': {
        config: { recorders: [{ ...recorderOk, allSupported: false, resourceTypes: ['AWS::S3::Bucket'] }] },
        guardduty: { detectors: [{ id: 'en2', status: 'ENABLED' }] },
      },
    },
  );
  const app = acct(
    APP,
    'app',
    [ROLE],
    {
      root: {
        mfa: false,
        accessKeys: [{ active: true, lastRotated: '2020-01-01T00:00:00Z', lastUsed: daysAgo(10) }],
        passwordLastUsed: 'N/A',
        createdAt: '2020-01-01T00:00:00Z',
      },
      reportExpiresOnce: true,
      users: [
        { name: 'dev', path: '/team/', createdAt: daysAgo(200), password: { lastUsed: 'N/A', lastChanged: daysAgo(200) }, mfa: false, accessKeys: [] },
        {
          name: 'ci',
          createdAt: daysAgo(100),
          mfa: false,
          accessKeys: [
            { active: true, lastRotated: daysAgo(20), lastUsed: daysAgo(1) },
            { active: false, lastRotated: daysAgo(300), lastUsed: 'N/A' },
          ],
        },
        { name: 'garbled', createdAt: daysAgo(100), mfa: false, accessKeys: [{ active: true, lastRotated: daysAgo(20), lastUsed: 'yesterday-ish' }] },
      ],
    },
    {
      trails: [
        // Multi-region but not logging; its shadow shows in eu-west-1 too.
        { name: 'app-trail', homeRegion: 'us-east-1', multiRegion: true, logging: false, logFileValidation: false, s3BucketName: 'app-trail' },
        { name: 'app-eu', homeRegion: 'eu-west-1', multiRegion: false, logging: true, logFileValidation: true, s3BucketName: 'app-eu' },
      ],
    },
    {
      'eu-west-1': { config: { recorders: [{ ...recorderOk, recording: false }] }, guardduty: { detectors: [{ id: 'app1', status: 'ENABLED' }] } },
      'us-east-1': { config: { recorders: [{ ...recorderOk, lastStatus: 'Failure', lastErrorCode: 'AccessDenied' }] }, guardduty: { detectors: [] } },
    },
  );
  const empty = acct(
    EMPTY,
    'empty',
    [ROLE],
    {
      root: { mfa: true, accessKeys: [], passwordLastUsed: 'N/A', createdAt: '2024-01-01T00:00:00Z' },
      users: [],
      passwordPolicy: { MinimumPasswordLength: 14 },
    },
    { trails: [] },
    {},
  );
  return {
    name: 'Identity Test Co',
    aws: { managementAccountId: MGMT, callerUserName: 'auditor', organization: true, accounts: [mgmt, app, empty], pageSize: 1 },
  };
}

export const identityConfig = () => ({
  organization: 'Identity Test Co',
  period: { start: '2026-07-01', end: '2026-09-30' },
  aws: { organization: true, roleName: ROLE, regions: [...REGIONS] },
});
