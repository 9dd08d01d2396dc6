/** Evidence: short, one line, invisible characters written out. */
import { describe, expect, it } from 'vitest';

import { excerpt, renderEvidence } from '../../../../src/operation/scanner/text/evidence.js';

describe('evidence', () => {
  it.each([
    ['zero-width', 'a\u200bb', 'a<U+200B>b'],
    ['bidi override', '\u202eabc', '<U+202E>abc'],
    ['escape', '\u001b[8mx', '<ESC>[8mx'],
    ['newline', 'a\nb', 'a\\nb'],
    [
      'tag characters with their text',
      `x${[...'hi'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('')}`,
      'x<tags "hi">',
    ],
    ['long padding', `a${' '.repeat(40)}b`, 'a <40 spaces> b'],
  ])('renders %s visibly', (_what, raw, shown) => {
    expect(renderEvidence(raw)).toBe(shown);
  });

  it('cuts long text', () => {
    expect(renderEvidence('x'.repeat(1000)).length).toBeLessThanOrEqual(160);
  });

  it('takes an excerpt with context and ellipses', () => {
    expect(excerpt(`${'a'.repeat(100)}NEEDLE${'b'.repeat(100)}`, 100, 106, 5)).toBe(
      '…aaaaaNEEDLEbbbbb…',
    );
  });
});
