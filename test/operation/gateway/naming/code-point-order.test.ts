import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  compareCodePointPairs,
  compareCodePoints,
} from '../../../../src/operation/gateway/naming/code-point-order.js';

describe('compareCodePoints', () => {
  it('puts U+FFFD before an astral character, unlike UTF-16 order', () => {
    expect('\u{1F600}' < '\uFFFD').toBe(true);
    expect(compareCodePoints('\uFFFD', '\u{1F600}')).toBeLessThan(0);
  });

  it('orders a prefix before its extensions', () => {
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('abc', 'abc')).toBe(0);
  });

  it('agrees with sorting arrays of code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const ca = [...a].map((c) => c.codePointAt(0)!);
        const cb = [...b].map((c) => c.codePointAt(0)!);
        let expected = 0;
        for (let i = 0; i < Math.min(ca.length, cb.length) && expected === 0; i++)
          expected = ca[i]! - cb[i]!;
        if (expected === 0) expected = ca.length - cb.length;
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(expected));
      }),
    );
  });

  it('compares pairs by the first string, then the second', () => {
    expect(compareCodePointPairs(['a', 'z'], ['b', 'a'])).toBeLessThan(0);
    expect(compareCodePointPairs(['a', 'b'], ['a', 'a'])).toBeGreaterThan(0);
  });
});
