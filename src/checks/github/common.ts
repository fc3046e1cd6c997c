// Shared shapes for GitHub checks: resources, error findings, and walking the non-archived repositories.
import type { EvidenceRef, FindingDraft, Resource } from '../../core/types.js';
import type { Evidence } from '../../evidence/index.js';
import type { GithubRepository } from '../../evidence/github.js';
import { errorFinding } from '../findings.js';

export { errorFinding, valueOr } from '../findings.js';

export const orgResource = (org: string): Resource => ({ type: 'github.organization', id: org });
export const repoResource = (repo: GithubRepository): Resource => ({ type: 'github.repository', id: repo.fullName });

/**
 * Calls `judge` for every non-archived repository (archived ones are read-only and not judged), or for
 * every repository with `includeArchived` (changes: a repository archived since may have had merges in the period).
 * A failed repository listing, or an organization without repositories, still yields a finding.
 */
export function forEachRepository(
  evidence: Evidence,
  what: string,
  judge: (repo: GithubRepository, out: FindingDraft[]) => void,
  includeArchived = false,
): FindingDraft[] {
  const out: FindingDraft[] = [];
  const gh = evidence.github;
  if (!gh) return out;
  const repos = gh.repositories;
  if (!repos?.ok) {
    out.push(
      errorFinding(
        orgResource(gh.org),
        repos?.ok === false ? repos.error : undefined,
        `${what} (the organization's repositories could not be listed)`,
        repos?.refs ?? [],
      ),
    );
    return out;
  }
  const unlisted = gh.unlistedRepositories;
  if (unlisted && unlisted.count > 0) {
    out.push(
      errorFinding(
        orgResource(gh.org),
        { kind: 'access_denied', message: unlisted.reason, missingPermission: 'repo scope (fine-grained/App: access to all repositories)' },
        `${what} in ${unlisted.count} repositor${unlisted.count === 1 ? 'y' : 'ies'}`,
        unlisted.refs,
      ),
    );
  }
  const active = repos.value.filter((r) => includeArchived || !r.archived);
  if (active.length === 0 && !(unlisted && unlisted.count > 0)) {
    out.push({
      status: 'not_applicable',
      resource: orgResource(gh.org),
      message: `The organization ${gh.org} has no ${includeArchived ? '' : 'non-archived '}repository to judge.`,
      evidence: repos.refs,
    });
    return out;
  }
  for (const repo of active) judge(repo, out);
  return out;
}

export function uniqueRefs(refs: EvidenceRef[]): EvidenceRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    if (seen.has(r.sha256)) return false;
    seen.add(r.sha256);
    return true;
  });
}
