// Every per-service AWS collector. The planner runs only those whose evidence the selected checks need.
import type { AwsAccountCollector, AwsRegionCollector } from './collector.js';

export const AWS_ACCOUNT_COLLECTORS: readonly AwsAccountCollector[] = [];

export const AWS_REGION_COLLECTORS: readonly AwsRegionCollector[] = [];
