import { describe, expect, it } from 'vitest';
import { newestFirst } from '../../../src/collectors/github/repositories.js';
import type { GqlPull } from '../../../src/collectors/github/queries.js';

const p = (updatedAt: string) => ({ updatedAt }) as GqlPull;

describe('newestFirst (early stop of the merged-PR walk is only safe when the server honoured orderBy)', () => {
  it.each([
    { nodes: ['2026-09-03', '2026-09-02', '2026-09-02', '2026-06-01'], previous: undefined, expected: true },
    { nodes: ['2026-06-01', '2026-09-02'], previous: undefined, expected: false },
    { nodes: ['2026-09-03'], previous: '2026-09-01', expected: false },
    { nodes: [], previous: undefined, expected: true },
  ])('$nodes after $previous → $expected', ({ nodes, previous, expected }) => {
    expect(
      newestFirst(
        nodes.map((d) => p(`${d}T00:00:00Z`)),
        previous ? `${previous}T00:00:00Z` : undefined,
      ),
    ).toBe(expected);
  });
});

import { restClassic, type RestProtection } from '../../../src/collectors/github/repositories.js';
import { demoGithub } from '../../../src/sandbox/demo/github.js';
import { protectionJson } from '../../../src/sandbox/github/rest.js';

describe('restClassic reads GitHub’s branch-protection answer', () => {
  const gh = demoGithub();
  const json = (name: string) => protectionJson(gh, gh.repositories.find((r) => r.name === name)!, 'main') as unknown as RestProtection;
  it('complete protection with admins included', () => {
    expect(restClassic(json('api'), 'main')).toEqual({
      pattern: 'main',
      requiresPullRequest: true,
      requiredApprovingReviewCount: 1,
      allowsForcePushes: false,
      allowsDeletions: false,
      requiredStatusChecks: ['ci/test'],
      isAdminEnforced: true,
      bypassActors: 0,
    });
  });
  it('0 approvals, force pushes allowed, admins not included', () => {
    expect(restClassic(json('data-pipeline'), 'main')).toMatchObject({ requiredApprovingReviewCount: 0, allowsForcePushes: true, isAdminEnforced: false });
  });
  it('missing fields are read as the weaker setting', () => {
    expect(restClassic({}, 'main')).toMatchObject({ requiresPullRequest: false, allowsForcePushes: true, allowsDeletions: true, isAdminEnforced: false });
  });
});

import { graphqlUrl } from '../../../src/collectors/github/client.js';
import { webUrlOf } from '../../../src/collectors/github/index.js';

describe('GitHub endpoints', () => {
  it.each([
    ['https://api.github.com', 'https://api.github.com/graphql', 'https://github.com'],
    ['https://ghe.example.com/api/v3', 'https://ghe.example.com/api/graphql', 'https://ghe.example.com'],
    ['http://127.0.0.1:4010/github', 'http://127.0.0.1:4010/github/graphql', 'http://127.0.0.1:4010/github'],
  ])('%s → GraphQL %s, web %s', (api, gql, web) => {
    expect(graphqlUrl(api)).toBe(gql);
    expect(webUrlOf(api)).toBe(web);
  });
});

import { graphqlRules } from '../../../src/collectors/github/repositories.js';
import { activeRules } from '../../../src/checks/github/protection.js';

describe('graphqlRules: a ruleset the token cannot see', () => {
  it('has an unknown enforcement, which never counts as active', () => {
    const rules = graphqlRules([
      { type: 'PULL_REQUEST', parameters: { __typename: 'PullRequestParameters', requiredApprovingReviewCount: 1 }, repositoryRuleset: null },
      {
        type: 'DELETION',
        parameters: null,
        repositoryRuleset: {
          databaseId: 7,
          name: 'main',
          enforcement: 'ACTIVE',
          source: { __typename: 'Repository', nameWithOwner: 'a/b' },
          bypassActors: null,
        },
      },
    ]);
    expect(rules.map((r) => r.ruleset.enforcement)).toEqual(['UNKNOWN', 'ACTIVE']);
    expect(activeRules(rules).map((r) => r.type)).toEqual(['DELETION']);
  });
});

import { readdirSync, readFileSync as readSource } from 'node:fs';
import { GITHUB_KEEP } from '../../../src/collectors/github/keep.js';

describe('allow-listed GitHub evidence', () => {
  it('names what it keeps of every REST route the collector calls', () => {
    const dir = 'src/collectors/github';
    const routes = new Set(readdirSync(dir).flatMap((f) => [...readSource(`${dir}/${f}`, 'utf8').matchAll(/'(GET \/[^']+)'/g)].map((m) => m[1]!)));
    expect(routes.size).toBeGreaterThan(3);
    expect([...routes].filter((r) => !GITHUB_KEEP[r]).sort()).toEqual([]);
  });
});
