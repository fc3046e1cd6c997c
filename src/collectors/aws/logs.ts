// CloudWatch Logs log groups with their retention, per region (`DescribeLogGroups`, 50 per page).
import { DescribeLogGroupsCommand, type DescribeLogGroupsCommandOutput } from '@aws-sdk/client-cloudwatch-logs';
import { collected } from '../../core/types.js';
import { LOGS_NEEDS, type LogGroupEvidence } from '../../evidence/aws/logs.js';
import { collectPages, type AwsRegionCollector } from './collector.js';

export const logGroupsRegionCollector: AwsRegionCollector = {
  provides: [LOGS_NEEDS.logGroups],
  async collect({ session, region }, into) {
    const listed = await collectPages(async (token) => {
      const { output, ref } = await session.send<DescribeLogGroupsCommandOutput>(
        'logs',
        region,
        new DescribeLogGroupsCommand({ limit: 50, ...(token ? { nextToken: token } : {}) }),
      );
      return { page: output.logGroups ?? [], next: output.nextToken, ref };
    });
    into.logGroups = listed.ok
      ? collected(
          listed.value.map(
            (g): LogGroupEvidence => ({
              name: g.logGroupName ?? '',
              arn: g.logGroupArn ?? (g.arn ?? '').replace(/:\*$/, ''),
              ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
              ...(g.creationTime !== undefined ? { creationTime: g.creationTime } : {}),
            }),
          ),
          listed.refs,
        )
      : listed;
  },
};
