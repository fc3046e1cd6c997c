// EBS: encryption by default per region, and every volume encrypted.
import type { Resource } from '../../core/types.js';
import type { AwsAccountEvidence } from '../../evidence/aws/index.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { errorFinding, forEachRegion, regionResource } from './common.js';
import { EBS_NEEDS } from '../../evidence/aws/ebs.js';

const NEEDS = EBS_NEEDS;

const defaultEncryption = defineCheck({
  id: 'aws.ebs.default-encryption',
  title: 'EBS encryption by default is on',
  source: 'aws',
  severity: 'medium',
  judges: 'each account × region (EBS encryption by default)',
  resourceType: 'aws.region',
  needs: [NEEDS.encryptionByDefault],
  remediation: {
    summary: 'Turn on EBS encryption by default in every region, so new volumes and snapshot copies are encrypted.',
    console: 'EC2 → Settings (Account attributes) → Data protection and security → EBS encryption → Manage → Enable',
    cli: 'aws ec2 enable-ebs-encryption-by-default --region REGION',
    terraform: `# One per region (a provider alias per region).
resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}`,
  },
  evaluate(evidence) {
    return forEachRegion(evidence, 'EBS encryption by default', (account, regional, out) => {
      const resource = regionResource(account, regional.region);
      const c = regional.ebs?.encryptionByDefault;
      if (!c?.ok) {
        out.push(errorFinding(resource, c?.error, `EBS encryption by default in ${account.accountId}/${regional.region}`, c?.refs));
        return;
      }
      out.push(
        c.value.enabled
          ? {
              status: 'pass',
              resource,
              message: `EBS encryption by default is on in ${account.accountId}/${regional.region}.`,
              evidence: c.refs,
              details: { ebsEncryptionByDefault: true },
            }
          : {
              status: 'fail',
              resource,
              message: `EBS encryption by default is off in ${account.accountId}/${regional.region}: new volumes can be created unencrypted.`,
              evidence: c.refs,
              details: { ebsEncryptionByDefault: false },
            },
      );
    });
  },
});

const volumeResource = (account: AwsAccountEvidence, region: string, volumeId: string): Resource => ({
  type: 'aws.ec2.volume',
  id: `arn:aws:ec2:${region}:${account.accountId}:volume/${volumeId}`,
  name: volumeId,
  account: account.accountId,
  region,
});

const volumeEncryption = defineCheck({
  id: 'aws.ebs.volume-encryption',
  title: 'EBS volumes are encrypted',
  source: 'aws',
  severity: 'high',
  judges: 'EBS volumes',
  resourceType: 'aws.ec2.volume',
  needs: [NEEDS.volumes],
  remediation: {
    summary: 'Replace the unencrypted volume: snapshot it, copy the snapshot with encryption, create a volume from the copy and swap it in.',
    console: 'EC2 → Elastic Block Store → Snapshots → snapshot → Actions → Copy snapshot → Encrypt this snapshot',
    cli: 'aws ec2 copy-snapshot --source-snapshot-id SNAP --source-region REGION --encrypted --kms-key-id KEY',
    terraform: `# Encryption is set at creation: snapshot the volume, copy the snapshot encrypted, create a volume from it.
resource "aws_ebs_volume" "this" {
  availability_zone = "us-east-1a"
  size              = 100
  encrypted         = true
  kms_key_id        = aws_kms_key.ebs.arn
}`,
  },
  evaluate(evidence) {
    return forEachRegion(evidence, 'EBS volume encryption', (account, regional, out) => {
      const c = regional.ebs?.volumes;
      const region = regional.region;
      if (!c?.ok) {
        out.push(errorFinding(regionResource(account, region), c?.error, `EBS volume encryption in ${account.accountId}/${region}`, c?.refs));
        return;
      }
      if (c.value.length === 0) {
        out.push({
          status: 'not_applicable',
          resource: regionResource(account, region),
          message: `No EBS volumes in ${account.accountId}/${region}.`,
          evidence: c.refs,
          details: { volumes: 0 },
        });
        return;
      }
      for (const v of c.value) {
        const resource = volumeResource(account, region, v.volumeId);
        const details = { encrypted: v.encrypted, kmsKeyId: v.kmsKeyId ?? null, state: v.state ?? null, attachedTo: v.attachedTo };
        out.push(
          v.encrypted
            ? { status: 'pass', resource, message: `Volume ${v.volumeId} is encrypted.`, evidence: c.refs, details }
            : {
                status: 'fail',
                resource,
                message: `Volume ${v.volumeId} is not encrypted${v.attachedTo.length ? ` (attached to ${v.attachedTo.join(', ')})` : ''}.`,
                evidence: c.refs,
                details,
              },
        );
      }
    });
  },
});

export const awsEbsChecks: AnyCheck[] = [defaultEncryption, volumeEncryption];
