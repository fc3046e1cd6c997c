// Change populations: merged pull requests and default-branch commits of the audit period, continued
// (in aliased batches) for the repositories whose first page from RepositoryPage was not enough.
import { collected, failed, type Collected, type EvidenceRef } from '../../core/types.js';
import type { GithubCommit, GithubPullRequest, GithubRepository } from '../../evidence/github.js';
import type { Population } from '../types.js';
import type { GithubClient } from './client.js';
import { asFailure } from './org.js';
import { CONTINUATION_BATCH, defaultBranchCommitsQuery, mergedPullRequestsQuery, type GqlHistory, type GqlPull, type RepoRef } from './queries.js';
import { newestFirst, toCommit, toPull, type RepositoryWork } from './repositories.js';

interface Pending {
  work: RepositoryWork;
  cursor: string | null;
  refs: EvidenceRef[];
  /** `updatedAt` of the last PR of the previous page (ordering check across pages). */
  lastUpdated?: string;
  ordered?: boolean;
}

/** Pull requests merged into the default branch, newest update first, until they predate the period. */
export async function completePullRequests(
  client: GithubClient,
  works: RepositoryWork[],
  periodStart: number,
): Promise<Map<string, Collected<GithubPullRequest[]>>> {
  const out = new Map<string, Collected<GithubPullRequest[]>>();
  let pending: Pending[] = [];
  for (const w of works) {
    if (!w.repo.defaultBranch) out.set(w.repo.fullName, collected([], [w.pageRef]));
    else if (w.pullsComplete) out.set(w.repo.fullName, collected(w.pulls, [w.pageRef]));
    else {
      w.pulls = []; // restart with the default branch as base filter; the first page was unfiltered
      pending.push({ work: w, cursor: null, refs: [w.pageRef] });
    }
  }
  while (pending.length > 0) {
    const next: Pending[] = [];
    for (let i = 0; i < pending.length; i += CONTINUATION_BATCH) {
      const batch = pending.slice(i, i + CONTINUATION_BATCH);
      const refs: RepoRef[] = batch.map((p) => ({ owner: p.work.repo.owner, name: p.work.repo.name, branch: p.work.repo.defaultBranch!, cursor: p.cursor }));
      const { query, variables } = mergedPullRequestsQuery(refs);
      try {
        type Conn = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<GqlPull | null> };
        const res = await client.graphql<Record<string, { pullRequests: Conn } | null>>('MergedPullRequests', query, variables);
        batch.forEach((p, j) => {
          p.refs.push(res.ref);
          const conn = res.data?.[`r${j}`]?.pullRequests;
          if (!conn) {
            const e = res.errors.find((x) => x.path?.[0] === `r${j}`);
            out.set(
              p.work.repo.fullName,
              failed(
                {
                  kind: 'other',
                  message: `graphql:MergedPullRequests: ${e?.message ?? 'no pull requests in the answer'}`,
                  operation: 'graphql:MergedPullRequests',
                },
                p.refs,
              ),
            );
            return;
          }
          const nodes = conn.nodes.filter((n): n is GqlPull => n !== null);
          if (nodes.length !== conn.nodes.length) {
            out.set(
              p.work.repo.fullName,
              failed(
                {
                  kind: 'invalid_response',
                  message:
                    `graphql:MergedPullRequests: GitHub could not return ${conn.nodes.length - nodes.length} pull ` +
                    `request(s) of ${p.work.repo.fullName}: ` +
                    `${res.errors.map((e) => e.message).join('; ') || 'no reason given'}`,
                  operation: 'graphql:MergedPullRequests',
                },
                p.refs,
              ),
            );
            return;
          }
          p.work.pulls.push(...nodes.map(toPull).filter((x): x is GithubPullRequest => x !== null));
          const last = nodes[nodes.length - 1];
          const ordered = (p.ordered ?? true) && newestFirst(nodes, p.lastUpdated);
          const done = !conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor || (ordered && last !== undefined && Date.parse(last.updatedAt) < periodStart);
          if (done) out.set(p.work.repo.fullName, collected(p.work.pulls, p.refs));
          else next.push({ ...p, cursor: conn.pageInfo.endCursor, ordered, ...(last ? { lastUpdated: last.updatedAt } : {}) });
        });
      } catch (err) {
        for (const p of batch) {
          const f = asFailure<GithubPullRequest[]>(err);
          out.set(p.work.repo.fullName, { ...f, refs: [...p.refs, ...f.refs] });
        }
      }
    }
    pending = next;
  }
  return out;
}

/** Commits on the default branch within the period, each with the merged PRs it belongs to. */
export async function completeCommits(
  client: GithubClient,
  works: RepositoryWork[],
  since: string,
  until: string,
): Promise<Map<string, Collected<GithubCommit[]>>> {
  const out = new Map<string, Collected<GithubCommit[]>>();
  let pending: Pending[] = [];
  for (const w of works) {
    if (!w.repo.defaultBranch) out.set(w.repo.fullName, collected([], [w.pageRef]));
    else if (w.commitsComplete) out.set(w.repo.fullName, collected(w.commits, [w.pageRef]));
    else {
      // No usable first page (an error on that repository): start over; otherwise continue after it.
      if (w.commitCursor === null) w.commits = [];
      pending.push({ work: w, cursor: w.commitCursor, refs: [w.pageRef] });
    }
  }
  while (pending.length > 0) {
    const next: Pending[] = [];
    for (let i = 0; i < pending.length; i += CONTINUATION_BATCH) {
      const batch = pending.slice(i, i + CONTINUATION_BATCH);
      const refs: RepoRef[] = batch.map((p) => ({
        owner: p.work.repo.owner,
        name: p.work.repo.name,
        branch: `refs/heads/${p.work.repo.defaultBranch!}`,
        cursor: p.cursor,
      }));
      const { query, variables } = defaultBranchCommitsQuery(refs, since, until);
      try {
        const res = await client.graphql<Record<string, { ref: { target: { history?: GqlHistory } | null } | null } | null>>(
          'DefaultBranchCommits',
          query,
          variables,
        );
        batch.forEach((p, j) => {
          p.refs.push(res.ref);
          const history = res.data?.[`r${j}`]?.ref?.target?.history;
          if (!history) {
            const e = res.errors.find((x) => x.path?.[0] === `r${j}`);
            out.set(
              p.work.repo.fullName,
              failed(
                {
                  kind: 'other',
                  message: `graphql:DefaultBranchCommits: ${e?.message ?? 'no commit history in the answer'}`,
                  operation: 'graphql:DefaultBranchCommits',
                },
                p.refs,
              ),
            );
            return;
          }
          if (history.nodes.some((c) => c === null)) {
            out.set(
              p.work.repo.fullName,
              failed(
                {
                  kind: 'invalid_response',
                  message:
                    `graphql:DefaultBranchCommits: GitHub could not return some commits of ${p.work.repo.fullName}: ` +
                    `${res.errors.map((e) => e.message).join('; ') || 'no reason given'}`,
                  operation: 'graphql:DefaultBranchCommits',
                },
                p.refs,
              ),
            );
            return;
          }
          p.work.commits.push(...history.nodes.filter((c): c is NonNullable<typeof c> => c !== null).map(toCommit(p.work.repo.defaultBranch!)));
          if (!history.pageInfo.hasNextPage || !history.pageInfo.endCursor) out.set(p.work.repo.fullName, collected(p.work.commits, p.refs));
          else next.push({ ...p, cursor: history.pageInfo.endCursor });
        });
      } catch (err) {
        for (const p of batch) {
          const f = asFailure<GithubCommit[]>(err);
          out.set(p.work.repo.fullName, { ...f, refs: [...p.refs, ...f.refs] });
        }
      }
    }
    pending = next;
  }
  return out;
}

function inPeriod(iso: string, start: number, end: number): boolean {
  const t = Date.parse(iso);
  return t >= start && t < end;
}

/** The auditor's sampling populations. Judging stays in the checks; these are the raw lists. */
/** `webUrl`: https://github.com, or the GHES host, for links auditors can open. */
export function changePopulations(repos: GithubRepository[], start: number, end: number, webUrl = 'https://github.com'): Population[] {
  const prRows: Population['rows'] = [];
  const pushRows: Population['rows'] = [];
  const repoRows: Population['rows'] = [];
  for (const r of repos) {
    const pulls = r.mergedPullRequests?.ok ? r.mergedPullRequests.value.filter((p) => p.baseRef === r.defaultBranch && inPeriod(p.mergedAt, start, end)) : [];
    const commits = r.defaultBranchCommits?.ok ? r.defaultBranchCommits.value.filter((c) => inPeriod(c.committedDate, start, end)) : [];
    repoRows.push([
      r.fullName,
      r.visibility,
      r.archived,
      r.defaultBranch,
      r.mergedPullRequests ? (r.mergedPullRequests.ok ? pulls.length : 'error') : null,
      r.defaultBranchCommits ? (r.defaultBranchCommits.ok ? commits.length : 'error') : null,
    ]);
    for (const p of pulls.sort((a, b) => a.mergedAt.localeCompare(b.mergedAt))) {
      const fmt = (s: string) => (s === 'APPROVED' ? 'approved' : s === 'CHANGES_REQUESTED' ? 'changes requested' : s.toLowerCase());
      const reviews = p.reviews
        .filter((v) => v.state !== 'COMMENTED' && v.state !== 'PENDING')
        .map((v) => `${v.author ?? 'ghost'} ${fmt(v.state)} ${v.submittedAt ?? ''}`.trim())
        .join('; ');
      prRows.push([
        `${r.fullName}#${p.number}`,
        r.fullName,
        p.number,
        p.title,
        p.author,
        p.mergedBy,
        p.mergedAt,
        p.baseRef,
        p.mergeCommit,
        reviews,
        `${webUrl}/${r.fullName}/pull/${p.number}`,
      ]);
    }
    for (const c of commits.filter((x) => x.pullRequests.length === 0)) {
      pushRows.push([`${r.fullName}@${c.sha}`, r.fullName, r.defaultBranch, c.sha, c.author, c.committedDate, c.message]);
    }
  }
  return [
    {
      name: 'repositories.csv',
      title: 'Repositories of the GitHub organization',
      columns: ['repository', 'visibility', 'archived', 'default_branch', 'merged_prs_in_period', 'commits_in_period'],
      rows: repoRows,
    },
    {
      name: 'pull-requests.csv',
      title: 'Pull requests merged into a default branch in the audit period',
      columns: ['id', 'repository', 'number', 'title', 'author', 'merged_by', 'merged_at', 'base', 'merge_commit', 'reviews', 'url'],
      rows: prRows,
    },
    {
      name: 'direct-pushes.csv',
      title: 'Commits on a default branch in the audit period that belong to no merged pull request',
      columns: ['id', 'repository', 'branch', 'sha', 'author', 'committed_at', 'message'],
      rows: pushRows,
    },
  ];
}
