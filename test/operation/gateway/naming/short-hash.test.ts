import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  MAX_SHORT_HASH_LENGTH,
  shortHash,
} from '../../../../src/operation/gateway/naming/short-hash.js';

describe('shortHash', () => {
  it('rejects a length outside 1..52', () => {
    for (const bad of [0, -1, 53, 2.5]) expect(() => shortHash('x', bad)).toThrow(RangeError);
  });

  it('is lowercase RFC 4648 base32 of SHA-256 over UTF-8', () => {
    // Reference values: Python base64.b32encode(hashlib.sha256(s.encode()).digest()).lower().
    expect(shortHash('')).toBe('4oymiquy');
    expect(shortHash('gatehouse', 20)).toBe('qqqngc3eivspjv576su5');
    expect(shortHash('пример', MAX_SHORT_HASH_LENGTH)).toBe(
      'ezxsmpycceciz4e24fvkvd5n3uo7vkui6fre27gjn4sfq3lden4q',
    );
  });

  it('gives a prefix of the longer hash for a shorter length, from [a-z2-7] only', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.integer({ min: 1, max: 52 }),
        (input, length) => {
          const hash = shortHash(input, length);
          expect(hash).toMatch(new RegExp(`^[a-z2-7]{${length}}$`));
          expect(shortHash(input, MAX_SHORT_HASH_LENGTH).startsWith(hash)).toBe(true);
        },
      ),
    );
  });
});
