import type { AwsServiceCollectors } from './collector.js';

// Not implemented yet.
export const elbCollectors: AwsServiceCollectors = { account: [], region: [] };
