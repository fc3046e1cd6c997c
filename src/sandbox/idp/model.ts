// The identity providers the sandbox serves, as plain data in each vendor's own vocabulary.
import type { OktaPolicyJson, OktaRuleJson } from '../../collectors/idp/okta/types.js';

export interface SandboxOktaUser {
  id: string;
  login: string;
  firstName: string;
  lastName: string;
  /** ACTIVE, SUSPENDED, DEPROVISIONED, STAGED, PROVISIONED, LOCKED_OUT, PASSWORD_EXPIRED, RECOVERY. */
  status: string;
  created: string;
  /** When the status last changed (Okta `statusChanged`); defaults to `created`. */
  statusChanged?: string;
  lastLogin: string | null;
  factors: Array<{ type: string; status: 'ACTIVE' | 'PENDING_ACTIVATION' | 'NOT_SETUP' | 'INACTIVE'; provider?: string }>;
  /** Admin role types: SUPER_ADMIN, ORG_ADMIN, READ_ONLY_ADMIN, HELP_DESK_ADMIN… */
  roles: string[];
}

export interface SandboxOkta {
  /** The SSWS API token the org accepts. */
  apiToken: string;
  /** OAuth service apps: client id → PEM public key (private key JWT) and the scopes granted to it. */
  serviceApps?: Record<string, { publicKeyPem: string; scopes: string[] }>;
  users: SandboxOktaUser[];
  groups: Array<{ id: string; name: string; type: 'BUILT_IN' | 'OKTA_GROUP' | 'APP_GROUP' }>;
  policies: Array<OktaPolicyJson & { rules: OktaRuleJson[] }>;
  /** Applications and the authentication (ACCESS_POLICY) policy each uses. */
  apps?: Array<{
    id: string;
    name: string;
    label: string;
    signOnMode: 'SAML_2_0' | 'OPENID_CONNECT' | 'BOOKMARK' | 'AUTO_LOGIN';
    status: 'ACTIVE' | 'INACTIVE';
    accessPolicyId: string;
  }>;
  /** Older orgs: /api/v1/iam/assignees/users answers 404. */
  noIamAssignees?: boolean;
  /** Largest page the org serves (Okta: 200); tests lower it to exercise paging. */
  maxPageSize?: number;
  /** Requests per minute per endpoint bucket (Okta's default headers: 600). */
  rateLimitPerMinute?: number;
  /** Window length (default 60 s). */
  rateLimitWindowSeconds?: number;
}

export interface SandboxGoogleUser {
  id: string;
  primaryEmail: string;
  name: { givenName: string; familyName: string; fullName: string };
  isAdmin: boolean;
  isDelegatedAdmin: boolean;
  suspended: boolean;
  archived: boolean;
  isEnrolledIn2Sv: boolean;
  isEnforcedIn2Sv: boolean;
  creationTime: string;
  /** `1970-01-01T00:00:00.000Z` means never. */
  lastLoginTime: string;
  orgUnitPath: string;
  /** Reports API `accounts:num_security_keys`. */
  securityKeys?: number;
}

export interface SandboxGoogle {
  domain: string;
  customerId: string;
  /** Service account allowed domain-wide delegation: email → PEM public key, and the scopes delegated to it. */
  serviceAccounts: Record<string, { publicKeyPem: string; scopes: string[] }>;
  /** Ready access tokens accepted (GOOGLE_OAUTH_ACCESS_TOKEN), with their scopes. */
  accessTokens: Record<string, string[]>;
  users: SandboxGoogleUser[];
  /** Cloud Identity policies for `settings/security.two_step_verification_enforcement`; null: API not enabled (403). */
  twoStepPolicies: Array<{ orgUnit: string; group?: string; enforcedFrom: string | null }> | null;
  maxPageSize?: number;
}

export interface SandboxEntraUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  createdDateTime: string;
  /** null: never signed in (Graph omits signInActivity). */
  lastSignInDateTime: string | null;
  methodsRegistered: string[];
  /** Directory role display names (Global Administrator…). */
  roles: string[];
  /** PIM-eligible directory roles (activatable at any time). */
  eligibleRoles?: string[];
  mail?: string;
  /** Set for users in the recycle bin (`directory/deletedItems`), not served by `/users`. */
  deletedDateTime?: string;
}

export interface SandboxEntra {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Graph application permissions granted to the app. */
  permissions: string[];
  users: SandboxEntraUser[];
  securityDefaultsEnabled: boolean;
  conditionalAccessPolicies: Array<Record<string, unknown>>;
  maxPageSize?: number;
  /** false: no Entra ID P2 licence, so PIM answers 400 AadPremiumLicenseRequired. */
  pim?: boolean;
}

export interface SandboxIdp {
  okta?: SandboxOkta;
  google?: SandboxGoogle;
  entra?: SandboxEntra;
}
