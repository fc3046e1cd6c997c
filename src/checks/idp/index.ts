import type { AnyCheck } from '../types.js';
import { adminsCount, usersInactive } from './accounts.js';
import { mfaEnforced, mfaEnrolled, phishingResistantAdmins } from './mfa.js';

export const idpChecks: AnyCheck[] = [mfaEnrolled, mfaEnforced, phishingResistantAdmins, usersInactive, adminsCount];
