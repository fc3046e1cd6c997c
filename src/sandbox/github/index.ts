import type { SandboxCompany } from '../company.js';
import type { SandboxContext, SandboxRequest, SandboxResponse } from '../http.js';

/** GitHub REST + GraphQL, mounted at /github. Not implemented yet. */
export async function handleGithub(_req: SandboxRequest, _company: SandboxCompany, _ctx: SandboxContext): Promise<SandboxResponse | undefined> {
  return undefined;
}
