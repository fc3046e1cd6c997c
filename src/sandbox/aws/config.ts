// AWS Config (awsJson1_1): DescribeConfigurationRecorders and DescribeConfigurationRecorderStatus.
import { AwsFault, epochSeconds, type AwsServiceHandler } from './protocol.js';

export interface SandboxConfigRecorder {
  name: string;
  allSupported: boolean;
  includeGlobalResourceTypes: boolean;
  resourceTypes?: string[];
  recording: boolean;
  lastStatus: 'Pending' | 'Success' | 'Failure';
  lastErrorCode?: string;
  lastErrorMessage?: string;
}

export interface SandboxConfigService {
  recorders: SandboxConfigRecorder[];
}

export const configHandler: AwsServiceHandler = {
  protocol: 'json',
  actionPrefix: 'config',
  handle(call) {
    const recorders = call.account.regions[call.region]?.config.recorders ?? [];
    switch (call.operation) {
      case 'DescribeConfigurationRecorders':
        return {
          ConfigurationRecorders: recorders.map((r) => ({
            arn: `arn:aws:config:${call.region}:${call.account.id}:configuration-recorder/${r.name}/sandbox${r.name.length}`,
            name: r.name,
            roleARN: `arn:aws:iam::${call.account.id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
            recordingGroup: {
              allSupported: r.allSupported,
              includeGlobalResourceTypes: r.includeGlobalResourceTypes,
              resourceTypes: r.resourceTypes ?? [],
              exclusionByResourceTypes: { resourceTypes: [] },
              recordingStrategy: { useOnly: r.allSupported ? 'ALL_SUPPORTED_RESOURCE_TYPES' : 'INCLUSION_BY_RESOURCE_TYPES' },
            },
            recordingMode: { recordingFrequency: 'CONTINUOUS' },
            recordingScope: 'PAID',
          })),
        };
      case 'DescribeConfigurationRecorderStatus':
        return {
          ConfigurationRecordersStatus: recorders.map((r) => ({
            arn: `arn:aws:config:${call.region}:${call.account.id}:configuration-recorder/${r.name}/sandbox${r.name.length}`,
            name: r.name,
            lastStartTime: epochSeconds('2024-03-01T00:00:00Z'),
            ...(r.recording ? {} : { lastStopTime: epochSeconds('2026-06-15T00:00:00Z') }),
            recording: r.recording,
            lastStatus: r.lastStatus,
            ...(r.lastErrorCode ? { lastErrorCode: r.lastErrorCode, lastErrorMessage: r.lastErrorMessage ?? r.lastErrorCode } : {}),
            lastStatusChangeTime: epochSeconds('2026-11-25T00:00:00Z'),
          })),
        };
      default:
        throw new AwsFault('UnknownOperationException', `sandbox Config does not implement ${call.operation}`, 400);
    }
  },
};
