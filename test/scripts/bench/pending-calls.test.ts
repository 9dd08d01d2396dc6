import { describe, expect, it } from 'vitest';

import { PendingCalls } from '../../../scripts/bench/index.js';

describe('PendingCalls', () => {
  it('refuses a response whose id nobody is waiting for, and a second answer to the same id', async () => {
    const pending = new PendingCalls();
    expect(pending.settle({ jsonrpc: '2.0', id: 99, result: {} })).toBe(false);
    const { id, response } = pending.open('tools/call');
    expect(pending.settle({ jsonrpc: '2.0', id, result: { n: 1 } })).toBe(true);
    expect(pending.settle({ jsonrpc: '2.0', id, result: { n: 2 } })).toBe(false);
    await expect(response).resolves.toEqual({ jsonrpc: '2.0', id, result: { n: 1 } });
  });

  it('refuses an error response with a null id (it cannot be matched)', () => {
    const pending = new PendingCalls();
    pending.open('tools/call');
    expect(
      pending.settle({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }),
    ).toBe(false);
    expect(pending.size).toBe(1);
  });

  it('fails every waiting request, and every later one, once the connection is gone', async () => {
    const pending = new PendingCalls();
    const a = pending.open('a');
    const b = pending.open('b');
    pending.failAll(new Error('gone'));
    await expect(a.response).rejects.toThrow('gone');
    await expect(b.response).rejects.toThrow('gone');
    await expect(pending.open('c').response).rejects.toThrow('gone');
    expect(pending.size).toBe(0);
  });

  it('fails one request without touching the others', async () => {
    const pending = new PendingCalls();
    const a = pending.open('a');
    const b = pending.open('b');
    pending.fail(a.id, new Error('HTTP 500'));
    await expect(a.response).rejects.toThrow('HTTP 500');
    expect(pending.methodOf(b.id)).toBe('b');
    expect(pending.settle({ jsonrpc: '2.0', id: b.id, result: 'ok' })).toBe(true);
  });

  it('matches answers that arrive in any order to the request with the same id', async () => {
    const pending = new PendingCalls();
    const calls = [1, 2, 3, 4, 5].map(() => pending.open('tools/call'));
    for (const call of [...calls].reverse()) {
      pending.settle({ jsonrpc: '2.0', id: call.id, result: `answer ${call.id}` });
    }
    const results = await Promise.all(calls.map((c) => c.response));
    expect(results.map((r) => ('result' in r ? r.result : undefined))).toEqual(
      calls.map((c) => `answer ${c.id}`),
    );
  });

  it('allocates distinct ids', () => {
    const pending = new PendingCalls();
    const ids = Array.from({ length: 100 }, () => pending.open('x').id);
    expect(new Set(ids).size).toBe(100);
  });
});
