import type { AnyCheck } from '../types.js';
import { pendingCheck } from '../pending.js';

// Pending: replaced by real checks.
export const idpChecks: AnyCheck[] = [
  pendingCheck('idp.mfa.enrolled', 'idp', 'IdP users are enrolled in MFA', 'critical'),
  pendingCheck('idp.mfa.enforced', 'idp', 'The IdP enforces MFA for everyone', 'critical'),
  pendingCheck('idp.mfa.phishing-resistant-admins', 'idp', 'Admins use phishing-resistant MFA', 'high'),
  pendingCheck('idp.users.inactive', 'idp', 'Inactive IdP accounts are removed', 'medium'),
  pendingCheck('idp.admins.count', 'idp', 'IdP super-admins are few', 'medium'),
];
