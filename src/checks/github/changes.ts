import type { AnyCheck } from '../types.js';
import { pendingCheck } from '../pending.js';

// Pending: replaced by real checks.
export const githubChangeChecks: AnyCheck[] = [
  pendingCheck('github.changes.pr-approved', 'github', 'Merged pull requests were approved by someone else', 'high'),
  pendingCheck('github.changes.no-direct-push', 'github', 'No direct pushes to default branches', 'high'),
];
