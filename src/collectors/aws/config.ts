// AWS Config, per region: the configuration recorders and their status.
import {
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  type DescribeConfigurationRecordersCommandOutput,
  type DescribeConfigurationRecorderStatusCommandOutput,
} from '@aws-sdk/client-config-service';
import { collected } from '../../core/types.js';
import type { ConfigRecorderEvidence } from '../../evidence/aws/config.js';
import { attempt, type AwsRegionCollector, type AwsServiceCollectors } from './collector.js';
import { CONFIG_NEEDS } from '../../evidence/aws/config.js';

const configRegionCollector: AwsRegionCollector = {
  provides: Object.values(CONFIG_NEEDS),
  async collect({ session, region }, into) {
    into.configRecorders = await attempt(async () => {
      const [recorders, statuses] = await Promise.all([
        session.send<DescribeConfigurationRecordersCommandOutput>('config', region, new DescribeConfigurationRecordersCommand({})),
        session.send<DescribeConfigurationRecorderStatusCommandOutput>('config', region, new DescribeConfigurationRecorderStatusCommand({})),
      ]);
      const statusByName = new Map((statuses.output.ConfigurationRecordersStatus ?? []).map((s) => [s.name ?? '', s]));
      const value: ConfigRecorderEvidence[] = (recorders.output.ConfigurationRecorders ?? []).map((r) => {
        const group = r.recordingGroup;
        const status = statusByName.get(r.name ?? '');
        return {
          name: r.name ?? '(unnamed)',
          ...(r.roleARN ? { roleArn: r.roleARN } : {}),
          allSupported: group?.allSupported === true,
          includeGlobalResourceTypes: group?.includeGlobalResourceTypes === true,
          ...(group?.recordingStrategy?.useOnly ? { recordingStrategy: group.recordingStrategy.useOnly } : {}),
          resourceTypes: group?.resourceTypes ?? [],
          excludedResourceTypes: group?.exclusionByResourceTypes?.resourceTypes ?? [],
          ...(r.servicePrincipal ? { servicePrincipal: r.servicePrincipal } : {}),
          ...(status
            ? {
                recording: status.recording === true,
                ...(status.lastStatus ? { lastStatus: status.lastStatus } : {}),
                ...(status.lastErrorCode ? { lastErrorCode: status.lastErrorCode } : {}),
                ...(status.lastErrorMessage ? { lastErrorMessage: status.lastErrorMessage } : {}),
              }
            : {}),
        };
      });
      return collected(value, [recorders.ref, statuses.ref]);
    });
  },
};

export const configCollectors: AwsServiceCollectors = { account: [], region: [configRegionCollector] };
