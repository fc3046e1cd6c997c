// Google Workspace: Directory API users.list (2SV enrolment and enforcement, last login, admin flags) and
// the Cloud Identity policy API for 2SV enforcement where readable. Auth: a service account with
// domain-wide delegation acting as idp.adminEmail (GOOGLE_APPLICATION_CREDENTIALS, JWT bearer grant signed
// with node:crypto), or a ready GOOGLE_OAUTH_ACCESS_TOKEN.
import { readFileSync } from 'node:fs';
import { collected, failed, type Collected } from '../../../core/types.js';
import { errorMessage } from '../../../core/errors.js';
import type { GoogleMfaPolicy, IdpAdmin, IdpEvidence, IdpUser } from '../../../evidence/idp.js';
import { idpHost } from '../../../config/idp-host.js';
import type { CollectContext, SourceResult } from '../../types.js';
import { assertionClaims } from '../auth.js';
import { signJwtRs256 } from '../../jwt.js';
import { attempt, notNeeded, sourceResult, withoutCredentials } from '../common.js';
import { describeVendorError, IdpHttp, IdpReadError, type RequestSpec } from '../http.js';
import { GOOGLE_KEEP, GOOGLE_USER_FIELDS } from '../keep.js';
import { IDP_NEEDS } from '../../../evidence/idp.js';

export const GOOGLE_SCOPES = {
  users: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  policies: 'https://www.googleapis.com/auth/cloud-identity.policies.readonly',
  reports: 'https://www.googleapis.com/auth/admin.reports.usage.readonly',
};

interface GoogleUserJson {
  id: string;
  primaryEmail: string;
  name?: { fullName?: string };
  isAdmin?: boolean;
  isDelegatedAdmin?: boolean;
  suspended?: boolean;
  archived?: boolean;
  isEnrolledIn2Sv?: boolean;
  isEnforcedIn2Sv?: boolean;
  creationTime?: string;
  lastLoginTime?: string;
}

interface GooglePolicyJson {
  name: string;
  policyQuery?: { orgUnit?: string; group?: string; query?: string };
  setting?: { type?: string; value?: { enforcedFrom?: string | null } };
  type?: string;
}

export async function collectGoogle(ctx: CollectContext): Promise<SourceResult<IdpEvidence>> {
  const config = ctx.config.idp;
  if (config?.provider !== 'google') throw new Error('collectGoogle called without a google config');
  const tenant = idpHost(ctx.config);
  const sourceLabel = `Google Workspace (${config.domain})`;
  const directoryBase = (config.apiUrl ?? 'https://admin.googleapis.com').replace(/\/+$/, '');
  const policyBase = (config.apiUrl ?? 'https://cloudidentity.googleapis.com').replace(/\/+$/, '');
  let tokenHttp: IdpHttp | undefined;
  const auth = googleAuth(ctx, config.adminEmail, config.tokenUrl, () => tokenHttp!);
  if ('error' in auth) {
    return withoutCredentials(ctx, { provider: 'google', tenant, sourceLabel }, auth.error, 'GOOGLE_APPLICATION_CREDENTIALS');
  }
  const http = new IdpHttp({
    service: 'google',
    store: ctx.store,
    authHeaders: auth.headers,
    authHint: auth.hint,
    ...(ctx.tuning?.maxAttempts ? { maxAttempts: ctx.tuning.maxAttempts } : {}),
    ...(ctx.tuning?.retryBaseMs !== undefined ? { retryBaseMs: ctx.tuning.retryBaseMs } : {}),
  });
  tokenHttp = http;

  const listing = await attempt(async () => {
    // A field mask: only the fields the checks read travel at all (no phones, addresses, recovery data).
    const params = new URLSearchParams({
      customer: config.customerId,
      maxResults: '500',
      orderBy: 'email',
      projection: 'basic',
      fields: `users(${GOOGLE_USER_FIELDS}),nextPageToken`,
    });
    const { items, refs, pageRefs } = await http.pages<{ users?: GoogleUserJson[]; nextPageToken?: string }, GoogleUserJson>(
      {
        operation: 'directory.users.list',
        url: `${directoryBase}/admin/directory/v1/users?${params}`,
        permission: GOOGLE_SCOPES.users,
        keep: GOOGLE_KEEP.users,
      },
      (body) => body.users ?? [],
      (res) =>
        res.body.nextPageToken
          ? `${directoryBase}/admin/directory/v1/users?${new URLSearchParams({ ...Object.fromEntries(params), pageToken: res.body.nextPageToken })}`
          : undefined,
    );
    return collected(
      items.map((u, i) => ({ json: u, ref: pageRefs[i]! })),
      refs,
    );
  });
  const users: Collected<IdpUser[]> = listing.ok
    ? collected(
        listing.value.map(({ json, ref }) => toUser(json, ref)),
        listing.refs,
      )
    : listing;
  const admins: Collected<IdpAdmin[]> = !ctx.needs.has(IDP_NEEDS.admins)
    ? notNeeded('Admin flags')
    : listing.ok
      ? collected(
          listing.value
            .filter(({ json }) => json.isAdmin || json.isDelegatedAdmin)
            .map(({ json }) => ({ userId: json.id, roles: [json.isAdmin ? 'super admin' : 'delegated admin'], superAdmin: json.isAdmin === true })),
          listing.refs,
        )
      : listing;
  if (users.ok && admins.ok && ctx.needs.has(IDP_NEEDS.factors)) await readSecurityKeys(http, directoryBase, users.value, admins.value, ctx.now);
  const mfaPolicy = ctx.needs.has(IDP_NEEDS.mfaPolicy) ? await readPolicies(http, policyBase, config.customerId) : notNeeded<GoogleMfaPolicy>('The 2SV policy');
  const evidence: IdpEvidence = { provider: 'google', tenant, sourceLabel, users, admins, mfaPolicy };
  return sourceResult(evidence, http, ctx);
}

/**
 * The Directory API says only whether 2SV is on. For admins, the Reports API's `accounts:num_security_keys`
 * (optional scope) tells whether a FIDO security key is registered: then the admin has a phishing-resistant
 * factor. Without it (or with none) the method stays unknown, and the admin check says it cannot verify.
 */
async function readSecurityKeys(http: IdpHttp, base: string, users: IdpUser[], admins: IdpAdmin[], now: Date): Promise<void> {
  // Usage reports lag by up to three days.
  const date = new Date(now.getTime() - 3 * 86_400_000).toISOString().slice(0, 10);
  const byId = new Map(users.map((u) => [u.id, u]));
  for (const admin of admins) {
    const user = byId.get(admin.userId);
    if (user?.status !== 'active' || !user.factors.ok) continue;
    try {
      const res = await http.get<{ usageReports?: Array<{ parameters?: Array<{ name: string; intValue?: string }> }> }>({
        operation: 'reports.userUsageReport.get',
        url: `${base}/admin/reports/v1/usage/users/${encodeURIComponent(user.login)}/dates/${date}?parameters=accounts:num_security_keys`,
        permission: GOOGLE_SCOPES.reports,
        parameters: { userKey: user.login, date, parameters: 'accounts:num_security_keys' },
        keep: GOOGLE_KEEP.usageReport,
      });
      const keys = Number(res.body.usageReports?.[0]?.parameters?.find((p) => p.name === 'accounts:num_security_keys')?.intValue ?? 0);
      const factors =
        keys > 0
          ? [
              ...user.factors.value,
              { type: 'security key', kind: 'phishing-resistant' as const, state: 'active' as const, status: `accounts:num_security_keys=${keys}` },
            ]
          : user.factors.value;
      user.factors = collected(factors, [...user.factors.refs, res.ref]);
    } catch (err) {
      // Optional: a refused or failing Reports API leaves the 2SV method unknown (never a pass).
      if (err instanceof IdpReadError && (err.error.kind === 'access_denied' || err.error.kind === 'auth')) return;
    }
  }
}

/** The policy API is optional (not every customer enables Cloud Identity): its absence falls back to per-user enforcement. */
async function readPolicies(http: IdpHttp, base: string, customerId: string): Promise<Collected<GoogleMfaPolicy>> {
  const filter = `customer == "customers/${customerId}" && setting.type.matches("settings/security.two_step_verification_enforcement")`;
  try {
    const { items, refs } = await http.pages<{ policies?: GooglePolicyJson[]; nextPageToken?: string }, GooglePolicyJson>(
      {
        operation: 'cloudidentity.policies.list',
        url: `${base}/v1/policies?${new URLSearchParams({ filter })}`,
        permission: GOOGLE_SCOPES.policies,
        keep: GOOGLE_KEEP.policies,
      },
      (body) => body.policies ?? [],
      (res) => (res.body.nextPageToken ? `${base}/v1/policies?${new URLSearchParams({ filter, pageToken: res.body.nextPageToken })}` : undefined),
    );
    const policies = items
      .filter((p) => p.setting?.type?.endsWith('two_step_verification_enforcement'))
      .map((p) => ({
        orgUnit: p.policyQuery?.orgUnit ?? 'orgUnits/(root)',
        group: p.policyQuery?.group ?? null,
        enforcedFrom: p.setting?.value?.enforcedFrom ?? null,
        type: p.type ?? 'ADMIN',
      }));
    return collected({ kind: 'google', policies }, refs);
  } catch (err) {
    if (err instanceof IdpReadError && (err.error.kind === 'access_denied' || err.status === 403 || err.status === 404)) {
      return collected({ kind: 'google', policies: null, policyApiError: err.error.message }, err.refs);
    }
    return err instanceof IdpReadError ? failed(err.error, err.refs) : failed({ kind: 'other', message: errorMessage(err) });
  }
}

function toUser(u: GoogleUserJson, ref: IdpUser['refs'][number]): IdpUser {
  const status: IdpUser['status'] = u.archived ? 'archived' : u.suspended ? 'suspended' : 'active';
  const last = u.lastLoginTime;
  return {
    id: u.id,
    login: u.primaryEmail,
    email: u.primaryEmail,
    ...(u.name?.fullName ? { name: u.name.fullName } : {}),
    // The Directory API does not say when a user was suspended: leaving dates need people.hrFile.
    statusChanged: null,
    status,
    vendorStatus: u.archived ? 'archived' : u.suspended ? 'suspended' : 'active',
    created: u.creationTime ?? null,
    // The Directory API reports "never" as the Unix epoch.
    lastSignIn: !last || last.startsWith('1970-01-01') ? 'never' : last,
    // Google says whether 2SV is on, not which methods: phishing resistance cannot be read here.
    factors: collected(u.isEnrolledIn2Sv ? [{ type: '2sv', kind: 'unknown', state: 'active', status: 'isEnrolledIn2Sv' }] : [], [ref]),
    mfaEnforced: u.isEnforcedIn2Sv === true,
    refs: [ref],
  };
}

function googleAuth(
  ctx: CollectContext,
  adminEmail: string | undefined,
  tokenUrl: string | undefined,
  http: () => IdpHttp,
): { headers: (spec: RequestSpec) => Promise<Record<string, string>>; hint: string } | { error: string } {
  const ready = ctx.env.GOOGLE_OAUTH_ACCESS_TOKEN;
  if (ready) return { headers: async () => ({ authorization: `Bearer ${ready}` }), hint: 'GOOGLE_OAUTH_ACCESS_TOKEN was rejected (expired or wrong)' };
  const keyFile = ctx.env.GOOGLE_APPLICATION_CREDENTIALS;
  if (!keyFile)
    return {
      error:
        'No Google credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key ' +
        'with domain-wide delegation (and idp.adminEmail), or GOOGLE_OAUTH_ACCESS_TOKEN',
    };
  let key: { type?: string; client_email?: string; private_key?: string; private_key_id?: string; token_uri?: string };
  try {
    key = JSON.parse(readFileSync(keyFile, 'utf8')) as typeof key;
  } catch (err) {
    return { error: `GOOGLE_APPLICATION_CREDENTIALS (${keyFile}) is not a readable service-account key: ${errorMessage(err)}` };
  }
  if (key.type !== 'service_account' || !key.client_email || !key.private_key)
    return { error: `GOOGLE_APPLICATION_CREDENTIALS (${keyFile}) is not a service-account key (type "service_account" with client_email and private_key)` };
  if (!adminEmail) return { error: 'idp.adminEmail is required with a service account: domain-wide delegation acts as that Workspace admin' };
  const endpoint = tokenUrl ?? key.token_uri ?? 'https://oauth2.googleapis.com/token';
  // One token per scope: a customer that delegated only the Directory scope still gets users read.
  const cache = new Map<string, { token: string; expiresAt: number }>();
  const email = key.client_email;
  const pem = key.private_key;
  return {
    hint: `the access token of service account ${email} (acting as ${adminEmail}) was rejected`,
    headers: async (spec) => {
      const scope = spec.permission;
      let cached = cache.get(scope);
      if (!cached || Date.now() > cached.expiresAt - 60_000) {
        const assertion = await signJwtRs256(assertionClaims(new Date(), { iss: email, sub: adminEmail, scope, aud: endpoint }), pem, key.private_key_id);
        ctx.store.addSecret(assertion);
        const res = await http().postToken(
          'POST oauth2/token (JWT bearer)',
          endpoint,
          { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion },
          { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', serviceAccount: email, subject: adminEmail, scope },
        );
        const body = res.body as { access_token?: string; expires_in?: number } | null;
        if (res.status !== 200 || !body?.access_token) {
          const kind = res.status === 401 || res.status === 403 ? 'access_denied' : 'auth';
          throw new IdpReadError(
            {
              kind,
              message:
                `Google refused a token for ${email} acting as ${adminEmail} with scope ${scope} (HTTP ` +
                `${res.status}${describeVendorError(body) ? `: ${describeVendorError(body)}` : ''}); ` +
                `delegate that scope to the service account's client id (domain-wide delegation)`,
              missingPermission: scope,
            },
            res.status,
          );
        }
        ctx.store.addSecret(body.access_token);
        cached = { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
        cache.set(scope, cached);
      }
      return { authorization: `Bearer ${cached.token}` };
    },
  };
}
