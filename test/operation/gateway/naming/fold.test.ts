import { describe, expect, it } from 'vitest';

import {
  caseFold,
  clashKeys,
  confusableKey,
  stripInvisible,
} from '../../../../src/operation/gateway/naming/fold.js';

describe('clash keys', () => {
  it('tells apart names that look different', () => {
    expect(confusableKey('search')).not.toBe(confusableKey('seek'));
    expect(confusableKey('list')).not.toBe(confusableKey('lost'));
    expect(clashKeys('a').separator).not.toBe(clashKeys('b').separator);
  });

  it('folds case, including ß and final sigma', () => {
    expect(caseFold('Straße')).toBe('strasse');
    expect(caseFold('ΟΔΟΣ')).toBe(caseFold('οδος'));
    expect(clashKeys('GetFile').case).toBe(clashKeys('getfile').case);
  });

  it('ignores the separators _ - . in the separator key, and case as well', () => {
    expect(clashKeys('get_file').separator).toBe(clashKeys('Get-File').separator);
    expect(clashKeys('get.file').separator).toBe('getfile');
  });

  it('removes zero-width characters, bidi controls, tag characters and variation selectors', () => {
    expect(stripInvisible('a\u200bb\u200cc\u200dd\u2060e\ufeff')).toBe('abcde');
    expect(stripInvisible('a\u202eb\u2066c\u200ed')).toBe('abcd');
    expect(stripInvisible('a\u{E0041}\u{E007F}b')).toBe('ab');
    expect(stripInvisible('a\ufe0fb\u{E0100}')).toBe('ab');
  });

  it('maps confusables to one skeleton: paypal/paypa1, Cyrillic а, I/l/1, 0/O/o, rn/m', () => {
    expect(confusableKey('paypa1')).toBe(confusableKey('paypal'));
    expect(confusableKey('p\u0430yp\u0430l')).toBe(confusableKey('paypal'));
    expect(confusableKey('Iist')).toBe(confusableKey('list'));
    expect(confusableKey('1ist')).toBe(confusableKey('list'));
    expect(confusableKey('l0g')).toBe(confusableKey('log'));
    expect(confusableKey('LOG')).toBe(confusableKey('log'));
    expect(confusableKey('modem')).toBe(confusableKey('rnodem'));
    expect(confusableKey('MODEM')).toBe(confusableKey('rnodem'));
  });

  it('applies NFKC and drops invisible characters and separators before the skeleton', () => {
    expect(confusableKey('ｐａｙｐａｌ')).toBe(confusableKey('paypal'));
    expect(confusableKey('ﬁle')).toBe(confusableKey('file'));
    expect(confusableKey('pay\u200b_pal')).toBe(confusableKey('paypal'));
  });

  it('is idempotent', () => {
    for (const name of ['paypa1', 'MODEM', 'Iist', 'Straße', 'p\u0430ypal', 'a_b.c-d']) {
      expect(confusableKey(confusableKey(name))).toBe(confusableKey(name));
    }
  });
});
