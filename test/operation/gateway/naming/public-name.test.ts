import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { normalizePrefix } from '../../../../src/operation/gateway/naming/prefix.js';
import {
  composeName,
  isValidPublicName,
  publicName,
  sanitizeName,
} from '../../../../src/operation/gateway/naming/public-name.js';
import { shortHash } from '../../../../src/operation/gateway/naming/short-hash.js';
import { itemName, maxLength, rawPrefix } from './arbitraries.js';

describe('publicName', () => {
  it('rejects a prefix that is not normalised', () => {
    expect(() => publicName('a__b', 'c')).toThrow(/not normalised/);
    expect(() => publicName('a_', 'c')).toThrow(/not normalised/);
  });

  it('rejects a maxLength outside 16..128', () => {
    expect(() => publicName('a', 'b', 15)).toThrow(/maxLength/);
    expect(() => publicName('a', 'b', 129)).toThrow(/maxLength/);
  });

  it('joins prefix and name with __, or gives the name alone for the empty prefix', () => {
    expect(publicName('gh', 'search')).toBe('gh__search');
    expect(publicName('', 'search')).toBe('search');
    expect(publicName('a', '__x__')).toBe('a____x__');
  });

  it('never makes a_b+c equal to a+b_c', () => {
    expect(publicName('a_b', 'c')).toBe('a_b__c');
    expect(publicName('a', 'b_c')).toBe('a__b_c');
  });

  it('hashes a name with other characters: sanitized name, _, 8-character hash of the name', () => {
    expect(publicName('fs', 'read file')).toBe(`fs__read-file_${shortHash('read file')}`);
    expect(publicName('fs', 'files.read')).toBe(`fs__files-read_${shortHash('files.read')}`);
    expect(publicName('fs', 'café')).toBe(`fs__cafe_${shortHash('café')}`);
    expect(publicName('fs', '日本語')).toBe(`fs__-_${shortHash('日本語')}`);
    expect(publicName('fs', '')).toBe(`fs___${shortHash('')}`);
    expect(publicName('', '')).toBe(`_${shortHash('')}`);
  });

  it('hashes a name that would be too long, cutting the readable part to fit', () => {
    const name = 'a'.repeat(70);
    const result = publicName('gh', name);
    expect(result).toBe(`gh__${'a'.repeat(51)}_${shortHash(name)}`);
    expect(result).toHaveLength(64);
    expect(publicName('gh', 'a'.repeat(60))).toBe(`gh__${'a'.repeat(60)}`);
  });

  it('cuts the prefix, and hashes prefix and name together, when the prefix alone does not fit', () => {
    const prefix = 'p'.repeat(30);
    const result = publicName(prefix, 'x y', 16);
    expect(result).toBe(`ppppp___${shortHash(`${prefix}__x y`)}`);
    expect(result).toHaveLength(16);
  });

  it('always matches ^[A-Za-z0-9_-]{1,maxLength}$ and depends only on (prefix, name, maxLength)', () => {
    fc.assert(
      fc.property(rawPrefix, itemName, maxLength, (raw, name, max) => {
        const prefix = normalizePrefix(raw ?? 'key').prefix;
        const result = publicName(prefix, name, max);
        expect(result).toMatch(new RegExp(`^[A-Za-z0-9_-]{1,${max}}$`));
        expect(isValidPublicName(result, max)).toBe(true);
        expect(publicName(prefix, name, max)).toBe(result);
        if (prefix !== '') expect(result.startsWith(`${prefix.slice(0, 5)}`)).toBe(true);
      }),
    );
  });

  it('puts the separator at the first __ whenever the prefix is kept whole', () => {
    fc.assert(
      fc.property(rawPrefix, itemName, (raw, name) => {
        const prefix = normalizePrefix(raw ?? 'key').prefix;
        fc.pre(prefix !== '');
        const result = publicName(prefix, name, 64);
        expect(result.slice(0, result.indexOf('__'))).toBe(prefix);
      }),
    );
  });
});

describe('sanitizeName', () => {
  it('drops invisible characters and accents and replaces other runs with one -', () => {
    expect(sanitizeName('pay\u200bpal')).toBe('paypal');
    expect(sanitizeName('crème brûlée')).toBe('creme-brulee');
    expect(sanitizeName('a!!b')).toBe('a-b');
  });
});

describe('composeName', () => {
  it('keeps the tail whole, cuts the body first, then the prefix without a trailing _', () => {
    expect(composeName('pre', 'bodybody', '_tail', 16)).toBe('pre__bodybo_tail');
    expect(composeName('ab_cdefgh', 'body', '_t', 7)).toBe('ab___t');
  });
});
