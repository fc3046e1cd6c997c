// Demo company: IAM, CloudTrail, Config and GuardDuty state per account, with deliberate gaps in every
// identity and logging check and the traps real estates have (credential-report oddities, shadow
// trails, an organization trail seen from members, a write-only trail, partial Config recording…).
// Dates are relative to when the sandbox starts, so the demo's verdicts do not drift with the calendar.
import type { SandboxAwsAccount, SandboxAwsRegion } from '../aws/model.js';
import type { SandboxIam } from '../aws/iam.js';
import type { SandboxCloudTrail } from '../aws/cloudtrail.js';
import type { SandboxConfigService } from '../aws/config.js';
import type { SandboxGuardDuty } from '../aws/guardduty.js';

const MANAGEMENT = '111122223333';
const PROD = '444455556666';
const STAGING = '777788889999';

type IdentityState = Pick<SandboxAwsAccount, 'iam' | 'cloudtrail'> & { regional: Record<string, Pick<SandboxAwsRegion, 'config' | 'guardduty'>> };

/** The estate's "today": set by identityState for the estate it builds (`demo --history` builds past months). */
let asOfMs = Date.now();
const daysAgo = (n: number, now = asOfMs) => new Date(now - n * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const allRecorded = (name = 'default'): SandboxConfigService => ({
  recorders: [{ name, allSupported: true, includeGlobalResourceTypes: true, recording: true, lastStatus: 'Success' }],
});
const enabledDetector = (id: string): SandboxGuardDuty => ({ detectors: [{ id, status: 'ENABLED', findingPublishingFrequency: 'SIX_HOURS' }] });

function management(): IdentityState {
  const iam: SandboxIam = {
    root: { mfa: true, accessKeys: [], passwordLastUsed: daysAgo(41), createdAt: '2019-04-02T10:00:00Z' },
    passwordPolicy: {
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      ExpirePasswords: false,
      PasswordReusePrevention: 24,
    },
    // The report is still being generated on the first poll, as on a real account.
    reportGenerationPolls: 1,
    users: [
      {
        name: 'soc2-evidence',
        createdAt: daysAgo(60),
        mfa: false,
        accessKeys: [{ active: true, lastRotated: daysAgo(60), lastUsed: daysAgo(0), lastUsedService: 'iam' }],
      },
      { name: 'alice.admin', createdAt: '2021-06-01T09:00:00Z', password: { lastUsed: daysAgo(2), lastChanged: daysAgo(80) }, mfa: true, accessKeys: [] },
      // Gap: an active deploy key from long ago, still in daily use.
      {
        name: 'deploy-bot',
        createdAt: '2022-01-10T09:00:00Z',
        mfa: false,
        accessKeys: [
          { active: true, lastRotated: daysAgo(412), lastUsed: daysAgo(1), lastUsedService: 's3' },
          { active: false, lastRotated: daysAgo(900), lastUsed: daysAgo(700) },
        ],
      },
      // Gap: a key created 200 days ago and never used (`N/A`): unused counts from its creation.
      { name: 'legacy-ci', createdAt: daysAgo(220), mfa: false, accessKeys: [{ active: true, lastRotated: daysAgo(200), lastUsed: 'N/A' }] },
      // Gap: console password without MFA, last use unknown to IAM (`no_information`).
      {
        name: 'former-contractor',
        path: '/contractors/',
        createdAt: '2019-09-01T09:00:00Z',
        password: { lastUsed: 'no_information', lastChanged: '2019-09-01T09:00:00Z' },
        mfa: false,
        accessKeys: [],
      },
    ],
  };
  const cloudtrail: SandboxCloudTrail = {
    trails: [
      // The organization trail: multi-region, in every member account too, but it records only writes.
      {
        name: 'kestrel-org-trail',
        homeRegion: 'us-east-1',
        multiRegion: true,
        organization: true,
        logging: true,
        logFileValidation: true,
        kmsKeyId: `arn:aws:kms:us-east-1:${MANAGEMENT}:key/6f1c2d3e-1111-4a5b-9c8d-0e1f2a3b4c5d`,
        s3BucketName: 'kestrel-org-cloudtrail',
        cloudWatchLogsLogGroup: 'aws-cloudtrail-logs-kestrel-org',
        eventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
      },
    ],
  };
  return {
    iam,
    cloudtrail,
    regional: {
      'eu-west-1': { config: allRecorded(), guardduty: enabledDetector('a1b2c3d4e5f60718293a4b5c6d7e8f90') },
      // Gap: the recorder runs but its last delivery failed (the bucket was deleted).
      'us-east-1': {
        config: {
          recorders: [
            {
              name: 'default',
              allSupported: true,
              includeGlobalResourceTypes: true,
              recording: true,
              lastStatus: 'Failure',
              lastErrorCode: 'NoSuchBucket',
              lastErrorMessage: 'The specified bucket does not exist',
            },
          ],
        },
        guardduty: enabledDetector('b1b2c3d4e5f60718293a4b5c6d7e8f91'),
      },
    },
  };
}

function prod(): IdentityState {
  const iam: SandboxIam = {
    // Gap: the root user still has an active access key.
    root: {
      mfa: true,
      accessKeys: [{ active: true, lastRotated: '2020-02-14T12:00:00Z', lastUsed: daysAgo(150), lastUsedService: 'ec2' }],
      passwordLastUsed: 'N/A',
      createdAt: '2020-02-14T11:00:00Z',
    },
    // Gap: 8 characters is far too short.
    passwordPolicy: {
      MinimumPasswordLength: 8,
      RequireSymbols: false,
      RequireNumbers: true,
      RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
    },
    users: [
      // No MFA, on purpose: accepted by an exception in the demo config.
      { name: 'break-glass', createdAt: '2021-01-05T09:00:00Z', password: { lastUsed: daysAgo(20), lastChanged: daysAgo(20) }, mfa: false, accessKeys: [] },
      {
        name: 'maria.ops',
        createdAt: '2022-05-01T09:00:00Z',
        password: { lastUsed: daysAgo(3), lastChanged: daysAgo(60) },
        mfa: true,
        accessKeys: [{ active: true, lastRotated: daysAgo(45), lastUsed: daysAgo(0), lastUsedService: 'ecs' }],
      },
      // Gap: key 1 is 120 days old; key 2 is new and never used (`N/A`, counted from its creation: fine).
      {
        name: 'svc-backup',
        createdAt: '2023-03-01T09:00:00Z',
        mfa: false,
        accessKeys: [
          { active: true, lastRotated: daysAgo(120), lastUsed: daysAgo(1), lastUsedService: 's3' },
          { active: true, lastRotated: daysAgo(10), lastUsed: 'N/A' },
        ],
      },
      { name: 'analytics-ro', createdAt: daysAgo(30), mfa: false, accessKeys: [{ active: true, lastRotated: daysAgo(30), lastUsed: 'N/A' }] },
    ],
  };
  const cloudtrail: SandboxCloudTrail = {
    trails: [
      // Passes multi-region; its shadow copy shows in us-east-1 too (judged once). Gap: no KMS key.
      {
        name: 'prod-audit',
        homeRegion: 'eu-west-1',
        multiRegion: true,
        logging: true,
        logFileValidation: true,
        s3BucketName: 'kestrel-prod-audit-logs',
        cloudWatchLogsLogGroup: 'prod-audit-trail',
        advancedEventSelectors: [{ Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
      },
    ],
  };
  return {
    iam,
    cloudtrail,
    regional: {
      'eu-west-1': { config: allRecorded(), guardduty: enabledDetector('c1b2c3d4e5f60718293a4b5c6d7e8f92') },
      // Gap: the recorder records only two resource types.
      'us-east-1': {
        config: {
          recorders: [
            {
              name: 'default',
              allSupported: false,
              includeGlobalResourceTypes: false,
              resourceTypes: ['AWS::EC2::Instance', 'AWS::S3::Bucket'],
              recording: true,
              lastStatus: 'Success',
            },
          ],
        },
        guardduty: enabledDetector('d1b2c3d4e5f60718293a4b5c6d7e8f93'),
      },
    },
  };
}

function staging(): IdentityState {
  const iam: SandboxIam = {
    // Gap: no MFA on root. Its old access key is inactive: present (GetAccountSummary says 1) but not active.
    root: {
      mfa: false,
      accessKeys: [{ active: false, lastRotated: '2020-06-01T12:00:00Z', lastUsed: '2020-07-01T12:00:00Z' }],
      passwordLastUsed: 'no_information',
      createdAt: '2020-06-01T11:00:00Z',
    },
    // Gap: no password policy at all (NoSuchEntity).
    // The first report read answers ReportExpired: the collector must generate a new one.
    reportExpiresOnce: true,
    users: [
      // Gap: console password, no MFA, never signed in (`N/A`) since being created 150 days ago.
      { name: 'dev-jordan', createdAt: daysAgo(150), password: { lastUsed: 'N/A', lastChanged: daysAgo(150) }, mfa: false, accessKeys: [] },
      // Gap: key 2 is recent enough but has not been used for 100 days.
      {
        name: 'ci-staging',
        createdAt: '2023-08-01T09:00:00Z',
        mfa: false,
        accessKeys: [
          { active: false, lastRotated: '2023-08-01T09:00:00Z', lastUsed: '2024-01-01T09:00:00Z' },
          { active: true, lastRotated: daysAgo(60), lastUsed: daysAgo(100) },
        ],
      },
      // No password and no active key: nothing to judge for unused credentials.
      { name: 'qa-temp', createdAt: '2024-02-01T09:00:00Z', mfa: false, accessKeys: [{ active: false, lastRotated: '2024-02-01T09:00:00Z', lastUsed: 'N/A' }] },
    ],
  };
  const cloudtrail: SandboxCloudTrail = {
    trails: [
      // Gap: multi-region but logging was stopped.
      {
        name: 'staging-trail',
        homeRegion: 'us-east-1',
        multiRegion: true,
        logging: false,
        logFileValidation: true,
        kmsKeyId: `arn:aws:kms:us-east-1:${STAGING}:key/0a1b2c3d-2222-4e5f-8a9b-1c2d3e4f5a6b`,
        s3BucketName: 'kestrel-staging-trail',
      },
      // Gap: single-region, no log validation, no KMS.
      { name: 'staging-eu', homeRegion: 'eu-west-1', multiRegion: false, logging: true, logFileValidation: false, s3BucketName: 'kestrel-staging-eu-trail' },
    ],
  };
  return {
    iam,
    cloudtrail,
    regional: {
      // Gap: the recorder was stopped.
      'eu-west-1': {
        config: { recorders: [{ name: 'default', allSupported: true, includeGlobalResourceTypes: true, recording: false, lastStatus: 'Success' }] },
        guardduty: enabledDetector('e1b2c3d4e5f60718293a4b5c6d7e8f94'),
      },
      // Gap: no Config recorder and no GuardDuty detector in us-east-1.
      'us-east-1': { config: { recorders: [] }, guardduty: { detectors: [] } },
    },
  };
}

function empty(): IdentityState {
  return {
    iam: { root: { mfa: false, accessKeys: [], passwordLastUsed: 'N/A', createdAt: '2018-01-01T00:00:00Z' }, users: [] },
    cloudtrail: { trails: [] },
    regional: {},
  };
}

export function identityState(accountId: string, regions: readonly string[], now: number = Date.now()): IdentityState {
  asOfMs = now;
  const state = accountId === MANAGEMENT ? management() : accountId === PROD ? prod() : accountId === STAGING ? staging() : empty();
  for (const region of regions) state.regional[region] ??= { config: { recorders: [] }, guardduty: { detectors: [] } };
  return state;
}
