import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  isNormalizedPrefix,
  keyPrefix,
  normalizePrefix,
  resolvePrefix,
} from '../../../../src/operation/gateway/naming/prefix.js';
import { shortHash } from '../../../../src/operation/gateway/naming/short-hash.js';

describe('normalizePrefix', () => {
  it('never yields an empty prefix for a non-empty input', () => {
    expect(normalizePrefix('___')).toEqual({
      prefix: shortHash('___', 7),
      changed: true,
      note: `prefix "___" became "${shortHash('___', 7)}": nothing usable was left, so a hash of it stands in`,
    });
  });

  it('keeps the explicit empty prefix empty', () => {
    expect(normalizePrefix('')).toEqual({ prefix: '', changed: false });
  });

  it('leaves a normalised prefix alone', () => {
    expect(normalizePrefix('git-hub_2')).toEqual({ prefix: 'git-hub_2', changed: false });
  });

  it('turns every other character into -, per code point', () => {
    expect(normalizePrefix('my server.v2').prefix).toBe('my-server-v2');
    expect(normalizePrefix('caf\u00e9\u{1F600}').prefix).toBe('caf--');
    expect(normalizePrefix('My Server!').changed).toBe(true);
  });

  it('collapses runs of _ and removes them at both ends', () => {
    expect(normalizePrefix('__a___b__').prefix).toBe('a_b');
    expect(normalizePrefix('a__b').prefix).toBe('a_b');
  });

  it('shortens a prefix over 32 characters to 24 characters, -, and a 7-character hash of the input', () => {
    const raw = `${'x'.repeat(40)}!`;
    const result = normalizePrefix(raw);
    expect(result.prefix).toBe(`${'x'.repeat(24)}-${shortHash(raw, 7)}`);
    expect(result.prefix).toHaveLength(32);
    expect(result.note).toMatch(/longer than 32/);
    expect(normalizePrefix('y'.repeat(32)).prefix).toBe('y'.repeat(32));
  });

  it('always gives a normalised prefix: [A-Za-z0-9-] with single inner _, at most 32 long, idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 60 })), (raw) => {
        const { prefix, changed, note } = normalizePrefix(raw);
        expect(prefix).toMatch(/^(?:[A-Za-z0-9-]+(?:_[A-Za-z0-9-]+)*)?$/);
        expect(prefix.length).toBeLessThanOrEqual(32);
        expect(prefix.includes('__')).toBe(false);
        expect(prefix.endsWith('_')).toBe(false);
        expect(prefix === '').toBe(raw === '');
        expect(changed).toBe(prefix !== raw);
        expect(note !== undefined).toBe(changed);
        expect(isNormalizedPrefix(prefix)).toBe(true);
        expect(normalizePrefix(prefix)).toEqual({ prefix, changed: false });
      }),
    );
  });
});

describe('resolvePrefix', () => {
  it('uses the explicit prefix when given, even empty', () => {
    expect(resolvePrefix('github', 'gh').prefix).toBe('gh');
    expect(resolvePrefix('github', '').prefix).toBe('');
  });

  it('falls back to the config key', () => {
    expect(resolvePrefix('my server').prefix).toBe('my-server');
  });
});

describe('keyPrefix', () => {
  it('is the normalised key, or a hash for the empty key', () => {
    expect(keyPrefix('my server')).toBe('my-server');
    expect(keyPrefix('')).toBe(shortHash('', 7));
  });
});
