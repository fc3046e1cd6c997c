// RS256 JWTs for the OAuth flows that need them (a GitHub App's JWT, Okta's private-key-JWT client
// assertion, Google's service-account JWT bearer grant), signed with `jose` rather than by hand.
import { createPrivateKey } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';

export async function signJwtRs256(claims: JWTPayload, privateKeyPem: string, keyId?: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(keyId ? { kid: keyId } : {}) }).sign(createPrivateKey(privateKeyPem));
}
