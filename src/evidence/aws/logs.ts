// CloudWatch Logs log groups (`DescribeLogGroups`), per region.
import type { Collected } from '../../core/types.js';

export interface LogGroupEvidence {
  name: string;
  /** Without the trailing `:*`. */
  arn: string;
  /** Absent: the group never expires its events. */
  retentionInDays?: number;
  creationTime?: number;
}

export type LogGroupsRead = Collected<LogGroupEvidence[]>;

export const LOGS_NEEDS = { logGroups: 'aws.logs.logGroups' } as const;
