import type { AwsServiceCollectors } from './collector.js';

// Not implemented yet.
export const s3Collectors: AwsServiceCollectors = { account: [], region: [] };
