// Google Workspace (/google): the OAuth token endpoint (service-account JWT bearer grant with domain-wide
// delegation), Directory API users.list with nextPageToken, the Cloud Identity policies API, and Google's
// error bodies (401, 403 insufficientPermissions, 403 userRateLimitExceeded, 503).
import { createVerify, randomUUID } from 'node:crypto';
import { decodeJwt } from '../../collectors/idp/auth.js';
import { json, type SandboxContext, type SandboxRequest, type SandboxResponse } from '../http.js';
import { denied, rollFaults } from './common.js';
import type { SandboxGoogle } from './model.js';

const USERS_SCOPE = 'https://www.googleapis.com/auth/admin.directory.user.readonly';
const POLICY_SCOPE = 'https://www.googleapis.com/auth/cloud-identity.policies.readonly';
const REPORTS_SCOPE = 'https://www.googleapis.com/auth/admin.reports.usage.readonly';
const issued = new WeakMap<SandboxGoogle, Map<string, string[]>>();

const gError = (code: number, message: string, reason: string, status: string, domain = 'global') =>
  json(code, { error: { code, message, errors: [{ message, domain, reason }], status } });

export function handleGoogle(req: SandboxRequest, g: SandboxGoogle, ctx: SandboxContext): SandboxResponse {
  if (req.method === 'POST' && req.path === '/token') return token(req, g, ctx);
  const routes: Array<[RegExp, string, string, () => SandboxResponse]> = [
    [/^\/admin\/directory\/v1\/users$/, USERS_SCOPE, 'users.list', () => listUsers(req, g)],
    [/^\/v1\/policies$/, POLICY_SCOPE, 'policies.list', () => listPolicies(g)],
    [/^\/admin\/reports\/v1\/usage\/users\/[^/]+\/dates\/\d{4}-\d{2}-\d{2}$/, REPORTS_SCOPE, 'userUsageReport.get', () => usageReport(req, g)],
  ];
  const route = routes.find(([re]) => re.test(req.path));
  if (!route || req.method !== 'GET') return gError(404, 'Not Found', 'notFound', 'NOT_FOUND');
  const [, scope, op, handle] = route;
  ctx.count(`google:${op}`);
  const auth = String(req.headers.authorization ?? '');
  const tokenScopes = auth.startsWith('Bearer ') ? (issued.get(g)?.get(auth.slice(7)) ?? g.accessTokens[auth.slice(7)]) : undefined;
  if (!tokenScopes)
    return gError(
      401,
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      'authError',
      'UNAUTHENTICATED',
    );
  const dice = rollFaults(ctx);
  if (dice === 'throttle') {
    ctx.count('google:quota');
    return gError(
      403,
      "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'admin.googleapis.com'.",
      'userRateLimitExceeded',
      'PERMISSION_DENIED',
      'usageLimits',
    );
  }
  if (dice === 'server-error') return gError(503, 'The service is currently unavailable.', 'backendError', 'UNAVAILABLE');
  if (denied(ctx, scope) || !tokenScopes.includes(scope))
    return gError(403, 'Request had insufficient authentication scopes.', 'insufficientPermissions', 'PERMISSION_DENIED');
  return handle();
}

/** Google's `fields` partial response, for `users(a,b,name/fullName)`: only the named top-level user fields. */
function masked(user: Record<string, unknown>, fields: string | null): Record<string, unknown> {
  const inner = fields ? /users\(([^)]*)\)/.exec(fields)?.[1] : undefined;
  if (!inner) return user;
  const keys = new Set(inner.split(',').map((f) => f.trim().split('/')[0]!));
  return Object.fromEntries(Object.entries(user).filter(([k]) => keys.has(k)));
}

function listUsers(req: SandboxRequest, g: SandboxGoogle): SandboxResponse {
  const customer = req.query.get('customer');
  const domain = req.query.get('domain');
  if (customer !== 'my_customer' && customer !== g.customerId && domain !== g.domain) return gError(400, 'Bad Request', 'badRequest', 'INVALID_ARGUMENT');
  const max = Math.min(Number(req.query.get('maxResults') ?? 100) || 100, 500, g.maxPageSize ?? 500);
  const start = Number(req.query.get('pageToken') ?? 0) || 0;
  const users = [...g.users].sort((a, b) => a.primaryEmail.localeCompare(b.primaryEmail));
  const slice = users.slice(start, start + max);
  return json(200, {
    kind: 'admin#directory#users',
    etag: `"${randomUUID()}"`,
    users: slice
      .map((u) => ({
        kind: 'admin#directory#user',
        agreedToTerms: true,
        changePasswordAtNextLogin: false,
        ipWhitelisted: false,
        emails: [{ address: u.primaryEmail, primary: true }],
        // Personal data a Directory user carries unless a field mask leaves it out.
        phones: [{ value: '+1-202-555-0142', type: 'mobile' }],
        addresses: [{ type: 'home', formatted: '42 Sandbox Lane, Springfield' }],
        recoveryPhone: '+12025550199',
        recoveryEmail: `private.${u.primaryEmail}`,
        customerId: g.customerId,
        isMailboxSetup: true,
        includeInGlobalAddressList: true,
        ...u,
      }))
      .map((u) => masked(u, req.query.get('fields'))),
    ...(start + max < users.length ? { nextPageToken: String(start + max) } : {}),
  });
}

function listPolicies(g: SandboxGoogle): SandboxResponse {
  if (g.twoStepPolicies === null)
    return json(403, {
      error: { code: 403, message: 'Cloud Identity API has not been used in project 1234567 before or it is disabled.', status: 'PERMISSION_DENIED' },
    });
  return json(200, {
    policies: g.twoStepPolicies.map((p, i) => ({
      name: `policies/2sv${i}`,
      customer: `customers/${g.customerId}`,
      policyQuery: {
        orgUnit: p.orgUnit,
        ...(p.group ? { group: p.group } : {}),
        query: "entity.org_units.exists(org_unit, org_unit.org_unit_id == orgUnitId('x'))",
        sortOrder: i,
      },
      setting: { type: 'settings/security.two_step_verification_enforcement', value: p.enforcedFrom ? { enforcedFrom: p.enforcedFrom } : {} },
      type: 'ADMIN',
    })),
  });
}

function token(req: SandboxRequest, g: SandboxGoogle, ctx: SandboxContext): SandboxResponse {
  ctx.count('google:token');
  const form = new URLSearchParams(req.body.toString('utf8'));
  if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
    return json(400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type.' });
  let jwt: ReturnType<typeof decodeJwt>;
  try {
    jwt = decodeJwt(form.get('assertion') ?? '');
  } catch {
    return json(400, { error: 'invalid_grant', error_description: 'Invalid JWT: assertion is not a JWT.' });
  }
  const sa = g.serviceAccounts[String(jwt.claims.iss ?? '')];
  if (!sa || !createVerify('RSA-SHA256').update(jwt.signingInput).verify(sa.publicKeyPem, jwt.signature))
    return json(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
  if (!jwt.claims.sub) return json(400, { error: 'invalid_grant', error_description: 'Domain-wide delegation requires a subject (the admin to impersonate).' });
  const requested = String(jwt.claims.scope ?? '')
    .split(' ')
    .filter(Boolean);
  // Google refuses the whole grant when any requested scope is not delegated.
  if (requested.some((s) => !sa.scopes.includes(s)))
    return json(401, {
      error: 'unauthorized_client',
      error_description: 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
    });
  const access = `ya29.${randomUUID()}`;
  let map = issued.get(g);
  if (!map) {
    map = new Map();
    issued.set(g, map);
  }
  map.set(access, requested);
  return json(200, { access_token: access, expires_in: 3599, token_type: 'Bearer' });
}

function usageReport(req: SandboxRequest, g: SandboxGoogle): SandboxResponse {
  const [, , , , , , userKey, , date] = req.path.split('/');
  const user = g.users.find((u) => u.primaryEmail === decodeURIComponent(userKey ?? '') || u.id === userKey);
  if (!user) return gError(404, 'Resource Not Found: userKey', 'notFound', 'NOT_FOUND');
  return json(200, {
    kind: 'admin#reports#usageReports',
    usageReports: [
      {
        kind: 'admin#reports#usageReport',
        date,
        entity: { type: 'USER', customerId: g.customerId, userEmail: user.primaryEmail, profileId: user.id },
        parameters: [{ name: 'accounts:num_security_keys', intValue: String(user.securityKeys ?? 0) }],
      },
    ],
  });
}
