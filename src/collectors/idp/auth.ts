// Claims for the OAuth flows that need a JWT: Okta's private-key-JWT client assertion and Google's
// service-account JWT bearer grant (signed by ../jwt.ts). The few token calls use plain fetch (vendor auth
// libraries refuse plain-http loopback endpoints, which the sandbox and tests use).
import { randomUUID } from 'node:crypto';

/** Claims for a short-lived assertion (5 minutes), with a unique `jti`. */
export function assertionClaims(now: Date, claims: Record<string, unknown>): Record<string, unknown> {
  const iat = Math.floor(now.getTime() / 1000);
  return { iat, exp: iat + 300, jti: randomUUID(), ...claims };
}

/** Base64url-decoded JSON payload of a JWT (the sandbox checks assertions with it). */
export function decodeJwt(jwt: string): { header: Record<string, unknown>; claims: Record<string, unknown>; signingInput: string; signature: Buffer } {
  const [h, c, s] = jwt.split('.');
  if (!h || !c || s === undefined) throw new Error('not a JWT');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as Record<string, unknown>,
    signingInput: `${h}.${c}`,
    signature: Buffer.from(s, 'base64url'),
  };
}
