import type { AwsServiceCollectors } from './collector.js';

// Not implemented yet.
export const ebsCollectors: AwsServiceCollectors = { account: [], region: [] };
