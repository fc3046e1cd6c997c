// GuardDuty: an enabled detector in every judged region of every account.
import { defineCheck, type AnyCheck } from '../types.js';
import { forEachRegion, regionResource, valueOr } from './common.js';
import { GUARDDUTY_NEEDS } from '../../evidence/aws/guardduty.js';

const enabled = defineCheck({
  id: 'aws.guardduty.enabled',
  title: 'GuardDuty is enabled',
  source: 'aws',
  severity: 'high',
  judges: 'account × region',
  resourceType: 'aws.region',
  needs: [GUARDDUTY_NEEDS.detectors],
  remediation: {
    summary: 'Enable GuardDuty in every region (with an organization, from the delegated administrator with auto-enable for members).',
    console: 'GuardDuty → Get started → Enable GuardDuty (per region)',
    cli: 'aws guardduty create-detector --enable --region REGION',
    terraform: `resource "aws_guardduty_detector" "this" {
  enable = true
}`,
  },
  evaluate: (evidence) =>
    forEachRegion(evidence, 'GuardDuty', (account, regional, out) => {
      const resource = regionResource(account, regional.region);
      const detectors = valueOr(regional.guardDutyDetectors, resource, `GuardDuty in ${regional.region}`, out);
      if (!detectors) return;
      const on = detectors.value.find((d) => d.status === 'ENABLED');
      const details = { detectors: detectors.value.map((d) => `${d.detectorId}:${d.status}`) };
      if (on)
        out.push({
          status: 'pass',
          resource,
          message: `GuardDuty detector ${on.detectorId} is enabled in ${account.accountId} ${regional.region}.`,
          evidence: detectors.refs,
          details,
        });
      else if (detectors.value.length === 0)
        out.push({
          status: 'fail',
          resource,
          message: `GuardDuty has no detector in ${account.accountId} ${regional.region}.`,
          evidence: detectors.refs,
          details,
        });
      else
        out.push({
          status: 'fail',
          resource,
          message: `GuardDuty's detector in ${account.accountId} ${regional.region} is ${detectors.value.map((d) => d.status).join(', ')}.`,
          evidence: detectors.refs,
          details,
        });
    }),
});

export const awsGuardDutyChecks: AnyCheck[] = [enabled];
