import { describe, expect, it } from 'vitest';
import { backoffDelay, retryAfterMs, retryDelay } from '../../src/core/backoff.js';

const tuning = { baseMs: 100, capMs: 1000 };

describe('backoff', () => {
  it('doubles the ceiling each attempt up to the cap, with full jitter below it', () => {
    expect([1, 2, 3, 4, 5, 9].map((a) => backoffDelay(a, tuning, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(4, tuning, () => 0)).toBe(0);
    expect(backoffDelay(3, tuning, () => 0.5)).toBe(200);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3, tuning);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(400);
    }
  });

  it('honours a server wait instead of the backoff, bounded by maxServerWaitMs (else the cap)', () => {
    expect(retryDelay(1, tuning, 700, () => 0)).toBe(700);
    expect(retryDelay(1, tuning, 5000)).toBe(1000);
    expect(retryDelay(1, { ...tuning, maxServerWaitMs: 60_000 }, 5000)).toBe(5000);
    expect(retryDelay(1, tuning, -20)).toBe(0);
    expect(retryDelay(2, tuning, undefined, () => 1)).toBe(200);
    expect(retryDelay(2, tuning, Number.NaN, () => 1)).toBe(200);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(' 1.5 ')).toBe(1500);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs(new Date(1_000).toUTCString(), 4_000)).toBe(0);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
