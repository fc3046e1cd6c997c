import type { GithubEvidence } from '../../evidence/github.js';
import type { SourceCollector } from '../types.js';

// Not implemented yet.
export const collectGithub: SourceCollector<GithubEvidence> = async (ctx) => ({
  evidence: { org: ctx.config.github?.org ?? '' },
  outcome: { source: 'github', status: 'failed', reason: 'GitHub collection is not implemented yet', missingPermissions: [], requests: {} },
});
