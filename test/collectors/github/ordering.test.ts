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
    expect(newestFirst(nodes.map((d) => p(`${d}T00:00:00Z`)), previous ? `${previous}T00:00:00Z` : undefined)).toBe(expected);
  });
});
