// The IdP collector: one per provider, chosen by `idp.provider`, each producing the same IdpEvidence.
import type { IdpEvidence } from '../../evidence/idp.js';
import type { SourceCollector } from '../types.js';
import { collectCsv } from './csv/index.js';
import { collectEntra } from './entra/index.js';
import { collectGoogle } from './google/index.js';
import { collectOkta } from './okta/index.js';

export { preflightIdp } from './csv/index.js';

export const collectIdp: SourceCollector<IdpEvidence> = async (ctx) => {
  const provider = ctx.config.idp?.provider;
  switch (provider) {
    case 'okta':
      return collectOkta(ctx);
    case 'google':
      return collectGoogle(ctx);
    case 'entra':
      return collectEntra(ctx);
    case 'csv':
      return collectCsv(ctx);
    default:
      return { outcome: { source: 'idp', status: 'failed', reason: 'no identity provider is configured', missingPermissions: [], requests: {} } };
  }
};
