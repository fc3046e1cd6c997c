import { describe, expect, it } from 'vitest';
import { awsCloudTrailChecks, managementCoverage } from '../../../src/checks/aws/cloudtrail.js';
import { collected, failed } from '../../../src/core/types.js';
import type { TrailEvidence, TrailEventSelectors } from '../../../src/evidence/aws/cloudtrail.js';
import { account, denied, evidenceOf, find, ref, run, unreachable } from './fixtures.js';

const MGMT = '111111111111';
const MEMBER = '222222222222';
const ALL: TrailEventSelectors = { eventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }], advancedEventSelectors: [] };

function trail(
  owner: string,
  name: string,
  patch: Partial<TrailEvidence> = {},
  reads: { logging?: boolean; selectors?: TrailEventSelectors } = {},
): TrailEvidence {
  const homeRegion = patch.homeRegion ?? 'us-east-1';
  const own = patch.ownerAccountId === undefined || patch.ownerAccountId === owner;
  return {
    arn: `arn:aws:cloudtrail:${homeRegion}:${owner}:trail/${name}`,
    name,
    homeRegion,
    ownerAccountId: owner,
    isMultiRegionTrail: true,
    isOrganizationTrail: false,
    logFileValidationEnabled: true,
    kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/k',
    seenInRegions: ['eu-west-1', 'us-east-1'],
    ...(own
      ? {
          status: collected({ isLogging: reads.logging ?? true }, [ref('cloudtrail:GetTrailStatus')]),
          selectors: collected(reads.selectors ?? ALL, [ref('cloudtrail:GetEventSelectors')]),
        }
      : {}),
    ...patch,
  };
}

/** The same trail as a member account sees it: no status/selector reads of its own. */
const seenFromMember = (t: TrailEvidence): TrailEvidence => {
  const { status: _s, selectors: _e, ...rest } = t;
  return rest;
};

const trails = (...list: TrailEvidence[]) => collected(list, [ref('cloudtrail:DescribeTrails')]);

describe('managementCoverage', () => {
  it.each([
    ['basic All', { eventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }], advancedEventSelectors: [] }, true, true],
    ['basic WriteOnly', { eventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }], advancedEventSelectors: [] }, false, true],
    ['basic data events only', { eventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false }], advancedEventSelectors: [] }, false, false],
    [
      'basic ReadOnly + WriteOnly selectors',
      {
        eventSelectors: [
          { ReadWriteType: 'ReadOnly', IncludeManagementEvents: true },
          { ReadWriteType: 'WriteOnly', IncludeManagementEvents: true },
        ],
        advancedEventSelectors: [],
      },
      true,
      true,
    ],
    [
      'advanced Management',
      { eventSelectors: [], advancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] },
      true,
      true,
    ],
    [
      'advanced Management, readOnly=false',
      {
        eventSelectors: [],
        advancedEventSelectors: [
          {
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Management'] },
              { Field: 'readOnly', Equals: ['false'] },
            ],
          },
        ],
      },
      false,
      true,
    ],
    [
      'advanced Management excluding KMS events',
      {
        eventSelectors: [],
        advancedEventSelectors: [
          {
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Management'] },
              { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] },
            ],
          },
        ],
      },
      true,
      true,
    ],
    [
      'advanced Data only',
      {
        eventSelectors: [],
        advancedEventSelectors: [
          {
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Data'] },
              { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            ],
          },
        ],
      },
      false,
      false,
    ],
    ['basic selector that does not state its fields', { eventSelectors: [{}], advancedEventSelectors: [] }, false, false],
    ['no selectors', { eventSelectors: [], advancedEventSelectors: [] }, false, false],
  ] as const)('%s', (_name, selectors, reads, writes) => {
    const c = managementCoverage(selectors as unknown as TrailEventSelectors);
    expect([c.reads, c.writes]).toEqual([reads, writes]);
  });
});

describe('aws.cloudtrail.multi-region', () => {
  const check = find(awsCloudTrailChecks, 'aws.cloudtrail.multi-region');
  it.each([
    ['a logging multi-region trail with all management events', [trail(MGMT, 't')], 'pass'],
    ['multi-region but not logging', [trail(MGMT, 't', {}, { logging: false })], 'fail'],
    [
      'multi-region but write-only',
      [trail(MGMT, 't', {}, { selectors: { eventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }], advancedEventSelectors: [] } })],
      'fail',
    ],
    ['single-region only', [trail(MGMT, 't', { isMultiRegionTrail: false })], 'fail'],
    ['no trails', [], 'fail'],
    ['a bad trail and a good one', [trail(MGMT, 'bad', {}, { logging: false }), trail(MGMT, 'good')], 'pass'],
    ['status unreadable', [trail(MGMT, 't', { status: failed(denied('cloudtrail:GetTrailStatus')) })], 'error'],
    ['status unreadable, but another trail passes', [trail(MGMT, 'a', { status: failed(denied('cloudtrail:GetTrailStatus')) }), trail(MGMT, 'b')], 'pass'],
  ] as const)('%s → %s', (_name, list, expected) => {
    const findings = run(check, evidenceOf(account(MGMT, { cloudtrail: trails(...list) })));
    expect(findings.map((f) => [f.resource.id, f.status])).toEqual([[MGMT, expected]]);
  });

  it('a member account is covered by the organization trail, judged with the owner’s status', () => {
    const org = trail(MGMT, 'org', { isOrganizationTrail: true });
    const findings = run(check, evidenceOf(account(MGMT, { cloudtrail: trails(org) }), account(MEMBER, { cloudtrail: trails(seenFromMember(org)) })));
    expect(findings.map((f) => [f.resource.id, f.status])).toEqual([
      [MGMT, 'pass'],
      [MEMBER, 'pass'],
    ]);
  });

  it('a member inherits the organization trail’s failure', () => {
    const org = trail(MGMT, 'org', { isOrganizationTrail: true }, { logging: false });
    const findings = run(check, evidenceOf(account(MGMT, { cloudtrail: trails(org) }), account(MEMBER, { cloudtrail: trails(seenFromMember(org)) })));
    expect(findings.map((f) => f.status)).toEqual(['fail', 'fail']);
  });

  it('a member whose organization trail’s owner is not in the run → error, never pass', () => {
    const org = trail(MGMT, 'org', { isOrganizationTrail: true });
    const findings = run(check, evidenceOf(account(MEMBER, { cloudtrail: trails(seenFromMember(org)) })));
    expect(findings.map((f) => [f.resource.id, f.status])).toEqual([[MEMBER, 'error']]);
  });

  it('a member whose organization trail’s owner could not be read → error carrying the owner’s reason', () => {
    const org = trail(MGMT, 'org', { isOrganizationTrail: true });
    const findings = run(
      check,
      evidenceOf(account(MGMT, { cloudtrail: failed(denied('cloudtrail:DescribeTrails')) }), account(MEMBER, { cloudtrail: trails(seenFromMember(org)) })),
    );
    expect(findings.map((f) => [f.resource.id, f.status, f.missing])).toEqual([
      [MGMT, 'error', 'cloudtrail:DescribeTrails'],
      [MEMBER, 'error', 'cloudtrail:DescribeTrails'],
    ]);
    const unreachableOwner = run(check, evidenceOf(unreachable(MGMT), account(MEMBER, { cloudtrail: trails(seenFromMember(org)) })));
    expect(unreachableOwner.map((f) => f.status)).toEqual(['error', 'error']);
    expect(unreachableOwner[1]!.message).toMatch(/could not be entered/);
  });

  it('a non-organization trail of another account does not cover this one', () => {
    const other = seenFromMember(trail(MGMT, 'theirs'));
    const findings = run(check, evidenceOf(account(MEMBER, { cloudtrail: trails(other) })));
    expect(findings.map((f) => f.status)).toEqual(['fail']);
  });

  it('DescribeTrails denied → error naming it; an unreachable account → error', () => {
    const findings = run(check, evidenceOf(account(MGMT, { cloudtrail: failed(denied('cloudtrail:DescribeTrails')) }), unreachable(MEMBER)));
    expect(findings.map((f) => [f.resource.id, f.status, f.missing])).toEqual([
      [MGMT, 'error', 'cloudtrail:DescribeTrails'],
      [MEMBER, 'error', `sts:AssumeRole on arn:aws:iam::${MEMBER}:role/r`],
    ]);
  });
});

describe('trail checks judge each trail once, by ARN', () => {
  const validation = find(awsCloudTrailChecks, 'aws.cloudtrail.log-validation');
  const kms = find(awsCloudTrailChecks, 'aws.cloudtrail.kms-encrypted');
  const org = trail(MGMT, 'org', { isOrganizationTrail: true, logFileValidationEnabled: false });
  const local = trail(MEMBER, 'local', { isMultiRegionTrail: false, homeRegion: 'eu-west-1', kmsKeyId: undefined as unknown as string });
  delete (local as Partial<TrailEvidence>).kmsKeyId;
  const evidence = evidenceOf(
    account(MGMT, { cloudtrail: trails(org) }),
    account(MEMBER, { cloudtrail: trails(seenFromMember(org), local) }),
    account('333333333333', { cloudtrail: trails(seenFromMember(org)) }),
  );

  it('log-validation: the org trail under its owner, members with no trail of their own are n/a', () => {
    expect(run(validation, evidence).map((f) => [f.resource.id, f.status, f.resource.account])).toEqual([
      [org.arn, 'fail', MGMT],
      [local.arn, 'pass', MEMBER],
      ['333333333333', 'not_applicable', '333333333333'],
    ]);
  });

  it('kms-encrypted', () => {
    expect(run(kms, evidence).map((f) => [f.resource.id, f.status])).toEqual([
      [org.arn, 'pass'],
      [local.arn, 'fail'],
      ['333333333333', 'not_applicable'],
    ]);
  });

  it('an org trail whose owner is not in the run is judged once, by the first member that sees it', () => {
    const members = evidenceOf(
      account(MEMBER, { cloudtrail: trails(seenFromMember(org)) }),
      account('333333333333', { cloudtrail: trails(seenFromMember(org)) }),
    );
    expect(run(validation, members).map((f) => [f.resource.id, f.status])).toEqual([
      [org.arn, 'fail'],
      ['333333333333', 'not_applicable'],
    ]);
  });

  it('an account with no trails → not_applicable; DescribeTrails failed → error', () => {
    const findings = run(
      validation,
      evidenceOf(account(MGMT, { cloudtrail: trails() }), account(MEMBER, { cloudtrail: failed(denied('cloudtrail:DescribeTrails')) })),
    );
    expect(findings.map((f) => [f.resource.id, f.status, f.missing])).toEqual([
      [MGMT, 'not_applicable', undefined],
      [MEMBER, 'error', 'cloudtrail:DescribeTrails'],
    ]);
  });
});
