import type { SandboxCompany } from '../company.js';
import type { SandboxContext, SandboxRequest, SandboxResponse } from '../http.js';

/** Okta (/okta), Google Workspace (/google), Entra ID (/entra). Not implemented yet. */
export async function handleIdp(_vendor: 'okta' | 'google' | 'entra', _req: SandboxRequest, _company: SandboxCompany, _ctx: SandboxContext): Promise<SandboxResponse | undefined> {
  return undefined;
}
