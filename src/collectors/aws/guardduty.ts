import type { AwsServiceCollectors } from './collector.js';

// Not implemented yet.
export const guardDutyCollectors: AwsServiceCollectors = { account: [], region: [] };
