import type { AnyCheck } from '../types.js';
import { pendingCheck } from '../pending.js';

// Pending: replaced by real checks.
export const githubRepoChecks: AnyCheck[] = [
  pendingCheck('github.repo.branch-protection', 'github', 'Default branches are protected', 'high'),
  pendingCheck('github.repo.status-checks', 'github', 'Default branches require status checks', 'medium'),
  pendingCheck('github.repo.no-admin-bypass', 'github', 'Nobody can bypass branch rules', 'medium'),
  pendingCheck('github.repo.secret-scanning', 'github', 'Secret scanning is on', 'medium'),
  pendingCheck('github.repo.dependabot-alerts', 'github', 'Dependabot alerts are on', 'medium'),
];
