import { describe, expect, it } from 'vitest';

import { checkEchoReply, classify, parseMessages } from '../../../scripts/bench/index.js';

describe('classify', () => {
  it('rejects values that are not JSON-RPC 2.0 objects', () => {
    for (const value of [
      null,
      3,
      'x',
      [],
      { id: 1, result: {} },
      { jsonrpc: '1.0', id: 1, result: {} },
    ]) {
      expect(classify(value).kind).toBe('invalid');
    }
  });

  it('rejects a result without a usable id', () => {
    expect(classify({ jsonrpc: '2.0', result: {} }).kind).toBe('invalid');
    expect(classify({ jsonrpc: '2.0', id: { x: 1 }, result: {} }).kind).toBe('invalid');
  });

  it('tells responses, server requests and notifications apart', () => {
    expect(classify({ jsonrpc: '2.0', id: 1, result: {} }).kind).toBe('response');
    expect(classify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'x' } }).kind).toBe(
      'response',
    );
    expect(classify({ jsonrpc: '2.0', id: 'a', method: 'ping' }).kind).toBe('request');
    expect(classify({ jsonrpc: '2.0', method: 'notifications/message', params: {} }).kind).toBe(
      'notification',
    );
  });
});

describe('parseMessages', () => {
  it('reports text that is not JSON as one invalid message', () => {
    expect(parseMessages('')).toEqual([{ kind: 'invalid', reason: 'not JSON: ' }]);
  });

  it('classifies each message of a batch', () => {
    const kinds = parseMessages(
      '[{"jsonrpc":"2.0","id":1,"result":1},{"jsonrpc":"2.0","method":"n"}]',
    );
    expect(kinds.map((m) => m.kind)).toEqual(['response', 'notification']);
  });
});

describe('checkEchoReply', () => {
  it('rejects a tool error, a wrong text, extra content and a missing result', () => {
    expect(
      checkEchoReply({ isError: true, content: [{ type: 'text', text: 'Echo: m1' }] }, 'm1').ok,
    ).toBe(false);
    expect(checkEchoReply({ content: [{ type: 'text', text: 'Echo: m2' }] }, 'm1').ok).toBe(false);
    expect(
      checkEchoReply(
        {
          content: [
            { type: 'text', text: 'Echo: m1' },
            { type: 'text', text: 'more' },
          ],
        },
        'm1',
      ).ok,
    ).toBe(false);
    expect(checkEchoReply(null, 'm1').ok).toBe(false);
    expect(checkEchoReply({ content: [{ type: 'image', text: 'Echo: m1' }] }, 'm1').ok).toBe(false);
  });

  it('accepts exactly one text item reading "Echo: <message>"', () => {
    expect(checkEchoReply({ content: [{ type: 'text', text: 'Echo: m17' }] }, 'm17')).toEqual({
      ok: true,
    });
  });
});
