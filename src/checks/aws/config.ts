// AWS Config: every judged region of every account records all supported resource types.
import type { ConfigRecorderEvidence } from '../../evidence/aws/config.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { forEachRegion, regionResource, valueOr } from './common.js';
import { CONFIG_NEEDS } from '../../evidence/aws/config.js';

/** Why a recorder does not count (empty = it does). */
export function recorderProblems(r: ConfigRecorderEvidence): string[] {
  const problems: string[] = [];
  if (r.recording !== true) problems.push(r.recording === undefined ? 'has no recorder status' : 'is not recording');
  if (!r.allSupported || (r.recordingStrategy !== undefined && r.recordingStrategy !== 'ALL_SUPPORTED_RESOURCE_TYPES')) {
    problems.push(
      `records only some resource types (${r.recordingStrategy ?? 'allSupported=false'}` +
        `${r.resourceTypes.length ? `: ${r.resourceTypes.slice(0, 5).join(', ')}${r.resourceTypes.length > 5 ? '…' : ''}` : ''})`,
    );
  }
  if (r.lastStatus?.toUpperCase() === 'FAILURE') problems.push(`last delivery failed (${r.lastErrorCode ?? 'no error code'})`);
  return problems;
}

const recorder = defineCheck({
  id: 'aws.config.recorder',
  title: 'AWS Config records all resources',
  source: 'aws',
  severity: 'medium',
  judges: 'account × region',
  resourceType: 'aws.region',
  needs: [CONFIG_NEEDS.recorders],
  remediation: {
    summary: 'Run a configuration recorder in every region that records all supported resource types, and keep it recording.',
    console: 'AWS Config → Settings → Edit → Recording strategy: All resource types with customizable overrides; then Start recording',
    cli:
      'aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=ROLE ' +
      '--recording-group allSupported=true,includeGlobalResourceTypes=true && aws configservice ' +
      'start-configuration-recorder --configuration-recorder-name default',
    terraform: `resource "aws_config_configuration_recorder" "this" {
  name     = "default"
  role_arn = aws_iam_role.config.arn

  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }
}

resource "aws_config_configuration_recorder_status" "this" {
  name       = aws_config_configuration_recorder.this.name
  is_enabled = true
  depends_on = [aws_config_delivery_channel.this]
}`,
  },
  evaluate: (evidence) =>
    forEachRegion(evidence, 'the AWS Config recorder', (account, regional, out) => {
      const resource = regionResource(account, regional.region);
      const recorders = valueOr(regional.configRecorders, resource, `the AWS Config recorder in ${regional.region}`, out);
      if (!recorders) return;
      // Service-linked recorders record only what their service needs; they never stand for the account's recorder.
      const own = recorders.value.filter((r) => !r.servicePrincipal);
      if (own.length === 0) {
        out.push({
          status: 'fail',
          resource,
          message: `No AWS Config recorder in ${account.accountId} ${regional.region}.`,
          evidence: recorders.refs,
          details: { recorders: 0 },
        });
        return;
      }
      const judged = own.map((r) => ({ r, problems: recorderProblems(r) }));
      const good = judged.find((j) => j.problems.length === 0);
      const details = {
        recorder: (good ?? judged[0]!).r.name,
        recording: (good ?? judged[0]!).r.recording ?? null,
        allSupported: (good ?? judged[0]!).r.allSupported,
        includeGlobalResourceTypes: (good ?? judged[0]!).r.includeGlobalResourceTypes,
        lastStatus: (good ?? judged[0]!).r.lastStatus ?? null,
      };
      if (good)
        out.push({
          status: 'pass',
          resource,
          message: `AWS Config recorder ${good.r.name} records all supported resource types in ${regional.region}.`,
          evidence: recorders.refs,
          details,
        });
      else
        out.push({
          status: 'fail',
          resource,
          message: `AWS Config in ${account.accountId} ${regional.region}: ${judged.map((j) => `recorder ${j.r.name} ${j.problems.join(', ')}`).join('; ')}.`,
          evidence: recorders.refs,
          details,
        });
    }),
});

export const awsConfigChecks: AnyCheck[] = [recorder];
