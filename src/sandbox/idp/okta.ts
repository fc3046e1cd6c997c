// Okta management API (/okta): users with Link paging, factors, admin roles, groups, policies and rules,
// the OAuth token endpoint for service apps (private key JWT), and Okta's rate-limit headers and errors.
import { createVerify, randomUUID } from 'node:crypto';
import { decodeJwt } from '../../collectors/idp/auth.js';
import { json, type SandboxContext, type SandboxRequest, type SandboxResponse } from '../http.js';
import { denied, RateWindows, rollFaults } from './common.js';
import type { SandboxOkta, SandboxOktaUser } from './model.js';

const windows = new WeakMap<SandboxOkta, RateWindows>();
const issuedTokens = new WeakMap<SandboxOkta, Map<string, string[]>>();

const oktaError = (status: number, code: string, summary: string, headers: Record<string, string> = {}) =>
  json(
    status,
    { errorCode: code, errorSummary: summary, errorLink: code, errorId: `oae${randomUUID().replace(/-/g, '').slice(0, 19)}`, errorCauses: [] },
    headers,
  );

interface Route {
  bucket: string;
  scope: string;
  op: string;
  handle: (m: RegExpExecArray) => SandboxResponse;
}

export function handleOkta(req: SandboxRequest, org: SandboxOkta, ctx: SandboxContext): SandboxResponse {
  if (req.method === 'POST' && req.path === '/oauth2/v1/token') return token(req, org);
  const routes: Array<[RegExp, Route]> = [
    [/^\/api\/v1\/users$/, { bucket: 'users', scope: 'okta.users.read', op: 'listUsers', handle: () => listUsers(req, org) }],
    [/^\/api\/v1\/users\/([^/]+)\/factors$/, { bucket: 'users-id', scope: 'okta.users.read', op: 'listFactors', handle: (m) => factors(req, org, m[1]!) }],
    [/^\/api\/v1\/users\/([^/]+)\/roles$/, { bucket: 'users-id', scope: 'okta.roles.read', op: 'listRoles', handle: (m) => roles(req, org, m[1]!) }],
    [/^\/api\/v1\/iam\/assignees\/users$/, { bucket: 'iam', scope: 'okta.roles.read', op: 'listAssignees', handle: () => assignees(req, org) }],
    [/^\/api\/v1\/groups$/, { bucket: 'groups', scope: 'okta.groups.read', op: 'listGroups', handle: () => groups(req, org) }],
    [/^\/api\/v1\/apps$/, { bucket: 'apps', scope: 'okta.apps.read', op: 'listApps', handle: () => apps(req, org) }],
    [/^\/api\/v1\/policies$/, { bucket: 'policies', scope: 'okta.policies.read', op: 'listPolicies', handle: () => policies(req, org) }],
    [/^\/api\/v1\/policies\/([^/]+)\/rules$/, { bucket: 'policies', scope: 'okta.policies.read', op: 'listRules', handle: (m) => rules(org, m[1]!) }],
  ];
  const found = routes.map(([re, r]) => [re.exec(req.path), r] as const).find(([m]) => m);
  if (!found || req.method !== 'GET') return oktaError(404, 'E0000022', `The endpoint does not support the provided HTTP method`);
  const [match, route] = found;
  ctx.count(`okta:${route.op}`);

  const auth = String(req.headers.authorization ?? '');
  let scopes: string[] | undefined;
  if (auth === `SSWS ${org.apiToken}`) scopes = undefined;
  else if (auth.startsWith('Bearer ') && issuedTokens.get(org)?.has(auth.slice(7))) scopes = issuedTokens.get(org)!.get(auth.slice(7));
  else return oktaError(401, 'E0000011', 'Invalid token provided');

  let rate = windows.get(org);
  if (!rate) {
    rate = new RateWindows(org.rateLimitPerMinute ?? 600, (org.rateLimitWindowSeconds ?? 60) * 1000);
    windows.set(org, rate);
  }
  const r = rate.take(route.bucket);
  const headers = {
    'x-rate-limit-limit': String(r.limit),
    'x-rate-limit-remaining': String(r.remaining),
    'x-rate-limit-reset': String(r.reset),
    'x-okta-request-id': randomUUID().replace(/-/g, '').slice(0, 20),
    date: new Date().toUTCString(),
  };
  const dice = rollFaults(ctx);
  if (r.exceeded || dice === 'throttle') {
    ctx.count('okta:429');
    // Dice 429s stand for Okta's short concurrency limit: they clear within the second.
    const reset = r.exceeded ? r.reset : Math.ceil(Date.now() / 1000);
    return oktaError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.', {
      ...headers,
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': String(reset),
    });
  }
  if (dice === 'server-error') return oktaError(500, 'E0000009', 'Internal Server Error', headers);
  if (denied(ctx, route.scope) || (scopes && !scopes.includes(route.scope))) {
    return oktaError(403, 'E0000006', 'You do not have permission to perform the requested action', {
      ...headers,
      ...(scopes
        ? {
            'www-authenticate':
              `Bearer authorization_uri="${req.baseUrl}/oauth2/v1/authorize", realm="IdpMyAccountAPI", ` +
              `scope="${route.scope}", error="insufficient_scope", error_description="The ` +
              'access token provided does not contain the required scopes."',
          }
        : {}),
    });
  }
  const res = route.handle(match!);
  return { ...res, headers: { ...res.headers, ...headers } };
}

function page<T extends { id: string }>(req: SandboxRequest, org: SandboxOkta, items: T[], path: string): { items: T[]; link: string } {
  const limit = Math.min(Number(req.query.get('limit') ?? 200) || 200, org.maxPageSize ?? 200);
  const after = req.query.get('after');
  const start = after ? items.findIndex((i) => i.id === after) + 1 : 0;
  const slice = items.slice(start, start + limit);
  const extra = [...req.query.entries()]
    .filter(([k]) => k !== 'after' && k !== 'limit')
    .map(([k, v]) => `&${k}=${encodeURIComponent(v)}`)
    .join('');
  const links = [`<${req.baseUrl}${path}?limit=${limit}${extra}>; rel="self"`];
  if (start + limit < items.length) links.push(`<${req.baseUrl}${path}?after=${slice[slice.length - 1]!.id}&limit=${limit}${extra}>; rel="next"`);
  return { items: slice, link: links.join(', ') };
}

function userJson(u: SandboxOktaUser, base: string) {
  return {
    id: u.id,
    status: u.status,
    created: u.created,
    activated: u.status === 'STAGED' ? null : u.created,
    statusChanged: u.statusChanged ?? u.created,
    lastLogin: u.lastLogin,
    lastUpdated: u.created,
    passwordChanged: u.created,
    type: { id: 'oty1162QAr8hJjTaq0g4' },
    // Personal data Okta profiles carry and the tool must not keep (phones, home address).
    profile: {
      firstName: u.firstName,
      lastName: u.lastName,
      mobilePhone: sandboxPhone(u.id),
      primaryPhone: sandboxPhone(`${u.id}p`),
      streetAddress: `${u.id.length} Sandbox Street`,
      city: 'Springfield',
      zipCode: '99999',
      secondEmail: null,
      login: u.login,
      email: u.login,
    },
    credentials: { password: {}, provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: `${base}/api/v1/users/${u.id}` } },
  };
}

/** A made-up phone number (555-01xx is reserved for fiction), stable per user. */
export function sandboxPhone(seed: string): string {
  let n = 0;
  for (const c of seed) n = (n * 31 + c.charCodeAt(0)) % 100;
  return `+1-202-555-01${String(n).padStart(2, '0')}`;
}

function listUsers(req: SandboxRequest, org: SandboxOkta): SandboxResponse {
  // Okta omits DEPROVISIONED users unless asked for them with a filter (`status eq "…"`, the one filter served here).
  const filter = req.query.get('filter')?.match(/^status eq "([A-Z_]+)"$/);
  if (req.query.get('filter') && !filter)
    return json(400, { errorCode: 'E0000031', errorSummary: 'Invalid search criteria.', errorLink: 'E0000031', errorId: 'sandbox', errorCauses: [] });
  const visible = filter ? org.users.filter((u) => u.status === filter[1]) : org.users.filter((u) => u.status !== 'DEPROVISIONED');
  const { items, link } = page(req, org, visible, '/api/v1/users');
  return json(
    200,
    items.map((u) => userJson(u, req.baseUrl)),
    { link },
  );
}

const findUser = (org: SandboxOkta, id: string) => org.users.find((u) => u.id === id || u.login === decodeURIComponent(id));

function factors(req: SandboxRequest, org: SandboxOkta, id: string): SandboxResponse {
  const user = findUser(org, id);
  if (!user) return oktaError(404, 'E0000007', `Not found: Resource not found: ${id} (User)`);
  return json(
    200,
    user.factors.map((f, i) => ({
      id: `${f.type.replace(/[^a-z]/g, '').slice(0, 3)}${user.id.slice(3, 12)}${i}`,
      factorType: f.type,
      provider: f.provider ?? (f.type === 'webauthn' ? 'FIDO' : f.type.startsWith('token:software') ? 'GOOGLE' : 'OKTA'),
      vendorName: f.provider ?? 'OKTA',
      status: f.status,
      created: user.created,
      lastUpdated: user.created,
      // SMS and call factors name the phone number they text or call.
      profile:
        f.type === 'sms' || f.type === 'call'
          ? { phoneNumber: sandboxPhone(user.id), phoneExtension: null }
          : f.type === 'email'
            ? { email: `private.${user.login}` }
            : {},
      _links: { self: { href: `${req.baseUrl}/api/v1/users/${user.id}/factors/${i}` } },
    })),
  );
}

const ROLE_LABELS: Record<string, string> = {
  SUPER_ADMIN: 'Super Administrator',
  ORG_ADMIN: 'Organizational Administrator',
  APP_ADMIN: 'Application Administrator',
  USER_ADMIN: 'Group Administrator',
  HELP_DESK_ADMIN: 'Help Desk Administrator',
  READ_ONLY_ADMIN: 'Read Only Administrator',
  REPORT_ADMIN: 'Report Administrator',
};

function roles(req: SandboxRequest, org: SandboxOkta, id: string): SandboxResponse {
  const user = findUser(org, id);
  if (!user) return oktaError(404, 'E0000007', `Not found: Resource not found: ${id} (User)`);
  return json(
    200,
    user.roles.map((type, i) => ({
      id: `ra1${user.id.slice(3, 12)}${i}`,
      label: ROLE_LABELS[type] ?? type,
      type,
      status: 'ACTIVE',
      created: user.created,
      lastUpdated: user.created,
      assignmentType: 'USER',
      _links: { assignee: { href: `${req.baseUrl}/api/v1/users/${user.id}` } },
    })),
  );
}

function assignees(req: SandboxRequest, org: SandboxOkta): SandboxResponse {
  if (org.noIamAssignees) return oktaError(404, 'E0000022', 'The endpoint does not support the provided HTTP method');
  const admins = org.users.filter((u) => u.roles.length > 0 && u.status !== 'DEPROVISIONED');
  const { items, link } = page(req, org, admins, '/api/v1/iam/assignees/users');
  const next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
  return json(200, {
    value: items.map((u) => ({
      id: u.id,
      orgId: '00o1sandbox',
      _links: { self: { href: `${req.baseUrl}/api/v1/users/${u.id}` }, roles: { href: `${req.baseUrl}/api/v1/users/${u.id}/roles` } },
    })),
    _links: { ...(next ? { next: { href: next } } : {}) },
  });
}

function groups(req: SandboxRequest, org: SandboxOkta): SandboxResponse {
  const { items, link } = page(req, org, org.groups, '/api/v1/groups');
  return json(
    200,
    items.map((g) => ({ id: g.id, created: '2023-01-01T00:00:00.000Z', type: g.type, profile: { name: g.name, description: null } })),
    { link },
  );
}

function policies(req: SandboxRequest, org: SandboxOkta): SandboxResponse {
  const type = req.query.get('type');
  if (!type) return oktaError(400, 'E0000001', 'Api validation failed: type');
  // Paged like every Okta list (limit + Link rel="next").
  const { items, link } = page(
    req,
    org,
    org.policies.filter((p) => p.type === type),
    '/api/v1/policies',
  );
  return json(
    200,
    items.map(({ rules: _r, ...p }) => ({ ...p, _links: { rules: { href: `${req.baseUrl}/api/v1/policies/${p.id}/rules` } } })),
    { link },
  );
}

function rules(org: SandboxOkta, id: string): SandboxResponse {
  const policy = org.policies.find((p) => p.id === id);
  if (!policy) return oktaError(404, 'E0000007', `Not found: Resource not found: ${id} (Policy)`);
  return json(200, policy.rules);
}

function token(req: SandboxRequest, org: SandboxOkta): SandboxResponse {
  const form = new URLSearchParams(req.body.toString('utf8'));
  const bad = (desc: string) => json(401, { error: 'invalid_client', error_description: desc });
  if (form.get('grant_type') !== 'client_credentials')
    return json(400, { error: 'unsupported_grant_type', error_description: 'The authorization grant type is not supported.' });
  const assertion = form.get('client_assertion');
  if (!assertion) return bad('client_assertion is required');
  let jwt: ReturnType<typeof decodeJwt>;
  try {
    jwt = decodeJwt(assertion);
  } catch {
    return bad('The client_assertion is not a JWT.');
  }
  const clientId = String(jwt.claims.iss ?? '');
  const app = org.serviceApps?.[clientId];
  if (!app || jwt.claims.sub !== clientId) return bad('Invalid value for client_id parameter.');
  if (!createVerify('RSA-SHA256').update(jwt.signingInput).verify(app.publicKeyPem, jwt.signature)) return bad('The client_assertion signature is invalid.');
  if (!String(jwt.claims.aud ?? '').endsWith('/oauth2/v1/token')) return bad('The audience claim of client_assertion is invalid.');
  const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
  const granted = requested.filter((s) => app.scopes.includes(s));
  if (granted.length === 0)
    return json(400, {
      error: 'invalid_scope',
      error_description: "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
    });
  const access = `eyJraWQi.${randomUUID()}`;
  let issued = issuedTokens.get(org);
  if (!issued) {
    issued = new Map();
    issuedTokens.set(org, issued);
  }
  issued.set(access, granted);
  return json(200, { token_type: 'Bearer', expires_in: 3600, access_token: access, scope: granted.join(' ') });
}

function apps(req: SandboxRequest, org: SandboxOkta): SandboxResponse {
  const { items, link } = page(req, org, org.apps ?? [], '/api/v1/apps');
  return json(
    200,
    items.map((a) => ({
      id: a.id,
      name: a.name,
      label: a.label,
      status: a.status,
      signOnMode: a.signOnMode,
      created: '2024-01-01T00:00:00.000Z',
      _links: { accessPolicy: { href: `${req.baseUrl}/api/v1/policies/${a.accessPolicyId}` }, self: { href: `${req.baseUrl}/api/v1/apps/${a.id}` } },
    })),
    { link },
  );
}
