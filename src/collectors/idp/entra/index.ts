// Microsoft Entra ID through Microsoft Graph: users with signInActivity, authentication-method
// registration details, directory roles with their members and PIM-eligible assignments, conditional access
// policies and security defaults.
// Auth: client credentials (ENTRA_CLIENT_SECRET or AZURE_CLIENT_SECRET); 429 Retry-After is honoured and
// @odata.nextLink followed.
import { collected, failed, type Collected, type CollectionError, type EvidenceRef } from '../../../core/types.js';
import type { EntraConditionalAccessPolicy, EntraMfaPolicy, IdpAdmin, IdpEvidence, IdpUser } from '../../../evidence/idp.js';
import { idpHost } from '../../../config/idp-host.js';
import type { CollectContext, SourceResult } from '../../types.js';
import { attempt, notNeeded, sourceResult, withoutCredentials } from '../common.js';
import { entraMethodFactor, ENTRA_GLOBAL_ADMIN_TEMPLATE } from '../factors.js';
import { describeVendorError, IdpHttp, IdpReadError, type RequestSpec } from '../http.js';
import { ENTRA_KEEP } from '../keep.js';
import type { Keep } from '../../../run/evidence-store.js';
import { IDP_NEEDS } from '../../../evidence/idp.js';

/** Graph application permissions (docs/idp.md). */
export const ENTRA_PERMISSIONS = {
  users: 'User.Read.All',
  signIns: 'AuditLog.Read.All',
  registration: 'AuditLog.Read.All',
  roles: 'RoleManagement.Read.Directory',
  policies: 'Policy.Read.All',
};

interface GraphUser {
  id: string;
  userPrincipalName: string;
  displayName?: string;
  mail?: string | null;
  deletedDateTime?: string | null;
  accountEnabled?: boolean;
  createdDateTime?: string | null;
  userType?: string;
  signInActivity?: { lastSignInDateTime?: string | null; lastNonInteractiveSignInDateTime?: string | null } | null;
}
interface GraphRegistration {
  id: string;
  userPrincipalName: string;
  isAdmin?: boolean;
  isMfaRegistered?: boolean;
  methodsRegistered?: string[];
}
interface GraphRole {
  id: string;
  displayName: string;
  roleTemplateId: string;
}

export async function collectEntra(ctx: CollectContext): Promise<SourceResult<IdpEvidence>> {
  const config = ctx.config.idp;
  if (config?.provider !== 'entra') throw new Error('collectEntra called without an entra config');
  const tenant = idpHost(ctx.config);
  const sourceLabel = `Entra ID (tenant ${config.tenantId})`;
  // idp.apiUrl is Graph's root (national clouds: graph.microsoft.us…); a trailing /v1.0 is tolerated.
  const graph = `${(config.apiUrl ?? 'https://graph.microsoft.com').replace(/\/+$/, '').replace(/\/(v1\.0|beta)$/, '')}/v1.0`;
  const secret = ctx.env.ENTRA_CLIENT_SECRET ?? ctx.env.AZURE_CLIENT_SECRET;
  if (!secret) {
    return withoutCredentials(
      ctx,
      { provider: 'entra', tenant, sourceLabel },
      'No Entra credentials: set ENTRA_CLIENT_SECRET (or AZURE_CLIENT_SECRET) to a client secret of the app registration idp.clientId',
      'ENTRA_CLIENT_SECRET',
    );
  }
  const tokenUrl =
    `${(config.authorityUrl ?? 'https://login.microsoftonline.com').replace(/\/+$/, '')}/` + `${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`;
  let cached: { token: string; expiresAt: number } | undefined;
  const http = new IdpHttp({
    service: 'entra',
    store: ctx.store,
    authHint: `the token of app ${config.clientId} was rejected`,
    ...(ctx.tuning?.maxAttempts ? { maxAttempts: ctx.tuning.maxAttempts } : {}),
    ...(ctx.tuning?.retryBaseMs !== undefined ? { retryBaseMs: ctx.tuning.retryBaseMs } : {}),
    authHeaders: async () => {
      if (!cached || Date.now() > cached.expiresAt - 60_000) {
        const res = await http.postToken(
          'POST oauth2/v2.0/token',
          tokenUrl,
          { grant_type: 'client_credentials', client_id: config.clientId, client_secret: secret, scope: 'https://graph.microsoft.com/.default' },
          { grant_type: 'client_credentials', client_id: config.clientId, scope: 'https://graph.microsoft.com/.default' },
        );
        const body = res.body as { access_token?: string; expires_in?: number } | null;
        if (res.status !== 200 || !body?.access_token) {
          throw new IdpReadError(
            {
              kind: 'auth',
              message:
                `Entra refused a token for app ${config.clientId} in tenant ${config.tenantId} (HTTP ${res.status}` +
                `${describeVendorError(body) ? `: ${describeVendorError(body)}` : ''}): check ENTRA_CLIENT_SECRET`,
              missingPermission: 'ENTRA_CLIENT_SECRET',
            },
            res.status,
          );
        }
        ctx.store.addSecret(body.access_token);
        cached = { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
      }
      return { authorization: `Bearer ${cached.token}` };
    },
  });
  const list = <T>(operation: string, path: string, permission: string, keep: Keep) =>
    http.pages<{ value?: T[]; '@odata.nextLink'?: string }, T>(
      { operation, url: `${graph}${path}`, permission, keep } as RequestSpec,
      (b) => b.value ?? [],
      (res) => res.body['@odata.nextLink'],
    );

  // Users with sign-in activity; without AuditLog.Read.All (or an Entra P1 licence) Graph refuses
  // signInActivity: read users without it and say why sign-ins are unknown.
  let signInError: CollectionError | undefined;
  const users = await attempt(async () => {
    const select = 'id,userPrincipalName,displayName,mail,accountEnabled,createdDateTime,userType';
    let listing: Awaited<ReturnType<typeof list<GraphUser>>>;
    try {
      listing = await list<GraphUser>(
        'GET /users',
        `/users?$select=${select},signInActivity&$top=999`,
        `${ENTRA_PERMISSIONS.users} + ${ENTRA_PERMISSIONS.signIns}`,
        ENTRA_KEEP.users,
      );
    } catch (err) {
      if (!(err instanceof IdpReadError) || err.status !== 403) throw err;
      signInError = {
        ...err.error,
        message: `Graph refused signInActivity (${err.error.message}); grant ${ENTRA_PERMISSIONS.signIns} (needs an Entra ID P1 licence)`,
        missingPermission: ENTRA_PERMISSIONS.signIns,
      };
      listing = await list<GraphUser>('GET /users', `/users?$select=${select}&$top=999`, ENTRA_PERMISSIONS.users, ENTRA_KEEP.users);
    }
    return collected(
      listing.items.map((u, i) => toUser(u, listing.pageRefs[i]!, signInError === undefined)),
      listing.refs,
    );
  });

  // People who left: deleted users stay in the recycle bin for 30 days, with the time of deletion.
  const formerUsers = ctx.needs.has(IDP_NEEDS.people)
    ? await attempt(async () => {
        const deleted = await list<GraphUser>(
          'GET /directory/deletedItems/microsoft.graph.user',
          '/directory/deletedItems/microsoft.graph.user?$select=id,userPrincipalName,displayName,mail,' +
            'accountEnabled,createdDateTime,userType,deletedDateTime&$top=999',
          ENTRA_PERMISSIONS.users,
          ENTRA_KEEP.users,
        );
        return collected(
          deleted.items.map((u, i) => ({
            ...toUser(u, deleted.pageRefs[i]!, false),
            status: 'deprovisioned' as const,
            vendorStatus: 'deleted',
            statusChanged: u.deletedDateTime ?? null,
          })),
          deleted.refs,
        );
      })
    : undefined;

  if (users.ok && ctx.needs.has(IDP_NEEDS.factors)) {
    try {
      const reg = await list<GraphRegistration>(
        'GET /reports/authenticationMethods/userRegistrationDetails',
        '/reports/authenticationMethods/userRegistrationDetails',
        ENTRA_PERMISSIONS.registration,
        ENTRA_KEEP.registration,
      );
      const byId = new Map(reg.items.map((r, i) => [r.id, { r, ref: reg.pageRefs[i]! }]));
      for (const user of users.value) {
        const found = byId.get(user.id);
        user.factors = found
          ? collected((found.r.methodsRegistered ?? []).map(entraMethodFactor), [found.ref])
          : failed({ kind: 'not_found', message: `Graph has no registration details for ${user.login}` }, reg.refs);
      }
    } catch (err) {
      const e = err instanceof IdpReadError ? err : new IdpReadError({ kind: 'other', message: String(err) }, 0);
      for (const user of users.value) user.factors = failed(e.error, e.refs);
    }
  }

  const admins: Collected<IdpAdmin[]> = ctx.needs.has(IDP_NEEDS.admins) ? await attempt(() => directoryAdmins(list)) : notNeeded('Directory roles');

  const mfaPolicy: Collected<EntraMfaPolicy> = ctx.needs.has(IDP_NEEDS.mfaPolicy)
    ? await attempt(async () => {
        const defaults = await http.get<{ isEnabled?: boolean }>({
          operation: 'GET /policies/identitySecurityDefaultsEnforcementPolicy',
          url: `${graph}/policies/identitySecurityDefaultsEnforcementPolicy`,
          permission: ENTRA_PERMISSIONS.policies,
          keep: ENTRA_KEEP.securityDefaults,
        });
        const ca = await list<Record<string, unknown>>(
          'GET /identity/conditionalAccess/policies',
          '/identity/conditionalAccess/policies',
          ENTRA_PERMISSIONS.policies,
          ENTRA_KEEP.conditionalAccess,
        );
        return collected<EntraMfaPolicy>(
          { kind: 'entra', securityDefaultsEnabled: defaults.body.isEnabled === true, conditionalAccess: ca.items.map(toCaPolicy) },
          [defaults.ref, ...ca.refs],
        );
      })
    : notNeeded('Conditional access policies');

  const evidence: IdpEvidence = {
    provider: 'entra',
    tenant,
    sourceLabel,
    users,
    admins,
    mfaPolicy,
    ...(formerUsers ? { formerUsers } : {}),
    ...(signInError ? { signInError } : {}),
  };
  const result = sourceResult(evidence, http, ctx);
  const outcome = result.outcome;
  if (signInError) {
    outcome.status = outcome.status === 'ok' ? 'partial' : outcome.status;
    outcome.missingPermissions = [...new Set([...outcome.missingPermissions, ENTRA_PERMISSIONS.signIns])].sort();
    outcome.reason = [outcome.reason, signInError.message].filter(Boolean).join('; ');
  }
  return result;
}

type GraphLister = <T>(operation: string, path: string, permission: string, keep: Keep) => Promise<{ items: T[]; refs: EvidenceRef[] }>;
interface GraphDirectoryObject {
  '@odata.type'?: string;
  id: string;
}
interface GraphEligibility {
  principalId: string;
  roleDefinitionId: string;
  status?: string;
  principal?: GraphDirectoryObject | null;
}

const isUser = (o: GraphDirectoryObject | null | undefined) => !o?.['@odata.type'] || o['@odata.type'] === '#microsoft.graph.user';

/**
 * Every member of every activated directory role, page by page (`$expand=members` stops at 20 members
 * per role without a next link), plus PIM-eligible assignments: an eligible admin can activate the role
 * at any time, so they count as administrators.
 */
async function directoryAdmins(list: GraphLister): Promise<Collected<IdpAdmin[]>> {
  const roles = await list<GraphRole>('GET /directoryRoles', '/directoryRoles', ENTRA_PERMISSIONS.roles, ENTRA_KEEP.roles);
  const refs = [...roles.refs];
  const byUser = new Map<string, IdpAdmin>();
  const grant = (userId: string, role: string, templateId: string) => {
    const a = byUser.get(userId) ?? { userId, roles: [], superAdmin: false };
    if (!a.roles.includes(role)) a.roles.push(role);
    if (templateId === ENTRA_GLOBAL_ADMIN_TEMPLATE) a.superAdmin = true;
    byUser.set(userId, a);
  };
  for (const role of roles.items) {
    const members = await list<GraphDirectoryObject>(
      'GET /directoryRoles/{id}/members',
      `/directoryRoles/${encodeURIComponent(role.id)}/members?$select=id`,
      ENTRA_PERMISSIONS.roles,
      ENTRA_KEEP.members,
    );
    refs.push(...members.refs);
    for (const m of members.items) if (isUser(m)) grant(m.id, role.displayName, role.roleTemplateId);
  }
  const names = new Map(roles.items.map((r) => [r.roleTemplateId, r.displayName]));
  names.set(ENTRA_GLOBAL_ADMIN_TEMPLATE, names.get(ENTRA_GLOBAL_ADMIN_TEMPLATE) ?? 'Global Administrator');
  try {
    const eligible = await list<GraphEligibility>(
      'GET /roleManagement/directory/roleEligibilitySchedules',
      '/roleManagement/directory/roleEligibilitySchedules?$expand=principal',
      ENTRA_PERMISSIONS.roles,
      ENTRA_KEEP.eligibility,
    );
    refs.push(...eligible.refs);
    for (const e of eligible.items) {
      if (!isUser(e.principal) || (e.status && e.status !== 'Provisioned')) continue;
      grant(e.principalId, `${names.get(e.roleDefinitionId) ?? e.roleDefinitionId} (PIM eligible)`, e.roleDefinitionId);
    }
  } catch (err) {
    // Without an Entra ID P2 / Governance licence there is no PIM, so nobody is eligible: Graph says so with a 400.
    if (!(err instanceof IdpReadError) || err.status !== 400 || !/licen[cs]e|premium|P2/i.test(err.error.message)) throw err;
    refs.push(...err.refs);
  }
  return collected([...byUser.values()], refs);
}

function toUser(u: GraphUser, ref: IdpUser['refs'][number], signInsReadable: boolean): IdpUser {
  const times = [u.signInActivity?.lastSignInDateTime, u.signInActivity?.lastNonInteractiveSignInDateTime].filter((t): t is string => !!t).sort();
  return {
    id: u.id,
    login: u.userPrincipalName,
    ...(u.mail ? { email: u.mail } : {}),
    ...(u.displayName ? { name: u.displayName } : {}),
    // Graph does not say when an account was disabled (that is in the audit log only).
    statusChanged: null,
    status: u.accountEnabled === false ? 'suspended' : u.userType === 'Guest' ? 'guest' : 'active',
    vendorStatus: u.accountEnabled === false ? 'accountEnabled=false' : u.userType === 'Guest' ? 'userType=Guest' : 'enabled',
    created: u.createdDateTime ?? null,
    lastSignIn: !signInsReadable ? null : times.length ? times[times.length - 1]! : 'never',
    factors: failed({ kind: 'other', message: 'registration details were not read' }),
    refs: [ref],
  };
}

const arr = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function toCaPolicy(p: Record<string, unknown>): EntraConditionalAccessPolicy {
  const c = (p.conditions ?? {}) as Record<string, Record<string, unknown> | null | undefined>;
  const users = c.users ?? {};
  const apps = c.applications ?? {};
  const grant = (p.grantControls ?? {}) as { operator?: string; builtInControls?: string[]; authenticationStrength?: { displayName?: string } | null };
  const other: string[] = [];
  if (c.locations) other.push('locations');
  if (c.platforms) other.push('platforms');
  if (c.devices) other.push('devices');
  if (arr(c.signInRiskLevels).length) other.push('sign-in risk');
  if (arr(c.userRiskLevels).length) other.push('user risk');
  if (users.includeGuestsOrExternalUsers || users.excludeGuestsOrExternalUsers) other.push('guest or external user filter');
  return {
    id: String(p.id),
    displayName: String(p.displayName ?? p.id),
    state: String(p.state ?? 'disabled'),
    includeUsers: arr(users.includeUsers),
    excludeUsers: arr(users.excludeUsers),
    includeGroups: arr(users.includeGroups),
    excludeGroups: arr(users.excludeGroups),
    includeRoles: arr(users.includeRoles),
    excludeRoles: arr(users.excludeRoles),
    includeApplications: arr(apps.includeApplications),
    excludeApplications: arr(apps.excludeApplications),
    clientAppTypes: arr(c.clientAppTypes),
    builtInControls: arr(grant.builtInControls),
    operator: grant.operator ?? 'OR',
    authenticationStrength: grant.authenticationStrength ? (grant.authenticationStrength.displayName ?? 'custom') : null,
    otherConditions: other,
  };
}
