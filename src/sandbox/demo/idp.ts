// Demo company: identity provider. Not implemented yet.
import type { IdpConfig } from '../../config/schema.js';
import type { SandboxIdp } from '../idp/model.js';

export function demoIdp(): SandboxIdp | undefined {
  return undefined;
}

/** The `idp:` config section pointing at the sandbox, or undefined while no IdP is served. */
export function demoIdpConfig(_sandboxUrl: string): IdpConfig | undefined {
  return undefined;
}

/** Environment the demo run needs for the IdP (tokens the sandbox accepts). */
export const demoIdpEnv: Record<string, string> = {};
