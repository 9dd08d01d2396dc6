/** Identity selectors against session principals. */
import { describe, expect, it } from 'vitest';

import { compileIdentities, principalOf } from '../../../src/operation/policy/index.js';

describe('compileIdentities', () => {
  it('matches nothing it does not list', () => {
    const match = compileIdentities(['alice']);
    expect(match('key:bob')).toBe(false);
    expect(match('alice')).toBe(false);
    expect(match('local')).toBe(false);
    expect(match('local-user')).toBe(false);
  });

  it('reads bare ids and key:<id> as keys, local as both local principals, * as anyone', () => {
    expect(compileIdentities('alice')('key:alice')).toBe(true);
    expect(compileIdentities('key:alice')('key:alice')).toBe(true);
    expect(compileIdentities('local')('local')).toBe(true);
    expect(compileIdentities('local')('local-user')).toBe(true);
    expect(compileIdentities('local')('key:local')).toBe(false);
    expect(compileIdentities('key:local')('key:local')).toBe(true);
    expect(compileIdentities('*')('anything at all')).toBe(true);
    expect(compileIdentities(['local', 'alice', 'key:bob']).keyIds).toEqual(['alice', 'bob']);
  });
});

describe('principalOf', () => {
  it('maps command-line identities to principals', () => {
    expect(principalOf('alice')).toBe('key:alice');
    expect(principalOf('key:alice')).toBe('key:alice');
    expect(principalOf('local')).toBe('local');
    expect(principalOf('local-user')).toBe('local-user');
  });
});
