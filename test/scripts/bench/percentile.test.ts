import { describe, expect, it } from 'vitest';

import { percentile, summarize } from '../../../scripts/bench/index.js';

describe('percentile', () => {
  it('refuses an empty list and percentiles outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('uses the nearest rank: p50 of 1..100 is 50, p99 is 99, p100 is the maximum', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
  });

  it('returns the only value of a one-element list for any percentile', () => {
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
  });

  it('picks an observed value, never an interpolated one', () => {
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 51)).toBe(30);
  });
});

describe('summarize', () => {
  it('sorts its input numerically (not as strings) and rounds to whole microseconds', () => {
    const summary = summarize([900.4, 100.6, 20_000, 3_000]);
    expect(summary).toEqual({
      p50Us: 900,
      p90Us: 20_000,
      p99Us: 20_000,
      meanUs: 6_000,
      maxUs: 20_000,
    });
  });

  it('leaves the caller array in its order', () => {
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
