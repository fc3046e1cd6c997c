import { describe, expect, it } from 'vitest';
import { awsEbsChecks } from '../../../src/checks/aws/ebs.js';
import type { EbsRegionEvidence, EbsVolumeEvidence } from '../../../src/evidence/aws/ebs.js';
import { ACCT, account, broken, byId, denied, evaluate, evidenceOf, ok, regional, statuses } from './encryption-evidence.js';

const defaultEncryption = byId(awsEbsChecks, 'aws.ebs.default-encryption');
const volumeEncryption = byId(awsEbsChecks, 'aws.ebs.volume-encryption');
const withEbs = (ebs: EbsRegionEvidence | undefined) => evidenceOf(account({ regional: [regional('eu-west-1', ebs ? { ebs } : {})] }));
const vol = (volumeId: string, encrypted: boolean, patch: Partial<EbsVolumeEvidence> = {}): EbsVolumeEvidence => ({
  volumeId,
  encrypted,
  attachedTo: [],
  ...patch,
});
const volArn = (id: string, region = 'eu-west-1') => `arn:aws:ec2:${region}:${ACCT}:volume/${id}`;

describe('aws.ebs.default-encryption', () => {
  const rows: Array<[string, EbsRegionEvidence | undefined, string, string | undefined]> = [
    ['on', { encryptionByDefault: ok({ enabled: true }) }, 'pass', undefined],
    ['off', { encryptionByDefault: ok({ enabled: false }) }, 'fail', undefined],
    ['denied', { encryptionByDefault: denied('ec2:GetEbsEncryptionByDefault') }, 'error', 'ec2:GetEbsEncryptionByDefault'],
    ['5xx', { encryptionByDefault: broken() }, 'error', undefined],
    ['not collected', undefined, 'error', undefined],
  ];
  it.each(rows)('%s → %s', (_n, ebs, status, missing) => {
    const findings = evaluate(defaultEncryption, withEbs(ebs));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status, resource: { id: `${ACCT}/eu-west-1`, region: 'eu-west-1' } });
    if (missing) expect(findings[0]!.missing).toBe(missing);
  });

  it('one finding per region; unlisted regions are an error on the account', () => {
    const ev = evidenceOf(
      account({
        regional: [
          regional('eu-west-1', { ebs: { encryptionByDefault: ok({ enabled: true }) } }),
          regional('us-east-1', { ebs: { encryptionByDefault: ok({ enabled: false }) } }),
        ],
      }),
    );
    expect(statuses(evaluate(defaultEncryption, ev))).toEqual({ [`${ACCT}/eu-west-1`]: 'pass', [`${ACCT}/us-east-1`]: 'fail' });
    expect(evaluate(defaultEncryption, evidenceOf(account({ regions: denied('ec2:DescribeRegions') })))).toMatchObject([
      { status: 'error', resource: { id: ACCT }, missing: 'ec2:DescribeRegions' },
    ]);
  });
});

describe('aws.ebs.volume-encryption', () => {
  it('judges every volume by its ARN', () => {
    const findings = evaluate(
      volumeEncryption,
      withEbs({ volumes: ok([vol('vol-1', true), vol('vol-2', false, { attachedTo: ['i-1'] }), vol('vol-3', false)]) }),
    );
    expect(statuses(findings)).toEqual({ [volArn('vol-1')]: 'pass', [volArn('vol-2')]: 'fail', [volArn('vol-3')]: 'fail' });
    expect(findings[1]!.message).toContain('i-1');
  });
  const rows: Array<[string, EbsRegionEvidence | undefined, string]> = [
    ['no volumes', { volumes: ok([]) }, 'not_applicable'],
    ['DescribeVolumes denied', { volumes: denied('ec2:DescribeVolumes') }, 'error'],
    ['DescribeVolumes failed', { volumes: broken() }, 'error'],
    ['not collected', undefined, 'error'],
  ];
  it.each(rows)('%s → %s on the region', (_n, ebs, status) => {
    expect(evaluate(volumeEncryption, withEbs(ebs))).toMatchObject([{ status, resource: { id: `${ACCT}/eu-west-1` } }]);
  });
});
