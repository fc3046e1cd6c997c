import type { SandboxCompany } from '../company.js';
import { json, type SandboxContext, type SandboxRequest, type SandboxResponse } from '../http.js';
import { handleEntra } from './entra.js';
import { handleGoogle } from './google.js';
import { handleOkta } from './okta.js';

/** Okta (/okta), Google Workspace (/google), Entra ID (/entra). */
export async function handleIdp(
  vendor: 'okta' | 'google' | 'entra',
  req: SandboxRequest,
  company: SandboxCompany,
  ctx: SandboxContext,
): Promise<SandboxResponse | undefined> {
  const idp = company.idp;
  switch (vendor) {
    case 'okta':
      return idp?.okta ? handleOkta(req, idp.okta, ctx) : json(404, { errorCode: 'E0000022', errorSummary: 'No Okta org is served by this sandbox' });
    case 'google':
      return idp?.google
        ? handleGoogle(req, idp.google, ctx)
        : json(404, { error: { code: 404, message: 'No Google Workspace domain is served by this sandbox' } });
    case 'entra':
      return idp?.entra
        ? handleEntra(req, idp.entra, ctx)
        : json(404, { error: { code: 'Request_ResourceNotFound', message: 'No Entra tenant is served by this sandbox' } });
  }
}
