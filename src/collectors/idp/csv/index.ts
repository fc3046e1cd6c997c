import type { IdpEvidence } from '../../../evidence/idp.js';
import type { Config } from '../../../config/schema.js';
import type { CollectContext, SourceResult } from '../../types.js';

export function preflightIdp(_config: Config, _baseDir: string): void {}
export async function collectCsv(_ctx: CollectContext): Promise<SourceResult<IdpEvidence>> {
  return { outcome: { source: 'idp', status: 'failed', reason: 'not implemented', missingPermissions: [], requests: {} } };
}
