import { describe, expect, it } from 'vitest';

import { caseFold, stripInvisible, tr39Skeleton } from '../../../src/shared/text/index.js';

describe('unicode folds', () => {
  it('removes every invisible and bidi control character, and nothing else', () => {
    expect(stripInvisible('a\u200bb\u00adc\u202ed\u2066e\u{E0041}f\ufe0fg')).toBe('abcdefg');
    expect(stripInvisible('a-b_c.d é')).toBe('a-b_c.d é');
  });

  it('folds case beyond lower-casing', () => {
    expect(caseFold('Straße')).toBe('strasse');
    expect(caseFold('ΟΔΟΣ')).toBe(caseFold('οδος'));
  });

  it('maps confusable characters to their prototype', () => {
    expect(tr39Skeleton('p\u0430ypal')).toBe(tr39Skeleton('paypal'));
    expect(tr39Skeleton('paypa1')).toBe(tr39Skeleton('paypal'));
    expect(tr39Skeleton('paypal')).not.toBe(tr39Skeleton('paypol'));
  });
});
