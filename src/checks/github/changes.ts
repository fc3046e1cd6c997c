// Change management: every pull request merged into a default branch in the audit period was approved
// by someone other than its author before the merge; no commit reached a default branch outside a PR.
import type { FindingDraft } from '../../core/types.js';
import { GITHUB_NEEDS, type GithubPullRequest, type GithubReview } from '../../evidence/github.js';
import type { AuditPeriod } from '../../core/types.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { forEachRepository, repoResource, valueOr } from './common.js';

/** Both days inclusive, UTC. */
export function inPeriod(iso: string, period: AuditPeriod): boolean {
  const t = Date.parse(iso);
  return t >= Date.parse(`${period.start}T00:00:00Z`) && t < Date.parse(`${period.end}T00:00:00Z`) + 86_400_000;
}

/**
 * Who approved before the merge. GitHub's own rule: a reviewer's latest decisive review counts, so an
 * approval later followed (before the merge) by "changes requested" does not stand, and a dismissed
 * approval has state DISMISSED. Comments do not change a reviewer's decision. Reviews submitted after
 * the merge are ignored, and the author cannot approve their own pull request.
 */
export function approversBeforeMerge(pr: GithubPullRequest): string[] {
  const merged = Date.parse(pr.mergedAt);
  const latest = new Map<string, GithubReview>();
  const decisive = pr.reviews
    .filter((r) => r.author && r.submittedAt && Date.parse(r.submittedAt) <= merged)
    .filter((r) => ['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED'].includes(r.state))
    .sort((a, b) => Date.parse(a.submittedAt!) - Date.parse(b.submittedAt!));
  for (const r of decisive) latest.set(r.author!.toLowerCase(), r);
  const author = pr.author?.toLowerCase();
  return [...latest.entries()]
    .filter(([login, r]) => login !== author && r.state === 'APPROVED')
    .map(([, r]) => r.author!)
    .sort();
}

/** Reviewers whose approval before the merge no longer stood at merge time. */
export function supersededApprovals(pr: GithubPullRequest): string[] {
  const merged = Date.parse(pr.mergedAt);
  const approvedBefore = new Set(
    pr.reviews.filter((r) => r.state === 'APPROVED' && r.author && r.submittedAt && Date.parse(r.submittedAt) <= merged).map((r) => r.author!),
  );
  const standing = new Set(approversBeforeMerge(pr));
  return [...approvedBefore].filter((a) => !standing.has(a) && a.toLowerCase() !== pr.author?.toLowerCase()).sort();
}

const prApproved = defineCheck({
  id: 'github.changes.pr-approved',
  title: 'Merged pull requests were approved by someone else',
  source: 'github',
  severity: 'high',
  judges: 'pull requests merged into a default branch in the audit period',
  resourceType: 'github.pull_request',
  needs: [GITHUB_NEEDS.pullRequests],
  remediation: {
    summary:
      'Require at least one approving review before merging (branch ruleset "Require a pull request ' +
      'before merging", 1+ approvals, no bypass); for the listed PRs, document a retroactive review.',
    console: 'GitHub → Organization → Settings → Rules → Rulesets → Require a pull request before merging → Required approvals ≥ 1',
  },
  evaluate(evidence, ctx) {
    return forEachRepository(
      evidence,
      'the approval of merged pull requests',
      (repo, out: FindingDraft[]) => {
        const resource = repoResource(repo);
        const prs = valueOr(repo.mergedPullRequests, resource, `pull requests merged into ${repo.fullName}`, out, repo.refs);
        if (!prs) return;
        const population = prs.value.filter((pr) => inPeriod(pr.mergedAt, ctx.period) && (repo.defaultBranch === null || pr.baseRef === repo.defaultBranch));
        if (population.length === 0) {
          out.push({
            status: 'not_applicable',
            resource,
            message: `No pull request was merged into the default branch of ${repo.fullName} between ${ctx.period.start} and ${ctx.period.end}.`,
            evidence: prs.refs,
          });
          return;
        }
        for (const pr of population) {
          const approvers = approversBeforeMerge(pr);
          const superseded = supersededApprovals(pr);
          const late = pr.reviews
            .filter((r) => r.state === 'APPROVED' && r.submittedAt && Date.parse(r.submittedAt) > Date.parse(pr.mergedAt))
            .map((r) => r.author ?? 'ghost');
          const id = `${repo.fullName}#${pr.number}`;
          const details = {
            author: pr.author,
            supersededApprovals: superseded,
            mergedBy: pr.mergedBy,
            mergedAt: pr.mergedAt,
            approversBeforeMerge: approvers,
            approvalsAfterMerge: late,
            reviews: pr.reviews.length,
          };
          const ok = approvers.length > 0;
          if (pr.reviewsComplete === false) {
            // A later "changes requested" or an approval may be among the reviews not read.
            out.push({
              status: 'error',
              resource: { type: 'github.pull_request', id, name: pr.title },
              message: `Could not verify ${id}: it has more reviews than were read, so its approval state at merge time is unknown.`,
              details,
              evidence: prs.refs,
            });
            continue;
          }
          out.push({
            status: ok ? 'pass' : 'fail',
            resource: { type: 'github.pull_request', id, name: pr.title },
            message: ok
              ? `${id} was approved by ${approvers.join(', ')} before ${pr.mergedBy ?? 'someone'} merged it.`
              : `${id} was merged by ${pr.mergedBy ?? 'unknown'} on ${pr.mergedAt.slice(0, 10)} without an approval ` +
                `from anyone other than its author ${pr.author ?? 'unknown'}` +
                `${late.length ? ` (approved only after the merge by ${late.join(', ')})` : ''}` +
                `${superseded.length ? ` (the approval by ${superseded.join(', ')} was followed by changes requested or dismissed before the merge)` : ''}` +
                '.',
            details,
            evidence: prs.refs,
          });
        }
      },
      true,
    );
  },
});

const noDirectPush = defineCheck({
  id: 'github.changes.no-direct-push',
  title: 'No direct pushes to default branches',
  source: 'github',
  severity: 'high',
  judges: 'commits on a default branch in the audit period',
  resourceType: 'github.commit',
  needs: [GITHUB_NEEDS.commits],
  remediation: {
    summary:
      'Block direct pushes to the default branch (ruleset: require a pull request, restrict updates, no bypass); review the listed commits after the fact.',
    console: 'GitHub → Organization → Settings → Rules → Rulesets → Require a pull request before merging; empty the bypass list',
  },
  evaluate(evidence, ctx) {
    return forEachRepository(
      evidence,
      'direct pushes to the default branch',
      (repo, out) => {
        const resource = repoResource(repo);
        if (repo.defaultBranch === null) {
          out.push({ status: 'not_applicable', resource, message: `${repo.fullName} is empty: it has no default branch.`, evidence: repo.refs });
          return;
        }
        const commits = valueOr(repo.defaultBranchCommits, resource, `commits on the default branch of ${repo.fullName}`, out, repo.refs);
        if (!commits) return;
        const inWindow = commits.value.filter((c) => inPeriod(c.committedDate, ctx.period));
        const direct = inWindow.filter((c) => c.pullRequests.length === 0);
        if (direct.length === 0) {
          out.push({
            status: inWindow.length === 0 ? 'not_applicable' : 'pass',
            resource,
            message:
              inWindow.length === 0
                ? `No commit reached ${repo.defaultBranch} of ${repo.fullName} between ${ctx.period.start} and ${ctx.period.end}.`
                : `All ${inWindow.length} commit(s) on ${repo.defaultBranch} of ${repo.fullName} in the period came through merged pull requests.`,
            details: { commits: inWindow.length },
            evidence: commits.refs,
          });
          return;
        }
        for (const c of direct) {
          out.push({
            status: 'fail',
            resource: { type: 'github.commit', id: `${repo.fullName}@${c.sha}`, name: c.message.split('\n')[0] ?? '' },
            message:
              `${c.sha.slice(0, 7)} was pushed to ${repo.defaultBranch} of ${repo.fullName} by ` +
              `${c.author ?? 'an unknown author'} on ${c.committedDate.slice(0, 10)} without a pull request.`,
            details: { author: c.author, committedDate: c.committedDate },
            evidence: commits.refs,
          });
        }
      },
      true,
    );
  },
});

export const githubChangeChecks: AnyCheck[] = [prApproved, noDirectPush];
