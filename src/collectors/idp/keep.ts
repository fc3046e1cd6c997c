// What of each IdP answer is kept as evidence (allow-list, see Keep in run/evidence-store.ts): the fields
// a check or population reads, and the vendor's error fields. Never phone numbers, addresses, custom
// profile attributes or tokens; a field the vendor adds later is dropped until named here.
import type { Keep } from '../../run/evidence-store.js';

/** Error answers of all three vendors (Okta errorSummary, Google/Graph error, OAuth error_description). */
const ERRORS = { errorCode: true, errorSummary: true, errorCauses: true, errorId: true, error: true, error_description: true, error_codes: true } as const;
const withErrors = (spec: { readonly [key: string]: Keep }): Keep => ({ ...ERRORS, ...spec });

/** OAuth token answers: never the token itself. */
export const TOKEN_KEEP: Keep = withErrors({ token_type: true, expires_in: true, ext_expires_in: true, scope: true });

/** Our own request description (path, query, cursors, ids): never credentials, which travel in headers. */
export const PARAMETERS_KEEP: Keep = {
  path: true,
  query: true,
  status: true,
  userId: true,
  login: true,
  policyId: true,
  policy: true,
  userKey: true,
  date: true,
  parameters: true,
  grant_type: true,
  client_id: true,
  scope: true,
  serviceAccount: true,
  subject: true,
};

export const OKTA_KEEP = {
  users: withErrors({
    id: true,
    status: true,
    created: true,
    activated: true,
    statusChanged: true,
    transitioningToStatus: true,
    lastLogin: true,
    lastUpdated: true,
    passwordChanged: true,
    type: { id: true },
    profile: { login: true, email: true, firstName: true, lastName: true, displayName: true },
  }),
  // SMS / call factors carry the phone number in `profile.phoneNumber`; email factors an address: not kept.
  factors: withErrors({
    id: true,
    factorType: true,
    provider: true,
    vendorName: true,
    status: true,
    created: true,
    lastUpdated: true,
    profile: { credentialId: true, authenticatorName: true, deviceType: true, platform: true, name: true, version: true },
  }),
  roles: withErrors({ id: true, label: true, type: true, status: true, created: true, lastUpdated: true, assignmentType: true }),
  assignees: withErrors({ value: { id: true, orgId: true }, _links: { next: true } }),
  groups: withErrors({ id: true, type: true, created: true, lastUpdated: true, profile: { name: true, description: true } }),
  policies: withErrors({
    id: true,
    name: true,
    description: true,
    type: true,
    status: true,
    priority: true,
    system: true,
    created: true,
    lastUpdated: true,
    conditions: true,
    settings: true,
  }),
  rules: withErrors({
    id: true,
    name: true,
    type: true,
    status: true,
    priority: true,
    system: true,
    created: true,
    lastUpdated: true,
    conditions: true,
    actions: true,
  }),
  apps: withErrors({ id: true, name: true, label: true, status: true, signOnMode: true, created: true, lastUpdated: true, _links: { accessPolicy: true } }),
} satisfies Record<string, Keep>;

/** Directory user fields asked for (the `fields` mask) and kept: no phones, addresses, recovery data. */
export const GOOGLE_USER_FIELDS =
  'id,primaryEmail,name/fullName,isAdmin,isDelegatedAdmin,suspended,archived,isEnrolledIn2Sv,isEnforcedIn2Sv,creationTime,lastLoginTime,orgUnitPath';

export const GOOGLE_KEEP = {
  users: withErrors({
    users: {
      id: true,
      primaryEmail: true,
      name: { fullName: true },
      isAdmin: true,
      isDelegatedAdmin: true,
      suspended: true,
      archived: true,
      isEnrolledIn2Sv: true,
      isEnforcedIn2Sv: true,
      creationTime: true,
      lastLoginTime: true,
      orgUnitPath: true,
    },
    nextPageToken: true,
  }),
  usageReport: withErrors({
    usageReports: { date: true, entity: { userEmail: true, type: true }, parameters: { name: true, intValue: true } },
    warnings: true,
  }),
  policies: withErrors({ policies: { name: true, customer: true, policyQuery: true, setting: true, type: true }, nextPageToken: true }),
} satisfies Record<string, Keep>;

const page = (item: { readonly [key: string]: Keep }): Keep => withErrors({ value: item, '@odata.nextLink': true, '@odata.context': true });

export const ENTRA_KEEP = {
  users: page({
    id: true,
    userPrincipalName: true,
    displayName: true,
    mail: true,
    accountEnabled: true,
    createdDateTime: true,
    userType: true,
    deletedDateTime: true,
    signInActivity: { lastSignInDateTime: true, lastNonInteractiveSignInDateTime: true },
  }),
  registration: page({
    id: true,
    userPrincipalName: true,
    userDisplayName: true,
    userType: true,
    isAdmin: true,
    isMfaRegistered: true,
    isMfaCapable: true,
    isPasswordlessCapable: true,
    methodsRegistered: true,
    lastUpdatedDateTime: true,
  }),
  roles: page({ id: true, displayName: true, roleTemplateId: true }),
  members: page({ '@odata.type': true, id: true }),
  eligibility: page({
    id: true,
    principalId: true,
    roleDefinitionId: true,
    directoryScopeId: true,
    memberType: true,
    status: true,
    scheduleInfo: true,
    principal: { '@odata.type': true, id: true },
  }),
  conditionalAccess: page({
    id: true,
    displayName: true,
    state: true,
    createdDateTime: true,
    modifiedDateTime: true,
    conditions: true,
    grantControls: true,
    sessionControls: true,
  }),
  securityDefaults: withErrors({ id: true, displayName: true, isEnabled: true }),
} satisfies Record<string, Keep>;
