// Okta: users (Link rel="next" paging), per-user factors, admin role assignments, and the sign-on,
// authentication and enrollment policies with their rules. Auth: OKTA_API_TOKEN (SSWS) or an OAuth
// service app (private key JWT, read-only scopes).
import { readFileSync } from 'node:fs';
import { collected, failed, type Collected, type EvidenceRef } from '../../../core/types.js';
import type { IdpAdmin, IdpEvidence, IdpFactor, IdpUser, OktaMfaPolicy, OktaPolicy, OktaPolicyRule, PeopleCondition } from '../../../evidence/idp.js';
import { idpHost } from '../../../config/idp-host.js';
import type { CollectContext, SourceResult } from '../../types.js';
import { assertionClaims } from '../auth.js';
import { signJwtRs256 } from '../../jwt.js';
import { attempt, notNeeded, perItem, sourceResult, withoutCredentials } from '../common.js';
import { oktaFactorKind } from '../factors.js';
import { describeVendorError, IdpHttp, IdpReadError, nextLink } from '../http.js';
import { OKTA_KEEP } from '../keep.js';
import type { OktaAppJson, OktaFactorJson, OktaPolicyJson, OktaRoleJson, OktaRuleJson, OktaUserJson } from './types.js';
import { IDP_NEEDS } from '../../../evidence/idp.js';

/** Read-only OAuth scopes an Okta service app needs (docs/idp.md). */
export const OKTA_SCOPES = ['okta.users.read', 'okta.roles.read', 'okta.policies.read', 'okta.groups.read', 'okta.apps.read'];

export async function collectOkta(ctx: CollectContext): Promise<SourceResult<IdpEvidence>> {
  const config = ctx.config.idp;
  if (config?.provider !== 'okta') throw new Error('collectOkta called without an okta config');
  const orgUrl = config.orgUrl.replace(/\/+$/, '');
  const tenant = idpHost(ctx.config);
  let tokenHttp: IdpHttp | undefined;
  const auth = oktaAuth(ctx, orgUrl, config.clientId, () => tokenHttp!);
  if ('error' in auth) {
    return withoutCredentials(ctx, { provider: 'okta', tenant, sourceLabel: `Okta (${tenant})` }, auth.error, 'OKTA_API_TOKEN');
  }
  const http = new IdpHttp({
    service: 'okta',
    store: ctx.store,
    authHeaders: auth.headers,
    authHint: auth.hint,
    probeFirst: true,
    ...(ctx.tuning?.maxAttempts ? { maxAttempts: ctx.tuning.maxAttempts } : {}),
    ...(ctx.tuning?.retryBaseMs !== undefined ? { retryBaseMs: ctx.tuning.retryBaseMs } : {}),
  });
  tokenHttp = http;
  const concurrency = ctx.tuning?.concurrency ?? 10;
  const api = (path: string) => `${orgUrl}${path}`;

  // Users first: factors and roles are read per user.
  const users = await attempt(async () => {
    const { items, refs, pageRefs } = await http.pages<OktaUserJson[], OktaUserJson>(
      { operation: 'GET /api/v1/users', url: api('/api/v1/users?limit=200'), permission: 'okta.users.read', bucket: 'users-list', keep: OKTA_KEEP.users },
      (body) => body,
      (res) => nextLink(res.headers),
    );
    return collected(
      items.map((u, i) => toUser(u, [pageRefs[i]!])),
      refs,
    );
  });

  // The plain listing omits DEPROVISIONED users; people who left are read with Okta's status filter.
  const formerUsers = ctx.needs.has(IDP_NEEDS.people)
    ? await attempt(async () => {
        const filter = encodeURIComponent('status eq "DEPROVISIONED"');
        const { items, refs, pageRefs } = await http.pages<OktaUserJson[], OktaUserJson>(
          {
            operation: 'GET /api/v1/users',
            url: api(`/api/v1/users?filter=${filter}&limit=200`),
            permission: 'okta.users.read',
            bucket: 'users-list',
            keep: OKTA_KEEP.users,
          },
          (body) => body,
          (res) => nextLink(res.headers),
        );
        return collected(
          items.map((u, i) => toUser(u, [pageRefs[i]!])),
          refs,
        );
      })
    : undefined;

  if (users.ok && ctx.needs.has(IDP_NEEDS.factors)) {
    const active = users.value.filter((u) => u.status === 'active');
    const results = await perItem(
      active,
      concurrency,
      async (user) => {
        const res = await http.get<OktaFactorJson[]>({
          operation: 'GET /api/v1/users/{userId}/factors',
          url: api(`/api/v1/users/${encodeURIComponent(user.id)}/factors`),
          permission: 'okta.users.read',
          bucket: 'users-id',
          parameters: { userId: user.id, login: user.login },
          keep: OKTA_KEEP.factors,
        });
        return { factors: res.body.map(toFactor), ref: res.ref };
      },
      (done) => ctx.progress.update('idp', `Okta: factors of ${done}/${active.length} active users`),
    );
    active.forEach((user, i) => {
      const r = results[i]!;
      user.factors = r.ok ? collected(r.value.factors, [r.value.ref]) : r;
    });
  }

  const admins = ctx.needs.has(IDP_NEEDS.admins) ? await collectAdmins(http, api, concurrency, users) : notNeeded<IdpAdmin[]>('Admin role assignments');
  const mfaPolicy = ctx.needs.has(IDP_NEEDS.mfaPolicy) ? await collectPolicies(http, api, concurrency) : notNeeded<OktaMfaPolicy>('The MFA policy');
  const evidence: IdpEvidence = {
    provider: 'okta',
    tenant,
    sourceLabel: `Okta (${tenant})`,
    users,
    admins,
    mfaPolicy,
    ...(formerUsers ? { formerUsers } : {}),
  };
  return sourceResult(evidence, http, ctx);
}

function oktaAuth(
  ctx: CollectContext,
  orgUrl: string,
  clientId: string | undefined,
  http: () => IdpHttp,
): { headers: () => Promise<Record<string, string>>; hint: string } | { error: string } {
  const token = ctx.env.OKTA_API_TOKEN;
  if (token)
    return { headers: async () => ({ authorization: `SSWS ${token}` }), hint: 'OKTA_API_TOKEN was rejected (wrong, expired, or its admin was deactivated)' };
  let pem = ctx.env.OKTA_PRIVATE_KEY;
  if (!pem && ctx.env.OKTA_PRIVATE_KEY_FILE) {
    try {
      pem = readFileSync(ctx.env.OKTA_PRIVATE_KEY_FILE, 'utf8');
    } catch (err) {
      return { error: `OKTA_PRIVATE_KEY_FILE (${ctx.env.OKTA_PRIVATE_KEY_FILE}) cannot be read: ${(err as Error).message}` };
    }
  }
  if (!clientId || !pem) {
    return {
      error:
        'No Okta credentials: set OKTA_API_TOKEN (an API token of a read-only admin), or idp.clientId ' +
        'with OKTA_PRIVATE_KEY / OKTA_PRIVATE_KEY_FILE for an OAuth service app',
    };
  }
  const tokenUrl = `${orgUrl}/oauth2/v1/token`;
  let cached: { token: string; expiresAt: number } | undefined;
  return {
    hint: `the access token of OAuth service app ${clientId} was rejected`,
    headers: async () => {
      if (!cached || Date.now() > cached.expiresAt - 60_000) {
        const assertion = await signJwtRs256(assertionClaims(new Date(), { iss: clientId, sub: clientId, aud: tokenUrl }), pem, ctx.env.OKTA_KEY_ID);
        ctx.store.addSecret(assertion);
        const res = await http().postToken(
          'POST /oauth2/v1/token',
          tokenUrl,
          {
            grant_type: 'client_credentials',
            scope: OKTA_SCOPES.join(' '),
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: assertion,
          },
          { grant_type: 'client_credentials', client_id: clientId, scope: OKTA_SCOPES.join(' ') },
        );
        const body = res.body as { access_token?: string; expires_in?: number } | null;
        if (res.status !== 200 || !body?.access_token) {
          throw new IdpReadError(
            {
              kind: 'auth',
              message:
                `Okta OAuth token request for service app ${clientId} failed (HTTP ${res.status}` +
                `${describeVendorError(body) ? `: ${describeVendorError(body)}` : ''}); grant it the scopes ` +
                `${OKTA_SCOPES.join(', ')}`,
              missingPermission: 'Okta OAuth service app',
            },
            res.status,
          );
        }
        ctx.store.addSecret(body.access_token);
        cached = { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
      }
      return { authorization: `Bearer ${cached.token}` };
    },
  };
}

const ACTIVE_STATUSES = new Set(['ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT']);

function toUser(u: OktaUserJson, refs: IdpUser['refs']): IdpUser {
  const status: IdpUser['status'] = ACTIVE_STATUSES.has(u.status)
    ? 'active'
    : u.status === 'SUSPENDED'
      ? 'suspended'
      : u.status === 'DEPROVISIONED'
        ? 'deprovisioned'
        : 'staged';
  const name = [u.profile?.firstName, u.profile?.lastName].filter(Boolean).join(' ');
  return {
    id: u.id,
    login: u.profile?.login ?? u.id,
    ...(u.profile?.email ? { email: u.profile.email } : {}),
    ...(name ? { name } : {}),
    status,
    statusChanged: status === 'active' ? null : (u.statusChanged ?? null),
    vendorStatus: u.status,
    created: u.created ?? null,
    ...(u.profile?.email ? { email: u.profile.email } : {}),
    ...(u.statusChanged ? { statusChanged: u.statusChanged } : {}),
    lastSignIn: u.lastLogin ?? 'never',
    factors: failed({ kind: 'other', message: status === 'active' ? 'factors were not read' : `factors are not read for ${u.status} users` }),
    refs,
  };
}

function toFactor(f: OktaFactorJson): IdpFactor {
  const state = f.status === 'ACTIVE' ? 'active' : f.status === 'PENDING_ACTIVATION' ? 'pending' : 'inactive';
  return { type: f.factorType, kind: oktaFactorKind(f.factorType), state, status: f.status };
}

async function collectAdmins(http: IdpHttp, api: (p: string) => string, concurrency: number, users: Collected<IdpUser[]>): Promise<Collected<IdpAdmin[]>> {
  return attempt(async () => {
    let listing: { items: Array<{ id: string }>; refs: EvidenceRef[] };
    try {
      listing = await http.pages<{ value: Array<{ id: string }>; _links?: { next?: { href: string } } }, { id: string }>(
        {
          operation: 'GET /api/v1/iam/assignees/users',
          url: api('/api/v1/iam/assignees/users?limit=100'),
          permission: 'okta.roles.read',
          bucket: 'iam-assignees',
          keep: OKTA_KEEP.assignees,
        },
        (body) => body.value ?? [],
        (res) => res.body._links?.next?.href,
      );
    } catch (err) {
      // Orgs without the IAM assignees endpoint: ask every listed user for their roles instead.
      if (!(err instanceof IdpReadError) || (err.status !== 404 && err.status !== 400) || !users.ok) throw err;
      listing = { items: users.value.filter((u) => u.status !== 'deprovisioned').map((u) => ({ id: u.id })), refs: err.refs };
    }
    const roles = await perItem(listing.items, concurrency, (a) =>
      http.get<OktaRoleJson[]>({
        operation: 'GET /api/v1/users/{userId}/roles',
        url: api(`/api/v1/users/${encodeURIComponent(a.id)}/roles`),
        permission: 'okta.roles.read',
        bucket: 'users-id',
        parameters: { userId: a.id },
        keep: OKTA_KEEP.roles,
      }),
    );
    const refs = [...listing.refs];
    const admins: IdpAdmin[] = [];
    for (const [i, a] of listing.items.entries()) {
      const r = roles[i]!;
      if (!r.ok) return failed(r.error, [...refs, ...r.refs]);
      refs.push(r.value.ref);
      const active = r.value.body.filter((role) => (role.status ?? 'ACTIVE') === 'ACTIVE');
      if (active.length === 0) continue;
      admins.push({ userId: a.id, roles: active.map((role) => role.type), superAdmin: active.some((role) => role.type === 'SUPER_ADMIN') });
    }
    return collected(admins, refs);
  });
}

async function collectPolicies(http: IdpHttp, api: (p: string) => string, concurrency: number): Promise<Collected<OktaMfaPolicy>> {
  return attempt(async () => {
    const refs: EvidenceRef[] = [];
    // Group names and the built-in Everyone group; without them exemptions are named by group id and no
    // policy is taken to cover everyone (more rules are judged, never fewer).
    type GroupJson = { id: string; type: string; profile?: { name?: string } };
    let groups: { items: GroupJson[] } = { items: [] };
    try {
      const listing = await http.pages<GroupJson[], GroupJson>(
        { operation: 'GET /api/v1/groups', url: api('/api/v1/groups?limit=200'), permission: 'okta.groups.read', bucket: 'groups', keep: OKTA_KEEP.groups },
        (body) => body,
        (res) => nextLink(res.headers),
      );
      refs.push(...listing.refs);
      groups = listing;
    } catch (err) {
      if (!(err instanceof IdpReadError) || err.error.kind === 'throttled' || err.error.kind === 'unreachable') throw err;
      refs.push(...err.refs);
    }
    const policies: OktaPolicy[] = [];
    for (const type of ['OKTA_SIGN_ON', 'ACCESS_POLICY', 'MFA_ENROLL'] as const) {
      // Classic Engine orgs have no ACCESS_POLICY type and answer 400. Every page is read (Link rel="next").
      const listing = await http.pages<OktaPolicyJson[], OktaPolicyJson>(
        {
          operation: 'GET /api/v1/policies',
          url: api(`/api/v1/policies?type=${type}&limit=200`),
          permission: 'okta.policies.read',
          bucket: 'policies',
          accept: type === 'ACCESS_POLICY' ? [400, 404] : [],
          keep: OKTA_KEEP.policies,
        },
        (body) => (Array.isArray(body) ? body : []),
        (res) => (res.status === 200 ? nextLink(res.headers) : undefined),
      );
      refs.push(...listing.refs);
      const withRules =
        type === 'MFA_ENROLL' ? listing.items.map((p) => ({ p, rules: [] as OktaRuleJson[] })) : await rulesOf(http, api, listing.items, concurrency, refs);
      for (const { p, rules } of withRules) policies.push(toPolicy(p, type, rules));
    }
    const groupMap: OktaMfaPolicy['groups'] = {};
    for (const g of groups.items) groupMap[g.id] = { name: g.profile?.name ?? g.id, type: g.type };
    // Which app uses which authentication policy (SAML and OIDC apps): optional, a missing okta.apps.read
    // only means every authentication policy is judged.
    let apps: OktaMfaPolicy['apps'] = null;
    let appsError: string | undefined;
    try {
      const listing = await http.pages<OktaAppJson[], OktaAppJson>(
        { operation: 'GET /api/v1/apps', url: api('/api/v1/apps?limit=200'), permission: 'okta.apps.read', bucket: 'apps', keep: OKTA_KEEP.apps },
        (body) => body,
        (res) => nextLink(res.headers),
      );
      refs.push(...listing.refs);
      apps = listing.items.map((a) => ({
        id: a.id,
        label: a.label ?? a.name ?? a.id,
        signOnMode: a.signOnMode ?? 'unknown',
        status: a.status ?? 'ACTIVE',
        accessPolicyId: a._links?.accessPolicy?.href?.split('/').pop() ?? null,
      }));
      // Classic Engine apps name no authentication policy: then no policy may be skipped as unused.
      const unmapped = apps.filter((a) => a.status === 'ACTIVE' && !a.accessPolicyId);
      if (unmapped.length) {
        appsError = `${unmapped.length} active app(s) name no authentication policy (${unmapped
          .slice(0, 3)
          .map((a) => a.label)
          .join(', ')})`;
        apps = null;
      }
    } catch (err) {
      if (!(err instanceof IdpReadError) || err.error.kind === 'throttled' || err.error.kind === 'unreachable') throw err;
      appsError = err.error.message;
      refs.push(...err.refs);
    }
    return collected<OktaMfaPolicy>({ kind: 'okta', policies, groups: groupMap, apps, ...(appsError ? { appsError } : {}) }, refs);
  });
}

async function rulesOf(http: IdpHttp, api: (p: string) => string, policies: OktaPolicyJson[], concurrency: number, refs: EvidenceRef[]) {
  const results = await perItem(policies, concurrency, (p) =>
    http.get<OktaRuleJson[]>({
      operation: 'GET /api/v1/policies/{policyId}/rules',
      url: api(`/api/v1/policies/${encodeURIComponent(p.id)}/rules`),
      permission: 'okta.policies.read',
      bucket: 'policies',
      parameters: { policyId: p.id, policy: p.name },
      keep: OKTA_KEEP.rules,
    }),
  );
  return policies.map((p, i) => {
    const r = results[i]!;
    if (!r.ok) throw new IdpReadError(r.error, 0, r.refs);
    refs.push(r.value.ref);
    return { p, rules: r.value.body };
  });
}

function people(c: OktaRuleJson['conditions'] | OktaPolicyJson['conditions']): PeopleCondition | null {
  const p = c?.people;
  if (!p) return null;
  return {
    includeGroups: p.groups?.include ?? [],
    excludeGroups: p.groups?.exclude ?? [],
    includeUsers: p.users?.include ?? [],
    excludeUsers: p.users?.exclude ?? [],
  };
}

const IGNORED_CONDITIONS = new Set(['people', 'network']);

function toRule(r: OktaRuleJson): OktaPolicyRule {
  const c = r.conditions ?? {};
  const other = Object.entries(c)
    .filter(([k, v]) => !IGNORED_CONDITIONS.has(k) && v !== null && v !== undefined && !isNeutral(k, v))
    .map(([k]) => k);
  const signon = r.actions?.signon;
  const app = r.actions?.appSignOn;
  const access = (signon?.access ?? app?.access ?? 'ALLOW') === 'DENY' ? 'DENY' : 'ALLOW';
  let factors: 1 | 2 = 1;
  if (signon) factors = signon.requireFactor === true ? 2 : 1;
  else if (app?.verificationMethod) {
    const vm = app.verificationMethod;
    if (vm.type === 'AUTH_METHOD_CHAIN')
      factors =
        (vm.chains ?? []).length > 0 && (vm.chains ?? []).every((ch) => (ch.authenticationMethods?.length ?? 0) + (ch.next?.length ? 1 : 0) >= 2) ? 2 : 1;
    else factors = vm.factorMode === '2FA' ? 2 : 1;
  }
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    priority: r.priority ?? 0,
    system: r.system === true,
    people: people(c),
    network: c.network?.connection ?? 'ANYWHERE',
    access,
    factors,
    otherConditions: other,
  };
}

/** Conditions present in every rule that do not narrow it (authContext ANY, riskScore ANY…). */
function isNeutral(key: string, value: unknown): boolean {
  const v = value as Record<string, unknown>;
  if (key === 'authContext') return v.authType === 'ANY' || v.authType === undefined;
  if (key === 'riskScore' || key === 'risk') return v.level === 'ANY' || v.level === undefined;
  if (key === 'identityProvider') return v.provider === 'ANY' || v.provider === undefined;
  if (key === 'userType') return !(v.include as unknown[] | undefined)?.length && !(v.exclude as unknown[] | undefined)?.length;
  return false;
}

function toPolicy(p: OktaPolicyJson, type: OktaPolicy['type'], rules: OktaRuleJson[]): OktaPolicy {
  const enroll: Record<string, string> = {};
  for (const a of p.settings?.authenticators ?? []) enroll[a.key] = a.enroll?.self ?? 'NOT_ALLOWED';
  for (const [key, f] of Object.entries(p.settings?.factors ?? {})) enroll[key] = f.enroll?.self ?? 'NOT_ALLOWED';
  return {
    id: p.id,
    name: p.name,
    type,
    status: p.status,
    priority: p.priority ?? 0,
    system: p.system === true,
    people: people(p.conditions),
    rules: rules.map(toRule),
    ...(type === 'MFA_ENROLL' ? { enroll } : {}),
  };
}
