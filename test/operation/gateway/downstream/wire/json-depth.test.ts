import { describe, expect, it } from 'vitest';

import { jsonDepth } from '../../../../../src/operation/gateway/downstream/wire/json-depth.js';

describe('jsonDepth', () => {
  it('stops counting soon after the limit on a text nested 1,000,000 deep', () => {
    const text = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    expect(jsonDepth(text, 128)).toBe(129);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepth('{"a":"[[[{{{"}', 10)).toBe(1);
    expect(jsonDepth('["\\"[[[", "\\\\", [1]]', 10)).toBe(2);
    expect(jsonDepth('{"k\\"[":{"v":"]]]\\\\"}}', 10)).toBe(2);
  });

  it.each([
    ['42', 0],
    ['"text"', 0],
    ['null', 0],
    ['{}', 1],
    ['[]', 1],
    ['[[], {}]', 2],
    ['{"a":{"b":[1,{"c":2}]}}', 4],
  ])('measures %s as %i deep', (text, depth) => {
    expect(jsonDepth(text, 128)).toBe(depth);
  });

  it('measures exactly the limit as the limit', () => {
    const text = '['.repeat(128) + ']'.repeat(128);
    expect(jsonDepth(text, 128)).toBe(128);
  });
});
