// Network failures that no retry can fix within a run: the host name does not resolve, or nothing
// listens on the port. Every vendor client fails these at once instead of backing off for minutes.

/** Error codes of a failed connection that retrying will not change (DNS failure, connection refused). */
export const FAST_FAIL_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'EAI_NONAME', 'EAI_FAIL']);

/**
 * The fast-fail code of `err`, looking through `cause` (fetch's "fetch failed" wraps the socket error)
 * and AggregateError's `errors` (a host with several addresses, each refused).
 */
export function fastFailCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && FAST_FAIL_CODES.has(e.code)) return e.code;
  if (Array.isArray(e.errors))
    for (const inner of e.errors) {
      const code = fastFailCode(inner, depth + 1);
      if (code) return code;
    }
  return fastFailCode(e.cause, depth + 1);
}

/** "could not reach HOST (ENOTFOUND: the host name does not resolve)". */
export function unreachableMessage(url: string, code: string): string {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // not a URL: name it as given
  }
  const why = code === 'ECONNREFUSED' ? 'connection refused: nothing is listening there' : 'the host name does not resolve';
  return `could not reach ${host} (${code}: ${why})`;
}
