import type { AwsServiceCollectors } from './collector.js';

// Not implemented yet.
export const configCollectors: AwsServiceCollectors = { account: [], region: [] };
