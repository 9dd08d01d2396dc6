/**
 * The bounded optimal-string-alignment distance and the length limits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { boundedDistance, maxDistanceFor } from '../../../src/creation/names/index.js';

describe('boundedDistance', () => {
  it('counts a transposition of adjacent letters as one edit', () => {
    expect(boundedDistance('filesystem', 'filesytsem', 3)).toBe(1);
    expect(boundedDistance('github', 'gihtub', 3)).toBe(1);
  });

  it('counts insertions, deletions and substitutions as one each', () => {
    expect(boundedDistance('filesystem', 'filesytem', 3)).toBe(1);
    expect(boundedDistance('slack', 'sllack', 3)).toBe(1);
    expect(boundedDistance('notion', 'motion', 3)).toBe(1);
    expect(boundedDistance('kitten', 'sitting', 3)).toBe(3);
  });

  it('is the optimal string alignment, not the unrestricted distance (ca/abc is 3)', () => {
    expect(boundedDistance('ca', 'abc', 5)).toBe(3);
  });

  it('charges half for near-equal letters (i/l, u/v)', () => {
    expect(boundedDistance('mail', 'mall', 3)).toBe(0.5);
    expect(boundedDistance('uber', 'vber', 3)).toBe(0.5);
  });

  it('gives up with Infinity beyond the bound', () => {
    expect(boundedDistance('github', 'gitlab', 1)).toBe(Infinity);
    expect(boundedDistance('a', 'abcdef', 2)).toBe(Infinity);
  });

  it('is symmetric and zero only for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = boundedDistance(a, b, 30);
        expect(boundedDistance(b, a, 30)).toBe(d);
        expect(d === 0).toBe(a === b);
      }),
    );
  });
});

describe('maxDistanceFor', () => {
  it('compares short names by equality only and longer ones within one edit', () => {
    expect(maxDistanceFor(3)).toBe(0);
    expect(maxDistanceFor(5)).toBe(0);
    expect(maxDistanceFor(6)).toBe(1);
    expect(maxDistanceFor(12)).toBe(1.5);
  });
});
