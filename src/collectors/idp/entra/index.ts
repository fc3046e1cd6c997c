import type { IdpEvidence } from '../../../evidence/idp.js';
import type { CollectContext, SourceResult } from '../../types.js';

export async function collectEntra(_ctx: CollectContext): Promise<SourceResult<IdpEvidence>> {
  return { outcome: { source: 'idp', status: 'failed', reason: 'not implemented', missingPermissions: [], requests: {} } };
}
