// Pure analysis of an S3 bucket policy: does it deny every request made without TLS?
// A statement counts only when it is a Deny, for every principal, of every action, on the bucket
// and all of its objects, conditioned on nothing but `aws:SecureTransport` being false.

export type TlsOnlyAnalysis = { tlsOnly: true; statementId: string } | { tlsOnly: false; reasons: string[] } | { invalid: string };

interface Statement {
  Sid?: unknown;
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** Every principal: `"*"`, or `{"AWS": "*"}` (also as a one-element list). */
function coversEveryPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object' && !Array.isArray(principal)) {
    return asList((principal as Record<string, unknown>).AWS).includes('*');
  }
  return false;
}

/** Every action: `*` or `s3:*` (action names are case-insensitive). */
function coversEveryAction(action: unknown): boolean {
  return asList(action).some((a) => typeof a === 'string' && (a === '*' || a.toLowerCase() === 's3:*'));
}

/**
 * Does the IAM wildcard pattern (`*` any run, `?` one character) match every string that starts with
 * `prefix` (and, when `exact`, `prefix` itself)? Simulates the pattern over `prefix`, then asks whether
 * what is left of the pattern is only `*`s.
 */
function matchesAllWithPrefix(pattern: string, prefix: string): boolean {
  // Positions in the pattern reachable after consuming `prefix`.
  const closure = (set: Set<number>) => {
    for (const i of [...set]) {
      let j = i;
      while (pattern[j] === '*') set.add(++j);
    }
    return set;
  };
  let states = closure(new Set([0]));
  for (const ch of prefix) {
    const next = new Set<number>();
    for (const i of states) {
      const p = pattern[i];
      if (p === undefined) continue;
      if (p === '*') next.add(i);
      else if (p === '?' || p === ch) next.add(i + 1);
    }
    states = closure(next);
    if (states.size === 0) return false;
  }
  return [...states].some((i) =>
    pattern
      .slice(i)
      .split('')
      .every((c) => c === '*'),
  );
}

function matchesExactly(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    's',
  );
  return re.test(value);
}

/** The bucket ARN and every object ARN under it. */
function coversBucketAndObjects(resource: unknown, bucket: string): { bucket: boolean; objects: boolean } {
  const patterns = asList(resource).filter((r): r is string => typeof r === 'string');
  return {
    bucket: patterns.some((p) => matchesExactly(p, `arn:aws:s3:::${bucket}`)),
    objects: patterns.some((p) => matchesAllWithPrefix(p, `arn:aws:s3:::${bucket}/`)),
  };
}

const isFalse = (v: unknown) => v === false || (typeof v === 'string' && v.trim().toLowerCase() === 'false');

/** The condition is exactly "aws:SecureTransport is false" (Bool / BoolIfExists), and nothing else. */
function conditionIsInsecureTransport(condition: unknown): { ok: boolean; why?: string } {
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) return { ok: false, why: 'no aws:SecureTransport condition' };
  let sawSecureTransportFalse = false;
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (!block || typeof block !== 'object') return { ok: false, why: `malformed condition ${operator}` };
    for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
      if (key.toLowerCase() !== 'aws:securetransport')
        return { ok: false, why: `also conditioned on ${operator} ${key}, so it does not apply to every request` };
      if (operator !== 'Bool' && operator !== 'BoolIfExists') return { ok: false, why: `aws:SecureTransport tested with ${operator}, not Bool` };
      if (!asList(value).some(isFalse)) return { ok: false, why: `aws:SecureTransport compared with ${JSON.stringify(value)}, not false` };
      sawSecureTransportFalse = true;
    }
  }
  return sawSecureTransportFalse ? { ok: true } : { ok: false, why: 'no aws:SecureTransport condition' };
}

const mentionsSecureTransport = (s: Statement) =>
  JSON.stringify(s.Condition ?? {})
    .toLowerCase()
    .includes('aws:securetransport');

/** Judge one statement; undefined when it enforces TLS for the whole bucket, else why not. */
function whyNotTlsOnly(s: Statement, bucket: string): string | undefined {
  if (s.Effect !== 'Deny') return `Effect is ${JSON.stringify(s.Effect)}, not Deny`;
  if (s.NotPrincipal !== undefined) return 'uses NotPrincipal, so some principals are exempt';
  if (!coversEveryPrincipal(s.Principal)) return `Principal ${JSON.stringify(s.Principal)} is not everyone ("*")`;
  if (s.NotAction !== undefined) return 'uses NotAction, so some actions are exempt';
  if (!coversEveryAction(s.Action)) return `Action ${JSON.stringify(s.Action)} does not cover every action (s3:*)`;
  if (s.NotResource !== undefined) return 'uses NotResource, so some resources are exempt';
  const covers = coversBucketAndObjects(s.Resource, bucket);
  if (!covers.bucket || !covers.objects) {
    return (
      `Resource ${JSON.stringify(s.Resource)} does not cover ` +
      `${[!covers.bucket ? `arn:aws:s3:::${bucket}` : '', !covers.objects ? `arn:aws:s3:::${bucket}/*` : ''].filter(Boolean).join(' and ')}`
    );
  }
  const condition = conditionIsInsecureTransport(s.Condition);
  return condition.ok ? undefined : condition.why;
}

/** Analyse a bucket policy (JSON text) for `bucket`. */
export function analyseTlsOnly(policyText: string, bucket: string): TlsOnlyAnalysis {
  let doc: unknown;
  try {
    doc = JSON.parse(policyText);
  } catch (err) {
    return { invalid: `the bucket policy is not valid JSON (${(err as Error).message})` };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { invalid: 'the bucket policy is not a JSON object' };
  const statements = asList((doc as { Statement?: unknown }).Statement);
  if (statements.length === 0) return { tlsOnly: false, reasons: ['the policy has no statements'] };
  const reasons: string[] = [];
  for (const [index, raw] of statements.entries()) {
    if (!raw || typeof raw !== 'object') continue;
    const s = raw as Statement;
    const id = typeof s.Sid === 'string' && s.Sid ? s.Sid : `Statement[${index}]`;
    const why = whyNotTlsOnly(s, bucket);
    if (why === undefined) return { tlsOnly: true, statementId: id };
    // Only statements that try to be about TLS are worth explaining.
    if (mentionsSecureTransport(s)) reasons.push(`${id}: ${why}`);
  }
  if (reasons.length === 0) reasons.push('no statement denies requests where aws:SecureTransport is false');
  return { tlsOnly: false, reasons };
}
