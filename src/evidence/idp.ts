// Identity-provider evidence (filled by src/collectors/idp). Every IdP (Okta, Google Workspace, Entra ID,
// or one of their CSV exports) produces the same user shape; the tenant MFA policy keeps each vendor's own
// vocabulary, because "is MFA required for everyone" is answered differently by each.
import type { Collected, CollectionError, EvidenceRef } from '../core/types.js';

export type IdpProvider = 'okta' | 'google' | 'entra' | 'csv';
export type IdpService = 'okta' | 'google' | 'entra';

/**
 * `phishing-resistant`: WebAuthn / FIDO2 / passkeys / Okta FastPass (signed_nonce) / Windows Hello / certificates.
 * `strong`: authenticator app push or TOTP, hardware OTP. `weak`: SMS, voice call, email, security question.
 * `unknown`: the source says a factor exists but not which (Google's `isEnrolledIn2Sv`).
 */
export type FactorKind = 'phishing-resistant' | 'strong' | 'weak' | 'unknown';

export interface IdpFactor {
  /** The vendor's name, e.g. Okta `webauthn`, `push`, `sms`; Graph `fido2SecurityKey`; Google `2sv`. */
  type: string;
  kind: FactorKind;
  /** `active` counts as enrolled; `pending` (Okta PENDING_ACTIVATION) and `inactive` do not. */
  state: 'active' | 'pending' | 'inactive';
  /** The vendor's status string, as read. */
  status: string;
}

/** `active`: a workforce account that can sign in. Only active users are judged; `guest`: Entra B2B guests (their MFA is their home tenant's). */
export type IdpUserStatus = 'active' | 'suspended' | 'deprovisioned' | 'staged' | 'archived' | 'guest';

export interface IdpUser {
  /** The vendor's id (Okta `00u…`, Google numeric id, Entra object id; the login for CSV). */
  id: string;
  /** Okta `profile.login`, Google `primaryEmail`, Entra `userPrincipalName`: the resource id of user findings. */
  login: string;
  /** Email to link accounts by: Okta `profile.email`, Google `primaryEmail`, Entra `mail` (else the login). */
  email?: string;
  /**
   * When the status last changed (Okta `statusChanged`; Entra deleted users' `deletedDateTime`); null when
   * the IdP does not say (Google suspension, Entra `accountEnabled=false`, CSV exports).
   */
  statusChanged?: string | null;
  name?: string;
  status: IdpUserStatus;
  /** The vendor's status string (`ACTIVE`, `LOCKED_OUT`, `Suspended`, `accountEnabled=false`…). */
  vendorStatus: string;
  /** ISO time; null when the source does not say (CSV exports). */
  created: string | null;
  /** Last sign-in: ISO time, `never`, or null when the source could not say. */
  lastSignIn: string | 'never' | null;
  /** MFA factors, or why they could not be read for this user. */
  factors: Collected<IdpFactor[]>;
  /** Google's per-user `isEnforcedIn2Sv`; absent for other IdPs. */
  mfaEnforced?: boolean;
  /** Evidence of the listing this user came from. */
  refs: EvidenceRef[];
}

export interface IdpAdmin {
  /** Matches `IdpUser.id`. */
  userId: string;
  /** Role names as the vendor spells them (`SUPER_ADMIN`, `Global Administrator`, `super admin`). */
  roles: string[];
  /**
   * Holds the tenant's all-powerful role (Okta SUPER_ADMIN, Google super admin, Entra Global Administrator); null when
   * the source does not say (CSV exports).
   */
  superAdmin: boolean | null;
}

// ---- tenant MFA policy, per vendor ----

export interface PeopleCondition {
  includeGroups: string[];
  excludeGroups: string[];
  includeUsers: string[];
  excludeUsers: string[];
}

export interface OktaPolicyRule {
  id: string;
  name: string;
  status: string;
  priority: number;
  /** Okta's default rule: always evaluated last, whatever its priority says. */
  system: boolean;
  people: PeopleCondition | null;
  /** Network zone condition: `ANYWHERE` when absent. */
  network: string;
  access: 'ALLOW' | 'DENY';
  /**
   * Factors the rule demands: `OKTA_SIGN_ON` rules: requireFactor → 2, else 1; `ACCESS_POLICY` rules:
   * `verificationMethod.factorMode` 2FA → 2, 1FA → 1.
   */
  factors: 1 | 2;
  /** Anything else that narrows when the rule applies (risk, platform, device…), named. */
  otherConditions: string[];
}

export interface OktaPolicy {
  id: string;
  name: string;
  type: 'OKTA_SIGN_ON' | 'ACCESS_POLICY' | 'MFA_ENROLL';
  status: string;
  priority: number;
  system: boolean;
  people: PeopleCondition | null;
  rules: OktaPolicyRule[];
  /** MFA_ENROLL only: authenticator key → `REQUIRED` | `OPTIONAL` | `NOT_ALLOWED`. */
  enroll?: Record<string, string>;
}

export interface OktaMfaPolicy {
  kind: 'okta';
  policies: OktaPolicy[];
  /** Group id → name (and the `Everyone` group's id), to name exemptions and recognise "everyone". */
  groups: Record<string, { name: string; type: string }>;
  /**
   * Applications (SAML, OIDC…) and the authentication policy each uses; null when they could not be read
   * (then every authentication policy is judged).
   */
  apps: Array<{ id: string; label: string; signOnMode: string; status: string; accessPolicyId: string | null }> | null;
  appsError?: string;
}

export interface GoogleMfaPolicy {
  kind: 'google';
  /** Cloud Identity policy API `settings/security.two_step_verification_enforcement`, when readable. */
  policies: Array<{ orgUnit: string; group: string | null; enforcedFrom: string | null; type: string }> | null;
  /** Why the policy API could not be read (then the per-user `isEnforcedIn2Sv` decides). */
  policyApiError?: string;
}

export interface EntraConditionalAccessPolicy {
  id: string;
  displayName: string;
  state: string;
  includeUsers: string[];
  excludeUsers: string[];
  includeGroups: string[];
  excludeGroups: string[];
  includeRoles: string[];
  excludeRoles: string[];
  includeApplications: string[];
  excludeApplications: string[];
  clientAppTypes: string[];
  builtInControls: string[];
  operator: string;
  authenticationStrength: string | null;
  /** Other conditions that narrow the policy (locations, platforms, risk…), named. */
  otherConditions: string[];
}

export interface EntraMfaPolicy {
  kind: 'entra';
  securityDefaultsEnabled: boolean;
  conditionalAccess: EntraConditionalAccessPolicy[];
}

/** CSV exports carry no policy; the config may declare it (`idp.mfaEnforced`): a declaration, never a reading. */
export interface DeclaredMfaPolicy {
  kind: 'declared';
  enforced: boolean;
  /** The user export the declaration goes with. */
  file: string;
  declaredBy?: string;
  reason?: string;
  /** The attached evidence file (as written in the config) and its SHA-256. */
  evidenceFile?: string;
  evidenceSha256?: string;
}

export type IdpMfaPolicy = OktaMfaPolicy | GoogleMfaPolicy | EntraMfaPolicy | DeclaredMfaPolicy;

export interface IdpEvidence {
  provider: IdpProvider;
  /** The tenant's resource id: Okta host, Google domain, Entra tenant id, CSV host/file. */
  tenant: string;
  /** Where the data came from, for messages ("Okta", "the Okta MFA usage report …"). */
  sourceLabel: string;
  users: Collected<IdpUser[]>;
  admins: Collected<IdpAdmin[]>;
  mfaPolicy: Collected<IdpMfaPolicy>;
  /**
   * People who left and are no longer in `users`: Okta DEPROVISIONED users (the plain listing omits them),
   * Entra deleted users (`directory/deletedItems`). Read only when the people checks need them.
   */
  formerUsers?: Collected<IdpUser[]>;
  /** Why users carry no sign-in times (Entra without AuditLog.Read.All / P1), when that is the case. */
  signInError?: CollectionError;
}

/** Evidence keys: checks name them in `needs`; the collectors read only what is needed. */
export const IDP_NEEDS = {
  users: 'idp.users',
  factors: 'idp.factors',
  admins: 'idp.admins',
  mfaPolicy: 'idp.mfaPolicy',
  /** Users plus those who left (`formerUsers`), with status-change times: for linking accounts to people. */
  people: 'idp.people',
} as const;
