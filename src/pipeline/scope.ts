import type { Config } from '../config/schema.js';
import type { Evidence } from '../evidence/index.js';
import type { RunScope } from '../run/record.js';
import { idpHost } from '../config/idp-host.js';
import type { Catalog } from '../catalog/load.js';
import { categoriesInScope } from '../catalog/criteria.js';

/** What the run covered, as run.json and the pack state it. */
export function scopeOf(config: Config, evidence: Evidence, checks: string[], checksOutOfScope: RunScope['checksOutOfScope'], catalog?: Catalog): RunScope {
  const scope: RunScope = { checks, checksOutOfScope, categories: catalog?.categories ?? categoriesInScope(config.controls?.categories) };
  const outside = catalog?.outOfCategory ?? [];
  if (outside.length) {
    scope.controlsOutOfScope = outside.map((c) => ({
      controlId: c.id,
      reason: `criteria ${c.criteria.join(', ')} are in no category in scope (${scope.categories!.join(', ')})`,
    }));
  }
  if (config.aws) {
    const accounts = evidence.aws?.accounts ?? [];
    const regions = new Set<string>();
    for (const a of accounts) if (a.regions.ok) for (const r of a.regions.value) regions.add(r);
    scope.aws = {
      accounts: accounts.map((a) => ({ id: a.accountId, ...(a.name ? { name: a.name } : {}) })),
      regions: [...regions].sort(),
      organization: config.aws.organization,
    };
  }
  if (config.github) scope.github = { org: config.github.org, apiUrl: config.github.apiUrl ?? 'https://api.github.com' };
  if (config.idp) scope.idp = { provider: config.idp.provider, host: idpHost(config) };
  return scope;
}
