import type { IdpEvidence } from '../../evidence/idp.js';
import type { SourceCollector } from '../types.js';

// Not implemented yet.
export const collectIdp: SourceCollector<IdpEvidence> = async (ctx) => ({
  evidence: { provider: ctx.config.idp?.provider ?? 'csv' },
  outcome: { source: 'idp', status: 'failed', reason: 'identity-provider collection is not implemented yet', missingPermissions: [], requests: {} },
});
