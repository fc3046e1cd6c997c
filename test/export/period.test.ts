import { describe, expect, it } from 'vitest';
import { inPeriod, parsePeriod, periodMonths } from '../../src/export/period.js';
import { drawSample, sampleSize, DEFAULT_SAMPLE_SIZES } from '../../src/export/sample.js';
import { uuidFor } from '../../src/export/oscal.js';

describe('period', () => {
  it.each(['2026-01-01', '2026-01-01..', '2026-02-30..2026-03-01', 'last year', '2026/01/01..2026/12/31', '2026-12-31..2026-01-01'])('rejects %s', (value) => {
    expect(() => parsePeriod(value)).toThrow(/--period/);
  });

  it('parses a range, its months and membership by UTC day', () => {
    const p = parsePeriod('2026-11-15..2027-02-01');
    expect(p).toEqual({ start: '2026-11-15', end: '2027-02-01' });
    expect(periodMonths(p)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(inPeriod('2027-02-01T23:59:59Z', p)).toBe(true);
    expect(inPeriod('2026-11-14T23:59:59Z', p)).toBe(false);
  });
});

describe('samples', () => {
  it.each([
    [0, 0],
    [1, 1],
    [2, 2],
    [4, 2],
    [5, 2],
    [12, 2],
    [13, 5],
    [52, 5],
    [53, 15],
    [365, 15],
    [366, 25],
    [100_000, 25],
  ])('a population of %i gets %i by default', (n, size) => {
    expect(sampleSize(n, DEFAULT_SAMPLE_SIZES)).toBe(size);
  });

  it('is reproducible for a seed, different for another seed, without repeats', () => {
    const a = drawSample(1000, 25, 42, 'pull-requests.csv');
    expect(drawSample(1000, 25, 42, 'pull-requests.csv')).toEqual(a);
    expect(drawSample(1000, 25, 43, 'pull-requests.csv')).not.toEqual(a);
    expect(drawSample(1000, 25, 42, 'users.csv')).not.toEqual(a);
    expect(new Set(a).size).toBe(25);
    expect(a.every((i) => i >= 0 && i < 1000)).toBe(true);
    expect(drawSample(3, 25, 1, 'x')).toEqual([0, 1, 2]);
  });
});

describe('OSCAL uuids', () => {
  it('are name-based, version 5, stable', () => {
    const u = uuidFor('2026-07-01T060000Z', 'observation', 'aws.iam.root-mfa', 'arn:aws:iam::1:root');
    expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidFor('2026-07-01T060000Z', 'observation', 'aws.iam.root-mfa', 'arn:aws:iam::1:root')).toBe(u);
    expect(uuidFor('2026-08-01T060000Z', 'observation', 'aws.iam.root-mfa', 'arn:aws:iam::1:root')).not.toBe(u);
  });
});
