import type { AwsServiceCollectors } from './collector.js';

// Not implemented yet.
export const iamCollectors: AwsServiceCollectors = { account: [], region: [] };
