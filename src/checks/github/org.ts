import type { AnyCheck } from '../types.js';
import { pendingCheck } from '../pending.js';

// Pending: replaced by real checks.
export const githubOrgChecks: AnyCheck[] = [
  pendingCheck('github.org.2fa-required', 'github', 'GitHub organization requires 2FA', 'critical'),
  pendingCheck('github.org.members-2fa', 'github', 'GitHub members have 2FA', 'high'),
  pendingCheck('github.org.owner-count', 'github', 'GitHub organization owners are few', 'medium'),
];
