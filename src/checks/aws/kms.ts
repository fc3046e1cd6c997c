// KMS: automatic rotation of enabled customer-managed symmetric keys. AWS-managed, asymmetric, HMAC,
// disabled, pending-deletion and imported-material keys are not judged (counted in the region's details).
import type { Resource } from '../../core/types.js';
import { KMS_NEEDS, rotationNotJudgedBecause } from '../../evidence/aws/kms.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { errorFinding, forEachRegion, regionResource } from './common.js';

const keyRotation = defineCheck({
  id: 'aws.kms.key-rotation',
  title: 'KMS customer keys rotate',
  source: 'aws',
  severity: 'medium',
  judges: 'enabled customer-managed symmetric KMS keys',
  resourceType: 'aws.kms.key',
  needs: [KMS_NEEDS.keys],
  remediation: {
    summary: 'Turn on automatic key rotation for the key (yearly by default).',
    console: 'KMS → Customer managed keys → key → Key rotation → Automatically rotate this KMS key',
    cli: 'aws kms enable-key-rotation --key-id KEY_ID --region REGION',
    terraform: `resource "aws_kms_key" "this" {
  # … the key's other arguments
  enable_key_rotation = true
}`,
  },
  evaluate(evidence) {
    return forEachRegion(evidence, 'KMS key rotation', (account, regional, out) => {
      const region = regional.region;
      const c = regional.kms?.keys;
      if (!c?.ok) {
        out.push(errorFinding(regionResource(account, region), c?.error, `KMS key rotation in ${account.accountId}/${region}`, c?.refs));
        return;
      }
      let judged = 0;
      const skipped: string[] = [];
      for (const key of c.value) {
        const resource: Resource = { type: 'aws.kms.key', id: key.arn, name: key.keyId, account: account.accountId, region };
        if (!key.metadata.ok) {
          // Unknown key type: it might be one that must rotate, so never pass it by omission.
          out.push(errorFinding(resource, key.metadata.error, `whether KMS key ${key.keyId} rotates`, key.metadata.refs));
          judged++;
          continue;
        }
        const m = key.metadata.value;
        const notJudged = rotationNotJudgedBecause(m);
        if (notJudged) {
          skipped.push(`${key.keyId}: ${notJudged}`);
          continue;
        }
        judged++;
        const refs = [...key.metadata.refs, ...(key.rotation?.refs ?? [])];
        if (!key.rotation?.ok) {
          out.push(errorFinding(resource, key.rotation?.error, `whether KMS key ${key.keyId} rotates`, refs));
          continue;
        }
        const details = {
          keyRotationEnabled: key.rotation.value.enabled,
          rotationPeriodInDays: key.rotation.value.periodDays ?? null,
          keyManager: m.keyManager,
          keySpec: m.keySpec,
          ...(m.description ? { description: m.description } : {}),
        };
        out.push(
          key.rotation.value.enabled
            ? {
                status: 'pass',
                resource,
                message: `KMS key ${key.keyId} rotates automatically${key.rotation.value.periodDays ? ` every ${key.rotation.value.periodDays} days` : ''}.`,
                evidence: refs,
                details,
              }
            : { status: 'fail', resource, message: `KMS key ${key.keyId} is a customer-managed key with automatic rotation off.`, evidence: refs, details },
        );
      }
      if (judged === 0) {
        out.push({
          status: 'not_applicable',
          resource: regionResource(account, region),
          message:
            `No enabled customer-managed symmetric KMS keys in ${account.accountId}/${region}` +
            `${skipped.length ? ` (${skipped.length} other keys not judged)` : ''}.`,
          evidence: c.refs,
          details: { keys: c.value.length, notJudged: skipped },
        });
      }
    });
  },
});

export const awsKmsChecks: AnyCheck[] = [keyRotation];
