// Microsoft Entra ID (/entra): the v2.0 token endpoint (client credentials), and Microsoft Graph v1.0
// users (with signInActivity), userRegistrationDetails, directoryRoles (and their paged members; $expand=members
// caps at 20 like Graph), PIM roleEligibilitySchedules, conditional access
// policies and security defaults, with @odata.nextLink paging, 429 + Retry-After and Graph's error bodies.
import { randomUUID } from 'node:crypto';
import { json, type SandboxContext, type SandboxRequest, type SandboxResponse } from '../http.js';
import { denied, rollFaults } from './common.js';
import type { SandboxEntra, SandboxEntraUser } from './model.js';

const GLOBAL_ADMIN_TEMPLATE = '62e90394-69f5-4237-9190-012177145e10';
const ROLE_TEMPLATES: Record<string, string> = {
  'Global Administrator': GLOBAL_ADMIN_TEMPLATE,
  'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'Security Reader': '5d6b6bb7-de71-4623-b4af-96380a352509',
  'Helpdesk Administrator': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
};
const issued = new WeakMap<SandboxEntra, Set<string>>();

const graphError = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  json(
    status,
    { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } },
    headers,
  );

export function handleEntra(req: SandboxRequest, t: SandboxEntra, ctx: SandboxContext): SandboxResponse {
  const tokenPath = `/${t.tenantId}/oauth2/v2.0/token`;
  if (req.method === 'POST' && req.path.endsWith('/oauth2/v2.0/token')) return token(req, t, ctx, req.path === tokenPath);
  const selectsSignIn = (req.query.get('$select') ?? '').includes('signInActivity');
  const routes: Array<[RegExp, string[], string, () => SandboxResponse]> = [
    [
      /^\/v1\.0\/users$/,
      selectsSignIn ? ['User.Read.All', 'AuditLog.Read.All'] : ['User.Read.All'],
      'users',
      () =>
        page(
          req,
          t,
          t.users.filter((u) => !u.deletedDateTime).map((u) => userJson(u, selectsSignIn)),
        ),
    ],
    [
      /^\/v1\.0\/directory\/deletedItems\/microsoft\.graph\.user$/,
      ['User.Read.All'],
      'deletedUsers',
      () =>
        page(
          req,
          t,
          t.users.filter((u) => u.deletedDateTime).map((u) => ({ ...userJson(u, false), deletedDateTime: u.deletedDateTime })),
        ),
    ],
    [
      /^\/v1\.0\/reports\/authenticationMethods\/userRegistrationDetails$/,
      ['AuditLog.Read.All'],
      'userRegistrationDetails',
      () => page(req, t, t.users.map(registration)),
    ],
    [
      /^\/v1\.0\/directoryRoles$/,
      ['RoleManagement.Read.Directory'],
      'directoryRoles',
      () => json(200, { '@odata.context': `${req.baseUrl}/v1.0/$metadata#directoryRoles`, value: directoryRoles(t, req.query.get('$expand') === 'members') }),
    ],
    [/^\/v1\.0\/directoryRoles\/[^/]+\/members$/, ['RoleManagement.Read.Directory'], 'directoryRoleMembers', () => roleMembers(req, t)],
    [
      /^\/v1\.0\/roleManagement\/directory\/roleEligibilitySchedules$/,
      ['RoleManagement.Read.Directory'],
      'roleEligibilitySchedules',
      () =>
        t.pim === false
          ? graphError(400, 'AadPremiumLicenseRequired', 'The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.')
          : page(req, t, eligibilitySchedules(t, req.query.get('$expand') === 'principal')),
    ],
    [/^\/v1\.0\/identity\/conditionalAccess\/policies$/, ['Policy.Read.All'], 'conditionalAccessPolicies', () => page(req, t, t.conditionalAccessPolicies)],
    [
      /^\/v1\.0\/policies\/identitySecurityDefaultsEnforcementPolicy$/,
      ['Policy.Read.All'],
      'securityDefaults',
      () =>
        json(200, {
          id: '00000000-0000-0000-0000-000000000005',
          displayName: 'Security Defaults',
          description: 'Security defaults is a set of basic identity security mechanisms recommended by Microsoft.',
          isEnabled: t.securityDefaultsEnabled,
        }),
    ],
  ];
  const route = routes.find(([re]) => re.test(req.path));
  if (!route || req.method !== 'GET') return graphError(400, 'BadRequest', `Resource not found for the segment '${req.path.split('/').pop()}'.`);
  const [, permissions, op, handle] = route;
  ctx.count(`entra:${op}`);
  const auth = String(req.headers.authorization ?? '');
  if (!auth.startsWith('Bearer ') || !issued.get(t)?.has(auth.slice(7)))
    return graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
  const dice = rollFaults(ctx);
  if (dice === 'throttle') {
    ctx.count('entra:429');
    return graphError(429, 'TooManyRequests', 'Too many requests.', { 'retry-after': '1' });
  }
  if (dice === 'server-error') return graphError(503, 'serviceNotAvailable', 'The service is temporarily unavailable.');
  const missing = permissions.filter((p) => denied(ctx, p) || !t.permissions.includes(p));
  if (missing.length) {
    if (op === 'users' && selectsSignIn && !missing.includes('User.Read.All'))
      return graphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', "Neither tenant is B2C or tenant doesn't have premium license");
    return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  }
  return handle();
}

function page(req: SandboxRequest, t: SandboxEntra, items: unknown[]): SandboxResponse {
  const size = Math.min(Number(req.query.get('$top') ?? 100) || 100, t.maxPageSize ?? 999);
  const skip = Number(req.query.get('$skiptoken') ?? 0) || 0;
  const next = new URLSearchParams(req.query);
  next.set('$skiptoken', String(skip + size));
  return json(200, {
    '@odata.context': `${req.baseUrl}${req.path}`,
    value: items.slice(skip, skip + size),
    ...(skip + size < items.length ? { '@odata.nextLink': `${req.baseUrl}${req.path}?${next}` } : {}),
  });
}

function userJson(u: SandboxEntraUser, withSignIn: boolean) {
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    displayName: u.displayName,
    mail: u.mail ?? null,
    accountEnabled: u.accountEnabled,
    createdDateTime: u.createdDateTime,
    userType: u.userType,
    // Graph omits signInActivity for a user who never signed in.
    ...(withSignIn && u.lastSignInDateTime
      ? {
          signInActivity: {
            lastSignInDateTime: u.lastSignInDateTime,
            lastSignInRequestId: randomUUID(),
            lastNonInteractiveSignInDateTime: null,
            lastNonInteractiveSignInRequestId: null,
          },
        }
      : {}),
  };
}

const MFA_METHODS = new Set([
  'microsoftAuthenticatorPush',
  'softwareOneTimePasscode',
  'hardwareOneTimePasscode',
  'mobilePhone',
  'alternateMobilePhone',
  'officePhone',
  'fido2SecurityKey',
  'passKeyDeviceBound',
  'passKeyDeviceBoundAuthenticator',
  'windowsHelloForBusiness',
  'microsoftAuthenticatorPasswordless',
]);

function registration(u: SandboxEntraUser) {
  const mfa = u.methodsRegistered.some((m) => MFA_METHODS.has(m));
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    userDisplayName: u.displayName,
    userType: u.userType.toLowerCase(),
    isAdmin: u.roles.length > 0,
    isSsprRegistered: u.methodsRegistered.length > 0,
    isSsprEnabled: true,
    isSsprCapable: u.methodsRegistered.length > 0,
    isMfaRegistered: mfa,
    isMfaCapable: mfa,
    isPasswordlessCapable: u.methodsRegistered.some((m) => m.startsWith('passKey') || m === 'fido2SecurityKey' || m === 'windowsHelloForBusiness'),
    isSystemPreferredAuthenticationMethodEnabled: false,
    methodsRegistered: u.methodsRegistered,
    systemPreferredAuthenticationMethods: [],
    userPreferredMethodForSecondaryAuthentication: mfa ? 'push' : 'none',
    lastUpdatedDateTime: u.createdDateTime,
  };
}

const roleNames = (t: SandboxEntra) => [...new Set(t.users.flatMap((u) => u.roles))];
const templateOf = (name: string) => ROLE_TEMPLATES[name] ?? `0000aaaa-${Buffer.from(name).toString('hex').slice(0, 4)}-4000-8000-000000000000`;
const memberJson = (u: SandboxEntraUser) => ({
  '@odata.type': '#microsoft.graph.user',
  id: u.id,
  userPrincipalName: u.userPrincipalName,
  displayName: u.displayName,
});

/** Activated roles; `$expand=members` returns at most 20 members per role and no next link, as Graph does. */
function directoryRoles(t: SandboxEntra, expandMembers: boolean) {
  return roleNames(t).map((name, i) => ({
    id: `role-${i}`,
    displayName: name,
    description: name,
    roleTemplateId: templateOf(name),
    ...(expandMembers
      ? {
          members: t.users
            .filter((u) => u.roles.includes(name))
            .slice(0, 20)
            .map(memberJson),
        }
      : {}),
  }));
}

function roleMembers(req: SandboxRequest, t: SandboxEntra): SandboxResponse {
  const index = Number(/role-(\d+)/.exec(req.path)?.[1] ?? -1);
  const name = roleNames(t)[index];
  if (name === undefined)
    return graphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${req.path.split('/')[3]}' does not exist or one of its queried reference-property objects are not present.`,
    );
  return page(req, t, t.users.filter((u) => u.roles.includes(name)).map(memberJson));
}

/** PIM: unifiedRoleEligibilitySchedule objects (roleDefinitionId is the built-in role's template id). */
function eligibilitySchedules(t: SandboxEntra, expandPrincipal: boolean) {
  return t.users.flatMap((u) =>
    (u.eligibleRoles ?? []).map((name) => ({
      id: `elig-${u.id}-${templateOf(name)}`,
      principalId: u.id,
      roleDefinitionId: templateOf(name),
      directoryScopeId: '/',
      appScopeId: null,
      memberType: 'Direct',
      status: 'Provisioned',
      createdUsing: randomUUID(),
      createdDateTime: u.createdDateTime,
      modifiedDateTime: null,
      scheduleInfo: { startDateTime: u.createdDateTime, recurrence: null, expiration: { type: 'noExpiration', endDateTime: null, duration: null } },
      ...(expandPrincipal ? { principal: memberJson(u) } : {}),
    })),
  );
}

function token(req: SandboxRequest, t: SandboxEntra, ctx: SandboxContext, rightTenant: boolean): SandboxResponse {
  ctx.count('entra:token');
  const form = new URLSearchParams(req.body.toString('utf8'));
  if (!rightTenant) return json(400, { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${req.path.split('/')[1]}' not found.` });
  if (form.get('grant_type') !== 'client_credentials')
    return json(400, { error: 'unsupported_grant_type', error_description: 'AADSTS70003: The app requested an unsupported grant type.' });
  if (form.get('client_id') !== t.clientId)
    return json(400, {
      error: 'unauthorized_client',
      error_description: `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory.`,
    });
  if (form.get('client_secret') !== t.clientSecret)
    return json(401, {
      error: 'invalid_client',
      error_description:
        'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
    });
  const access = `eyJ0eXAiOiJKV1Qi.${randomUUID()}`;
  let set = issued.get(t);
  if (!set) {
    set = new Set();
    issued.set(t, set);
  }
  set.add(access);
  return json(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: access });
}
