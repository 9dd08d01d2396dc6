import { describe, expect, it } from 'vitest';

import { displayQuote } from '../../../../src/operation/gateway/naming/display-quote.js';

describe('displayQuote', () => {
  it('escapes newlines, ANSI escapes, bidi overrides, zero-width characters and lone surrogates', () => {
    expect(displayQuote('a\nb')).toBe('"a\\u{A}b"');
    expect(displayQuote('\u001b[31m')).toBe('"\\u{1B}[31m"');
    expect(displayQuote('x\u202ey')).toBe('"x\\u{202E}y"');
    expect(displayQuote('x\u200by')).toBe('"x\\u{200B}y"');
    expect(displayQuote('\ud800')).toBe('"\\u{D800}"');
  });

  it('escapes quotes and backslashes', () => {
    expect(displayQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('leaves printable text, accents and emoji as they are', () => {
    expect(displayQuote('héllo wörld \u{1F600}')).toBe('"héllo wörld \u{1F600}"');
  });
});
