// The one backoff rule for every retry in the tool (AWS clients, GitHub GraphQL rate limits, the IdP
// HTTP client, notifications): capped exponential backoff with full jitter, and a server's own wait
// (Retry-After, a rate-limit reset) honoured up to a bound instead.

export interface Backoff {
  /** The first retry waits up to this long; each later one up to twice the one before. */
  baseMs: number;
  /** No computed wait exceeds this. */
  capMs: number;
  /** A server's requested wait is honoured up to this long (default: `capMs`). */
  maxServerWaitMs?: number;
}

/** Full jitter: uniform in [0, min(cap, base · 2^(attempt−1))]; `attempt` counts retries from 1. */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

/** Retry-After in seconds or as an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The wait before retry number `attempt`: the server's requested wait when it gave one (bounded by
 * `maxServerWaitMs`), else the jittered backoff.
 */
export function retryDelay(attempt: number, backoff: Backoff, serverWaitMs?: number, random: () => number = Math.random): number {
  if (serverWaitMs !== undefined && Number.isFinite(serverWaitMs))
    return Math.round(Math.max(0, Math.min(backoff.maxServerWaitMs ?? backoff.capMs, serverWaitMs)));
  return backoffDelay(attempt, backoff, random);
}
