import type { AwsServiceCollectors } from './collector.js';

// Not implemented yet.
export const rdsCollectors: AwsServiceCollectors = { account: [], region: [] };
