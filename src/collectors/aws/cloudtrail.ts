import type { AwsServiceCollectors } from './collector.js';

// Not implemented yet.
export const cloudTrailCollectors: AwsServiceCollectors = { account: [], region: [] };
