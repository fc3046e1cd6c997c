import type { AnyCheck } from '../types.js';
import { pendingCheck } from '../pending.js';

// Pending: replaced by real checks.
export const awsElbChecks: AnyCheck[] = [
  pendingCheck('aws.elb.tls-listeners', 'aws', 'Load balancers serve only TLS', 'high'),
];
