/** Confirmations: single use, bound to caller, server, item and argument digest, within the TTL. */
import { describe, expect, it } from 'vitest';

import { argumentDigest, ConfirmationLedger } from '../../../src/operation/policy/index.js';

const call = {
  principal: 'key:alice',
  server: 'fs',
  kind: 'tool' as const,
  item: 'delete_file',
  arguments: { path: '/proj/a.txt', recursive: false },
};

describe('ConfirmationLedger', () => {
  it('refuses an unknown id', () => {
    const ledger = new ConfirmationLedger({ ttlMs: 1000 });
    expect(ledger.consume('nope', call, 0)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('refuses a second use of the same confirmation', () => {
    const ledger = new ConfirmationLedger({ ttlMs: 1000 });
    const { id } = ledger.issue(call, 0);
    expect(ledger.consume(id, call, 10)).toEqual({ ok: true });
    expect(ledger.consume(id, call, 20)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('refuses a confirmation after its TTL, and removes it', () => {
    const ledger = new ConfirmationLedger({ ttlMs: 1000 });
    const { id, expiresAt } = ledger.issue(call, 5000);
    expect(expiresAt).toBe(6000);
    expect(ledger.consume(id, call, 6001)).toEqual({ ok: false, reason: 'expired' });
    expect(ledger.size).toBe(0);
  });

  it.each([
    ['other arguments', { ...call, arguments: { path: '/proj/b.txt', recursive: false } }],
    ['an added argument', { ...call, arguments: { ...call.arguments, force: true } }],
    ['no arguments', { ...call, arguments: undefined }],
    ['another caller', { ...call, principal: 'key:bob' }],
    ['another server', { ...call, server: 'fs2' }],
    ['another tool', { ...call, item: 'move_file' }],
    ['another kind', { ...call, kind: 'prompt' as const }],
  ])('refuses a confirmation used for %s, and burns it', (_label, other) => {
    const ledger = new ConfirmationLedger({ ttlMs: 1000 });
    const { id } = ledger.issue(call, 0);
    expect(ledger.consume(id, other, 1)).toEqual({ ok: false, reason: 'mismatch' });
    expect(ledger.consume(id, call, 2)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('binds to the canonical arguments: key order and number spelling do not matter', () => {
    const ledger = new ConfirmationLedger({ ttlMs: 1000 });
    const { id, digest } = ledger.issue({ ...call, arguments: { b: 1, a: [1.0, 'x'] } }, 0);
    expect(digest).toBe(argumentDigest({ a: [1, 'x'], b: 1 }));
    expect(ledger.consume(id, { ...call, arguments: { a: [1, 'x'], b: 1.0 } }, 1)).toEqual({
      ok: true,
    });
  });

  it('gives unguessable ids and holds at most maxPending, dropping the oldest', () => {
    const ledger = new ConfirmationLedger({ ttlMs: 1000, maxPending: 3 });
    const ids = Array.from({ length: 5 }, (_, i) => ledger.issue(call, i).id);
    expect(new Set(ids).size).toBe(5);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(ledger.size).toBe(3);
    expect(ledger.consume(ids[0]!, call, 10)).toEqual({ ok: false, reason: 'unknown' });
    expect(ledger.consume(ids[4]!, call, 10)).toEqual({ ok: true });
  });
});
