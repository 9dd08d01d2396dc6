import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  checkBearer,
  hashKey,
} from '../../../../../src/operation/gateway/downstream/http/bearer-keys.js';

const keys = [
  { id: 'alice', sha256: hashKey('alice-secret') },
  { id: 'bob', sha256: hashKey('bob-secret') },
];

describe('checkBearer', () => {
  it.each([
    [undefined, 'missing'],
    ['', 'missing'],
    ['alice-secret', 'malformed'],
    ['Basic YWxpY2U6c2VjcmV0', 'malformed'],
    ['Bearer', 'malformed'],
    ['Bearer ', 'malformed'],
    ['Bearer two words', 'malformed'],
    ['Bearer caf\u00e9', 'malformed'],
    ['Bearer a\u0000b', 'malformed'],
    [`Bearer ${'k'.repeat(4097)}`, 'malformed'],
    ['Bearer alice-secret2', 'unknown'],
    ['Bearer ALICE-SECRET', 'unknown'],
    [`Bearer ${hashKey('alice-secret')}`, 'unknown'],
  ])('refuses %j as %s', (header, reason) => {
    expect(checkBearer(header, keys)).toEqual({ ok: false, reason });
  });

  it('refuses every key when none is configured', () => {
    expect(checkBearer('Bearer alice-secret', [])).toEqual({ ok: false, reason: 'unknown' });
  });

  it('accepts a configured key and names its id, whatever the case of "Bearer"', () => {
    expect(checkBearer('Bearer alice-secret', keys)).toEqual({ ok: true, id: 'alice' });
    expect(checkBearer('bearer bob-secret', keys)).toEqual({ ok: true, id: 'bob' });
    expect(checkBearer('  BEARER bob-secret  ', keys)).toEqual({ ok: true, id: 'bob' });
  });

  it('accepts a key of the longest allowed length', () => {
    const long = 'k'.repeat(4096);
    expect(checkBearer(`Bearer ${long}`, [{ id: 'long', sha256: hashKey(long) }])).toEqual({
      ok: true,
      id: 'long',
    });
  });

  it('names the first configured id when two entries hold the same digest', () => {
    const twice = [...keys, { id: 'alias', sha256: hashKey('alice-secret') }];
    expect(checkBearer('Bearer alice-secret', twice)).toEqual({ ok: true, id: 'alice' });
  });
});

describe('hashKey', () => {
  it('is the lowercase hex SHA-256 of the UTF-8 key', () => {
    expect(hashKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashKey('é')).toBe(
      createHash('sha256')
        .update(Buffer.from([0xc3, 0xa9]))
        .digest('hex'),
    );
  });
});
