// A small typed HTTP client shared by the Okta, Google and Graph collectors (plain fetch: the vendor SDKs
// either refuse a loopback base URL or weigh far more than the handful of GET calls we make). Every call is
// recorded as evidence; rate limits are respected (Okta X-Rate-Limit-*, Graph Retry-After, Google 403
// userRateLimitExceeded backoff); failures become a CollectionError naming the missing scope.
import type { CollectionError, EvidenceRef } from '../../core/types.js';
import { backoffDelay, retryAfterMs, retryDelay } from '../../core/backoff.js';
import { errorMessage } from '../../core/errors.js';
import type { IdpService } from '../../evidence/idp.js';
import type { EvidenceStore, Keep } from '../../run/evidence-store.js';
import { PARAMETERS_KEEP, TOKEN_KEEP } from './keep.js';
import { fastFailCode, unreachableMessage } from '../network.js';

export class IdpReadError extends Error {
  constructor(
    readonly error: CollectionError,
    readonly status: number,
    readonly refs: EvidenceRef[] = [],
  ) {
    super(error.message);
  }
}

export interface IdpResponse<T> {
  status: number;
  body: T;
  headers: Headers;
  ref: EvidenceRef;
}

export interface RequestSpec {
  /** Evidence operation name, e.g. `GET /api/v1/users`. */
  operation: string;
  url: string;
  /** Scope / permission / role that allows the call, named in access-denied errors. */
  permission: string;
  /** Rate-limit bucket (Okta counts limits per endpoint family). Default: the operation. */
  bucket?: string;
  /** Evidence parameters (never secrets). Default: the URL's path and query. */
  parameters?: Record<string, unknown>;
  /** Statuses that are answers, not failures (e.g. 404 for "not configured"). */
  accept?: number[];
  /** Do not store the response (token endpoints). */
  noRecord?: boolean;
  /** What of the answer is kept as evidence (allow-list; keep.ts). */
  keep: Keep;
  init?: RequestInit;
}

interface Bucket {
  limit?: number;
  remaining?: number;
  /** Epoch ms at which the window resets (local clock). */
  resetAt?: number;
  /** The server's X-Rate-Limit-Reset (epoch seconds) of the window `remaining` belongs to. */
  resetEpoch?: number;
  inFlight: number;
}

export interface IdpHttpOptions {
  service: IdpService;
  store: EvidenceStore;
  /** Headers with the credentials, fetched per request (tokens are refreshed by the caller). */
  authHeaders: (spec: RequestSpec) => Promise<Record<string, string>>;
  /** How a 401 should be explained ("OKTA_API_TOKEN was rejected"). */
  authHint: string;
  maxAttempts?: number;
  retryBaseMs?: number;
  maxWaitMs?: number;
  /** Send one request per bucket until its rate-limit headers are known (Okta). */
  probeFirst?: boolean;
  /** Called for every request sent (stats, progress). */
  onRequest?: (operation: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const STORM = 40;

export class IdpHttp {
  readonly requests: Record<string, number> = {};
  /** 429 / quota answers received and waited out (none go unhandled). */
  throttled = 0;
  /** Throttled answers in a row with no success between them: a storm, not a busy minute. */
  private throttledInARow = 0;
  /** One request already ran out of patience with throttling: later throttled answers fail at once. */
  private gaveUpThrottled = false;
  private readonly buckets = new Map<string, Bucket>();
  /** Set when the API host did not resolve or refused the connection. */
  unreachable: string | undefined;
  /** Server clock minus local clock, from the Date header (Okta's reset is in server epoch seconds). */
  private skewMs = 0;
  private skewSamples = 0;

  constructor(private readonly options: IdpHttpOptions) {}

  async get<T>(spec: RequestSpec): Promise<IdpResponse<T>> {
    const max = this.options.maxAttempts ?? 8;
    const base = this.options.retryBaseMs ?? 500;
    const bucketKey = spec.bucket ?? spec.operation;
    let lastError = '';
    for (let attempt = 1; attempt <= max; attempt++) {
      // Credentials first: a failed token request is an auth error, not something to retry.
      const auth = await this.options.authHeaders(spec);
      const bucket = await this.acquire(bucketKey);
      let res: Response;
      let text: string;
      try {
        this.count(spec.operation);
        res = await fetch(spec.url, {
          ...spec.init,
          headers: { accept: 'application/json', ...auth, ...(spec.init?.headers as Record<string, string> | undefined) },
        });
        text = await res.text();
      } catch (err) {
        bucket.inFlight--;
        // A host that does not resolve or refuses connections will not answer the next attempt either.
        const code = fastFailCode(err);
        if (code) {
          this.unreachable = `${spec.operation}: ${unreachableMessage(spec.url, code)}`;
          throw new IdpReadError({ kind: 'unreachable', message: this.unreachable, operation: spec.operation }, 0);
        }
        lastError = `network error: ${errorMessage(err)}`;
        await sleep(backoffDelay(attempt, this.backoff(base)));
        continue;
      }
      // A 429's own reset is waited out below; it does not describe the window other requests share.
      if (res.status !== 429) this.observe(bucket, res.headers);
      bucket.inFlight--;
      const body = parseBody(text);
      const wait = this.throttleWait(res, body, attempt, base);
      if (wait !== undefined) {
        this.throttled++;
        this.throttledInARow++;
        lastError = `rate limited (HTTP ${res.status})`;
        // A limiter that never lets anything through: stop waiting, say so (checks become errors).
        if (this.throttledInARow >= STORM || this.gaveUpThrottled) break;
        if (attempt < max) await sleep(wait);
        continue;
      }
      this.throttledInARow = 0;
      if (res.status >= 500) {
        lastError = `the server answered HTTP ${res.status}`;
        if (attempt < max) await sleep(backoffDelay(attempt, this.backoff(base)));
        continue;
      }
      const ref = spec.noRecord ? undefined : this.record(spec, res, body);
      if (res.ok || spec.accept?.includes(res.status)) return { status: res.status, body: body as T, headers: res.headers, ref: ref! };
      throw new IdpReadError(this.classify(spec, res.status, body), res.status, ref ? [ref] : []);
    }
    if (lastError.startsWith('rate')) this.gaveUpThrottled = true;
    const storm =
      this.throttledInARow >= STORM
        ? ` (${this.throttledInARow} throttled answers in a row: the API's rate limit is exhausted or another client is using it up)`
        : '';
    throw new IdpReadError(
      {
        kind: lastError.startsWith('rate') ? 'throttled' : 'unreachable',
        message: `${spec.operation} failed: ${lastError}${storm || ` after ${max} attempts`}`,
        operation: spec.operation,
      },
      0,
    );
  }

  /**
   * An OAuth token request (form POST). Counted and recorded like every call, but the recorded answer
   * keeps only what is not a secret (type, lifetime, scopes, error).
   */
  async postToken(
    operation: string,
    url: string,
    form: Record<string, string>,
    parameters: Record<string, unknown>,
  ): Promise<{ status: number; body: Record<string, unknown> | null }> {
    this.count(operation);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form),
      });
    } catch (err) {
      const code = fastFailCode(err);
      if (!code) throw err;
      this.unreachable = `${operation}: ${unreachableMessage(url, code)}`;
      throw new IdpReadError({ kind: 'unreachable', message: this.unreachable, operation }, 0);
    }
    const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    this.options.store.record({
      source: 'idp',
      service: this.options.service,
      operation,
      parameters: { ...parameters, status: res.status },
      keepParameters: PARAMETERS_KEEP,
      requestId: res.headers.get('x-okta-request-id') ?? res.headers.get('x-ms-request-id') ?? undefined,
      response: body ?? {},
      keep: TOKEN_KEEP,
    });
    return { status: res.status, body };
  }

  /** Follows a cursor (Link rel="next", nextPageToken, @odata.nextLink) until the last page. */
  async pages<T, I>(
    first: RequestSpec,
    itemsOf: (body: T) => I[],
    nextOf: (res: IdpResponse<T>) => string | undefined,
  ): Promise<{ items: I[]; refs: EvidenceRef[]; pageRefs: EvidenceRef[] }> {
    const items: I[] = [];
    const refs: EvidenceRef[] = [];
    /** The page each item came from, index for index. */
    const pageRefs: EvidenceRef[] = [];
    let spec: RequestSpec | undefined = first;
    while (spec) {
      const res: IdpResponse<T> = await this.get<T>(spec);
      const pageItems = itemsOf(res.body);
      items.push(...pageItems);
      for (let i = 0; i < pageItems.length; i++) pageRefs.push(res.ref);
      refs.push(res.ref);
      const next = nextOf(res);
      // Later pages are recorded with their own URL (the cursor is part of it).
      const { parameters: _first, ...rest } = first;
      spec = next ? { ...rest, url: next } : undefined;
    }
    return { items, refs, pageRefs };
  }

  private count(operation: string): void {
    this.requests[operation] = (this.requests[operation] ?? 0) + 1;
    this.options.onRequest?.(operation);
  }

  private record(spec: RequestSpec, res: Response, body: unknown): EvidenceRef {
    const url = new URL(spec.url);
    return this.options.store.record({
      source: 'idp',
      service: this.options.service,
      operation: spec.operation,
      parameters: spec.parameters ?? { path: url.pathname, query: Object.fromEntries(url.searchParams), status: res.status },
      keepParameters: PARAMETERS_KEEP,
      requestId:
        res.headers.get('x-okta-request-id') ??
        res.headers.get('request-id') ??
        res.headers.get('x-request-id') ??
        res.headers.get('x-guploader-uploadid') ??
        undefined,
      response: body,
      keep: spec.keep,
    });
  }

  /** Waits while the bucket's window is used up (counting requests in flight), so no request meets a 429. */
  private async acquire(key: string): Promise<Bucket> {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { inFlight: 0 };
      this.buckets.set(key, bucket);
    }
    for (;;) {
      const now = Date.now();
      if (bucket.resetAt !== undefined && now >= bucket.resetAt) {
        // A new window: the full limit is available again until a response says otherwise.
        bucket.remaining = bucket.limit;
        bucket.resetAt = undefined;
      }
      // Nothing known yet: one request at a time until the first answer tells us the limit.
      if (bucket.remaining === undefined) {
        if (bucket.inFlight === 0 || !this.options.probeFirst) break;
        await sleep(20);
        continue;
      }
      if (bucket.remaining - bucket.inFlight > 0) break;
      // Nothing in flight will tell us more: go (a 429 is still waited out properly).
      if (bucket.resetAt === undefined && bucket.inFlight === 0) break;
      // Used up: wait for the window to turn (or, right after it turned, for the answers in flight).
      await sleep(bucket.resetAt === undefined ? 20 : Math.min(this.options.maxWaitMs ?? 120_000, Math.max(20, bucket.resetAt - now + 50)));
    }
    bucket.inFlight++;
    return bucket;
  }

  private observe(bucket: Bucket, headers: Headers): void {
    const date = Date.parse(headers.get('date') ?? '');
    // The Date header is truncated to the second, so each sample underestimates the server's lead; the
    // largest sample seen is the closest.
    if (!Number.isNaN(date)) this.skewMs = this.skewSamples++ === 0 ? date - Date.now() : Math.max(this.skewMs, date - Date.now());
    const limit = Number(headers.get('x-rate-limit-limit'));
    const remaining = Number(headers.get('x-rate-limit-remaining'));
    const reset = Number(headers.get('x-rate-limit-reset'));
    if (!headers.has('x-rate-limit-remaining') || Number.isNaN(remaining) || Number.isNaN(reset)) return;
    // Windows are compared by the server's own reset second: a later window replaces, the same window
    // keeps the lowest remaining (answers arrive out of order), an earlier (finished) window is ignored.
    if (bucket.resetEpoch !== undefined && (reset < bucket.resetEpoch || (reset === bucket.resetEpoch && bucket.resetAt === undefined))) return;
    if (limit) bucket.limit = limit;
    if (bucket.resetEpoch === undefined || reset > bucket.resetEpoch) {
      bucket.resetEpoch = reset;
      // A quarter second of margin so we never wake up before the server's window turned.
      bucket.resetAt = reset * 1000 - this.skewMs + 250;
      bucket.remaining = remaining;
    } else {
      bucket.remaining = Math.min(bucket.remaining ?? remaining, remaining);
    }
  }

  /** How long to wait before retrying a throttled answer; undefined when the answer is not throttling. */
  private throttleWait(res: Response, body: unknown, attempt: number, base: number): number | undefined {
    const google = googleReason(body);
    const quota =
      res.status === 429 || (res.status === 403 && (google === 'userRateLimitExceeded' || google === 'rateLimitExceeded' || google === 'quotaExceeded'));
    if (!quota) return undefined;
    const reset = Number(res.headers.get('x-rate-limit-reset'));
    const asked = retryAfterMs(res.headers.get('retry-after')) ?? (reset ? reset * 1000 - this.skewMs - Date.now() + 1000 : undefined);
    return retryDelay(attempt, { ...this.backoff(base), maxServerWaitMs: this.options.maxWaitMs ?? 120_000 }, asked);
  }

  private backoff(base: number) {
    return { baseMs: base, capMs: 30_000 };
  }

  private classify(spec: RequestSpec, status: number, body: unknown): CollectionError {
    const vendorMessage = describeVendorError(body);
    const detail = vendorMessage ? ` (${vendorMessage})` : '';
    if (status === 401)
      return {
        kind: 'auth',
        message: `${spec.operation} was refused with HTTP 401: ${this.options.authHint}${detail}`,
        operation: spec.operation,
        missingPermission: spec.permission,
      };
    if (status === 403)
      return {
        kind: 'access_denied',
        message: `${spec.operation} was denied (HTTP 403): the credentials lack ${spec.permission}${detail}`,
        operation: spec.operation,
        missingPermission: spec.permission,
      };
    if (status === 404) return { kind: 'not_found', message: `${spec.operation} answered HTTP 404${detail}`, operation: spec.operation };
    return { kind: 'other', message: `${spec.operation} answered HTTP ${status}${detail}`, operation: spec.operation };
  }
}

function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 2000);
  }
}

function googleReason(body: unknown): string | undefined {
  const errors = (body as { error?: { errors?: Array<{ reason?: string }>; details?: Array<{ reason?: string }> } } | null)?.error;
  return errors?.errors?.[0]?.reason ?? errors?.details?.find((d) => d.reason)?.reason;
}

/** Okta `errorSummary`, Google/Graph `error.message`, OAuth `error_description`. */
export function describeVendorError(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? body.slice(0, 200) : undefined;
  const b = body as { errorSummary?: string; errorCode?: string; error?: unknown; error_description?: string };
  if (b.errorSummary) return `${b.errorCode ? `${b.errorCode}: ` : ''}${b.errorSummary}`;
  if (typeof b.error === 'object' && b.error) {
    const e = b.error as { message?: string; code?: string | number };
    return [e.code, e.message].filter(Boolean).join(': ');
  }
  if (b.error_description) return `${String(b.error ?? '')}: ${b.error_description}`;
  if (typeof b.error === 'string') return b.error;
  return undefined;
}

/** Okta's `Link: <url>; rel="next"`. */
export function nextLink(headers: Headers): string | undefined {
  const link = headers.get('link');
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (m) return m[1];
  }
  return undefined;
}

/** Turns any thrown value into a CollectionError (collectors never throw). */
export function toCollectionError(err: unknown, operation?: string): { error: CollectionError; refs: EvidenceRef[] } {
  if (err instanceof IdpReadError) return { error: err.error, refs: err.refs };
  return { error: { kind: 'other', message: errorMessage(err), ...(operation ? { operation } : {}) }, refs: [] };
}
