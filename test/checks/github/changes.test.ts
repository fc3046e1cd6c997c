import { describe, expect, it } from 'vitest';
import { approversBeforeMerge, githubChangeChecks, inPeriod } from '../../../src/checks/github/changes.js';
import { collected, failed } from '../../../src/core/types.js';
import type { GithubCommit, GithubPullRequest, GithubReview } from '../../../src/evidence/github.js';
import { byId, github, repo, run } from './fixtures.js';

const prApproved = githubChangeChecks.find((c) => c.id === 'github.changes.pr-approved')!;
const noDirectPush = githubChangeChecks.find((c) => c.id === 'github.changes.no-direct-push')!;

const r = (author: string, state: string, at: string): GithubReview => ({ author, state, submittedAt: at });
const pr = (number: number, mergedAt: string, reviews: GithubReview[], over: Partial<GithubPullRequest> = {}): GithubPullRequest => ({
  number,
  title: `PR ${number}`,
  author: 'alice',
  mergedBy: 'alice',
  mergedAt,
  baseRef: 'main',
  mergeCommit: null,
  reviews,
  ...over,
});

describe('github.changes.pr-approved', () => {
  const rows = [
    { name: 'approved by another before merge', pr: pr(1, '2026-08-01T12:00:00Z', [r('bob', 'APPROVED', '2026-08-01T11:00:00Z')]), status: 'pass' },
    { name: 'approved only after merge', pr: pr(2, '2026-08-01T12:00:00Z', [r('bob', 'APPROVED', '2026-08-01T12:00:01Z')]), status: 'fail' },
    { name: 'self-approval only (author)', pr: pr(3, '2026-08-01T12:00:00Z', [r('Alice', 'APPROVED', '2026-08-01T11:00:00Z')]), status: 'fail' },
    { name: 'no reviews', pr: pr(4, '2026-08-01T12:00:00Z', []), status: 'fail' },
    { name: 'only comments', pr: pr(5, '2026-08-01T12:00:00Z', [r('bob', 'COMMENTED', '2026-08-01T11:00:00Z')]), status: 'fail' },
    {
      name: 'approval later superseded by changes requested',
      pr: pr(6, '2026-08-01T12:00:00Z', [r('bob', 'APPROVED', '2026-08-01T09:00:00Z'), r('bob', 'CHANGES_REQUESTED', '2026-08-01T10:00:00Z')]),
      status: 'fail',
    },
    {
      name: 'changes requested, then approved',
      pr: pr(7, '2026-08-01T12:00:00Z', [r('bob', 'CHANGES_REQUESTED', '2026-08-01T09:00:00Z'), r('bob', 'APPROVED', '2026-08-01T10:00:00Z')]),
      status: 'pass',
    },
    { name: 'dismissed approval', pr: pr(8, '2026-08-01T12:00:00Z', [r('bob', 'DISMISSED', '2026-08-01T09:00:00Z')]), status: 'fail' },
    {
      name: 'one reviewer still approves after another requested changes',
      pr: pr(9, '2026-08-01T12:00:00Z', [r('bob', 'APPROVED', '2026-08-01T09:00:00Z'), r('carol', 'CHANGES_REQUESTED', '2026-08-01T10:00:00Z')]),
      status: 'pass',
    },
    {
      name: 'comment after approval keeps the approval',
      pr: pr(10, '2026-08-01T12:00:00Z', [r('bob', 'APPROVED', '2026-08-01T09:00:00Z'), r('bob', 'COMMENTED', '2026-08-01T10:00:00Z')]),
      status: 'pass',
    },
    { name: 'merged on the first day of the period (00:00Z)', pr: pr(11, '2026-07-01T00:00:00Z', []), status: 'fail' },
    { name: 'merged on the last day of the period (23:59Z)', pr: pr(12, '2026-09-30T23:59:59Z', []), status: 'fail' },
  ];
  it.each(rows)('$name → $status', (row) => {
    const f = run(prApproved, github([repo('api', { mergedPullRequests: collected([row.pr]) })]));
    expect(f).toHaveLength(1);
    expect(f[0]!.resource.id).toBe(`acme/api#${row.pr.number}`);
    expect(f[0]!.status, f[0]!.message).toBe(row.status);
  });

  it('excludes PRs merged outside the period and into other branches; a repo with none is not applicable', () => {
    const f = byId(
      run(
        prApproved,
        github([
          repo('api', {
            mergedPullRequests: collected([
              pr(1, '2026-06-30T23:59:59Z', []),
              pr(2, '2026-10-01T00:00:00Z', []),
              pr(3, '2026-08-01T00:00:00Z', [], { baseRef: 'release' }),
              pr(4, '2026-08-01T00:00:00Z', []),
            ]),
          }),
          repo('quiet', { mergedPullRequests: collected([pr(5, '2026-05-01T00:00:00Z', [])]) }),
        ]),
      ),
    );
    expect([...f.keys()].sort()).toEqual(['acme/api#4', 'acme/quiet']);
    expect(f.get('acme/quiet')!.status).toBe('not_applicable');
  });

  it('a PR with more reviews than were read is an error, never a pass', () => {
    const f = run(
      prApproved,
      github([
        repo('api', {
          mergedPullRequests: collected([pr(1, '2026-08-01T12:00:00Z', [r('bob', 'APPROVED', '2026-08-01T11:00:00Z')], { reviewsComplete: false })]),
        }),
      ]),
    );
    expect(f[0]!.status).toBe('error');
  });

  it('a repository whose PRs could not be read is an error', () => {
    const f = run(prApproved, github([repo('api', { mergedPullRequests: failed({ kind: 'unreachable', message: '502' }) })]));
    expect(f[0]!.status).toBe('error');
    expect(f[0]!.resource.id).toBe('acme/api');
  });

  it('approversBeforeMerge ignores the author and late reviews', () => {
    expect(
      approversBeforeMerge(
        pr(1, '2026-08-01T12:00:00Z', [
          r('alice', 'APPROVED', '2026-08-01T11:00:00Z'),
          r('bob', 'APPROVED', '2026-08-01T13:00:00Z'),
          r('carol', 'APPROVED', '2026-08-01T12:00:00Z'),
        ]),
      ),
    ).toEqual(['carol']);
  });
});

describe('github.changes.no-direct-push', () => {
  const c = (sha: string, at: string, prs: number[]): GithubCommit => ({ sha, committedDate: at, author: 'dana', message: `commit ${sha}`, pullRequests: prs });
  it('fails each in-period commit outside any merged PR; PR merge and squash commits pass', () => {
    const f = byId(
      run(
        noDirectPush,
        github([
          repo('api', {
            defaultBranchCommits: collected([
              c('aaa', '2026-08-01T00:00:00Z', [4]),
              c('bbb', '2026-08-02T00:00:00Z', []),
              c('ccc', '2026-06-01T00:00:00Z', []),
            ]),
          }),
          repo('clean', { defaultBranchCommits: collected([c('ddd', '2026-08-01T00:00:00Z', [1])]) }),
          repo('quiet', { defaultBranchCommits: collected([]) }),
          repo('broken', { defaultBranchCommits: failed({ kind: 'other', message: 'boom' }) }),
        ]),
      ),
    );
    expect(f.get('acme/api@bbb')!.status).toBe('fail');
    expect(f.has('acme/api@aaa')).toBe(false);
    expect(f.has('acme/api@ccc')).toBe(false);
    expect(f.get('acme/clean')!.status).toBe('pass');
    expect(f.get('acme/quiet')!.status).toBe('not_applicable');
    expect(f.get('acme/broken')!.status).toBe('error');
  });
  it('inPeriod includes both ends (UTC)', () => {
    const p = { start: '2026-07-01', end: '2026-09-30' };
    expect(inPeriod('2026-07-01T00:00:00Z', p)).toBe(true);
    expect(inPeriod('2026-09-30T23:59:59Z', p)).toBe(true);
    expect(inPeriod('2026-10-01T00:00:00Z', p)).toBe(false);
    expect(inPeriod('2026-06-30T23:59:59Z', p)).toBe(false);
  });
});
