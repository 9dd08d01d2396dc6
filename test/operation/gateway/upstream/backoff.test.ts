import { describe, expect, it } from 'vitest';

import {
  backoffDelay,
  DEFAULT_BACKOFF,
} from '../../../../src/operation/gateway/upstream/backoff.js';

const middle = (): number => 0.5; // no jitter
const options = { initialMs: 100, maxMs: 1_000, factor: 2, jitter: 0.2 };

describe('backoffDelay', () => {
  it('never exceeds the cap plus jitter, even after a very long run of failures', () => {
    for (const attempt of [10, 100, 1_000, 1e6]) {
      expect(backoffDelay(attempt, options, () => 0.999_999)).toBeLessThanOrEqual(1_200);
      expect(backoffDelay(attempt, options, middle)).toBe(1_000);
    }
  });

  it('never goes below zero, whatever the jitter', () => {
    expect(backoffDelay(1, { ...options, jitter: 5 }, () => 0)).toBe(0);
  });

  it('treats attempt 0 and negative attempts like the first', () => {
    expect(backoffDelay(0, options, middle)).toBe(100);
    expect(backoffDelay(-3, options, middle)).toBe(100);
  });

  it('doubles from the initial delay', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, options, middle))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
  });

  it('spreads each delay by the jitter fraction in both directions', () => {
    expect(backoffDelay(3, options, () => 0)).toBe(320);
    expect(backoffDelay(3, options, () => 1)).toBe(480);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(2, options);
      expect(delay).toBeGreaterThanOrEqual(160);
      expect(delay).toBeLessThanOrEqual(240);
    }
  });

  it('defaults to 250 ms doubling up to 30 s', () => {
    expect(DEFAULT_BACKOFF).toEqual({ initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.2 });
    expect(backoffDelay(1, undefined, middle)).toBe(250);
    expect(backoffDelay(50, undefined, middle)).toBe(30_000);
  });
});
