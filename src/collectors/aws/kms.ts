import type { AwsServiceCollectors } from './collector.js';

// Not implemented yet.
export const kmsCollectors: AwsServiceCollectors = { account: [], region: [] };
