import { describe, expect, it } from 'vitest';

import { looksLikeSse } from '../../../src/shared/config/foreign-entry.js';

describe('looksLikeSse', () => {
  it.each([
    ['https://example.com/mcp', false],
    ['https://example.com/sse-tools/mcp', false],
    ['https://example.com/ssex', false],
    ['https://example.com/mcp?transport=/sse', false],
    ['https://example.com/sse', true],
    ['https://example.com/v1/sse/', true],
    ['${BASE}/sse?key=1#x', true],
  ])('%s -> %s', (url, sse) => {
    expect(looksLikeSse(url)).toBe(sse);
  });
});
