// What every IdP collector shares: "not collected" values, per-user work with bounded concurrency, and
// the run.json outcome built from what was (and was not) collected.
import pLimit from 'p-limit';
import { collected, failed, type Collected, type CollectionError, type SourceOutcome } from '../../core/types.js';
import type { IdpEvidence, IdpUser } from '../../evidence/idp.js';
import type { CollectContext, Population, SourceResult } from '../types.js';
import { toCollectionError, type IdpHttp } from './http.js';
import { IDP_NEEDS } from '../../evidence/idp.js';

export const notNeeded = <T>(what: string): Collected<T> => failed({ kind: 'other', message: `${what} was not collected (no selected check needs it)` });

/** Runs `task` for every item with bounded concurrency; the first access-denied/auth error stops asking again. */
export async function perItem<I, R>(
  items: I[],
  concurrency: number,
  task: (item: I) => Promise<R>,
  onProgress?: (done: number) => void,
): Promise<Array<Collected<R>>> {
  const limit = pLimit(Math.max(1, concurrency));
  let denied: CollectionError | undefined;
  let done = 0;
  return Promise.all(
    items.map((item) =>
      limit(async (): Promise<Collected<R>> => {
        if (denied) return failed(denied);
        try {
          const value = await task(item);
          return collected(value);
        } catch (err) {
          const { error, refs } = toCollectionError(err);
          if (error.kind === 'access_denied' || error.kind === 'auth') denied = error;
          return failed(error, refs);
        } finally {
          onProgress?.(++done);
        }
      }),
    ),
  );
}

/** Wraps a read into a Collected (collectors never throw). */
export async function attempt<T>(read: () => Promise<Collected<T>>): Promise<Collected<T>> {
  try {
    return await read();
  } catch (err) {
    const { error, refs } = toCollectionError(err);
    return failed(error, refs);
  }
}

/** No usable credentials: every read fails with the same reason, naming what to set. */
export function withoutCredentials(
  ctx: CollectContext,
  base: Pick<IdpEvidence, 'provider' | 'tenant' | 'sourceLabel'>,
  message: string,
  missingPermission: string,
): SourceResult<IdpEvidence> {
  const error = failed<never>({ kind: 'auth', message, missingPermission });
  const evidence: IdpEvidence = { ...base, users: error, admins: error, mfaPolicy: error };
  return { evidence, outcome: outcomeOf(evidence, undefined, ctx) };
}

export function outcomeOf(evidence: IdpEvidence, http: IdpHttp | undefined, ctx: CollectContext): SourceOutcome {
  const parts: Array<[string, Collected<unknown>]> = [];
  if (ctx.needs.has(IDP_NEEDS.users)) parts.push(['users', evidence.users]);
  if (ctx.needs.has(IDP_NEEDS.admins)) parts.push(['admins', evidence.admins]);
  if (ctx.needs.has(IDP_NEEDS.mfaPolicy)) parts.push(['MFA policy', evidence.mfaPolicy]);
  if (evidence.formerUsers) parts.push(['people who left', evidence.formerUsers]);
  const failures = parts.filter(([, c]) => !c.ok) as Array<[string, Extract<Collected<unknown>, { ok: false }>]>;
  const missing = new Set<string>();
  for (const [, c] of failures) if (c.error.missingPermission) missing.add(c.error.missingPermission);
  let factorFailures = 0;
  if (evidence.users.ok && ctx.needs.has(IDP_NEEDS.factors)) {
    for (const u of evidence.users.value) {
      if (u.status === 'active' && !u.factors.ok) {
        factorFailures++;
        if (u.factors.error.missingPermission) missing.add(u.factors.error.missingPermission);
      }
    }
  }
  // One cause (no credentials, a bad token) fails every read the same way: say it once, naming what it stopped.
  const byMessage = new Map<string, string[]>();
  for (const [what, c] of failures) byMessage.set(c.error.message, [...(byMessage.get(c.error.message) ?? []), what]);
  const reasons = [...byMessage].map(([message, whats]) => `${whats.join(', ')}: ${message}`);
  if (factorFailures) reasons.push(`MFA factors of ${factorFailures} user(s) could not be read`);
  // Every read failed, or the host cannot be reached at all: nothing of this source was read.
  const everyReadFailed = (failures.length > 0 && failures.length === parts.length) || http?.unreachable !== undefined;
  const status: SourceOutcome['status'] =
    everyReadFailed || (!evidence.users.ok && ctx.needs.has(IDP_NEEDS.users)) ? 'failed' : reasons.length ? 'partial' : 'ok';
  return {
    source: 'idp',
    status,
    ...(reasons.length ? { reason: reasons.join('; ') } : {}),
    missingPermissions: [...missing].sort(),
    requests: http ? { ...http.requests } : {},
    notes: {
      provider: evidence.provider,
      tenant: evidence.tenant,
      ...(evidence.users.ok ? { users: evidence.users.value.length } : {}),
      ...(http ? { throttledAnswers: http.throttled } : {}),
    },
  };
}

/**
 * The users as a population auditors sample from (populations/users.csv). `export` merges it over the
 * runs of a period: first and last seen, and leavers (gone or deactivated in a later run).
 */
export function userPopulation(users: IdpUser[]): Population {
  return {
    name: 'users.csv',
    title: 'Identity-provider users',
    columns: ['login', 'email', 'name', 'status', 'created', 'last_sign_in', 'status_changed', 'active_factors'],
    rows: users.map((u) => [
      u.login,
      u.email ?? (u.login.includes('@') ? u.login : ''),
      u.name ?? '',
      u.vendorStatus,
      u.created,
      u.lastSignIn,
      u.statusChanged ?? '',
      u.factors.ok
        ? u.factors.value
            .filter((f) => f.state === 'active')
            .map((f) => f.type)
            .join(' ')
        : '',
    ]),
  };
}

export function sourceResult(evidence: IdpEvidence, http: IdpHttp | undefined, ctx: CollectContext): SourceResult<IdpEvidence> {
  return { evidence, outcome: outcomeOf(evidence, http, ctx), populations: evidence.users.ok ? [userPopulation(evidence.users.value)] : [] };
}
