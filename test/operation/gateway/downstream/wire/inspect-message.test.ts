import {
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResponse,
} from '@modelcontextprotocol/server';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  decodeUtf8,
  errorResponse,
  inspectMessage,
  MAX_JSON_DEPTH,
} from '../../../../../src/operation/gateway/downstream/wire/inspect-message.js';

const single = { allowBatch: false };
const batch = { allowBatch: true };

const failure = (text: string, options = single) => {
  const result = inspectMessage(text, options);
  if (result.ok) throw new Error(`accepted ${text}`);
  return result.error;
};

describe('decodeUtf8', () => {
  it.each([
    ['a lone continuation byte', [0x80]],
    ['a truncated two-byte sequence', [0xc3]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['a UTF-16 surrogate encoded as UTF-8', [0xed, 0xa0, 0x80]],
    ['bytes that are never UTF-8', [0xff, 0xfe]],
  ])('refuses %s instead of replacing it', (_what, bytes) => {
    expect(decodeUtf8(new Uint8Array(bytes))).toEqual({ ok: false });
  });

  it('decodes valid multi-byte text, a byte-order mark included', () => {
    expect(decodeUtf8(Buffer.from('héllo ✓ 😀'))).toEqual({ ok: true, text: 'héllo ✓ 😀' });
    expect(decodeUtf8(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toEqual({
      ok: true,
      text: '{}',
    });
  });
});

describe('inspectMessage', () => {
  it('refuses nesting past the limit before parsing, with a null id', () => {
    const deep = `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}}`;
    expect(failure(deep)).toEqual({
      code: -32600,
      message: `Invalid Request: JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
      id: null,
    });
  });

  it.each(['', '{', '{"jsonrpc":"2.0",}', "{'jsonrpc':'2.0'}", 'undefined', '{"a":1}{"b":2}'])(
    'answers %j with a parse error and a null id',
    (text) => {
      const error = failure(text);
      expect(error.code).toBe(-32700);
      expect(error.message).toMatch(/^Parse error: /);
      expect(error.id).toBeNull();
    },
  );

  it.each([
    ['42', 'number'],
    ['"ping"', 'string'],
    ['null', 'null'],
    ['true', 'boolean'],
  ])('refuses the non-object %s', (text, kind) => {
    expect(failure(text)).toEqual({
      code: -32600,
      message: `Invalid Request: a JSON-RPC message must be an object, got ${kind}`,
      id: null,
    });
  });

  it('refuses batches where they are not allowed, and empty or junk batches anywhere', () => {
    expect(failure('[{"jsonrpc":"2.0","id":1,"method":"ping"}]').message).toMatch(
      /batches are not supported/,
    );
    expect(failure('[]', batch).message).toBe('Invalid Request: empty batch');
    expect(failure('[1, 2]', batch)).toMatchObject({
      code: -32600,
      id: null,
      message: /got number/,
    });
    expect(failure('[{"jsonrpc":"2.0","id":1,"method":"ping"}, []]', batch).message).toMatch(
      /got an array/,
    );
  });

  it.each([
    ['a wrong version', '{"jsonrpc":"1.0","id":5,"method":"ping"}', 5, /"jsonrpc" must be "2.0"/],
    ['no version', '{"id":"a","method":"ping"}', 'a', /"jsonrpc" must be "2.0"/],
    ['a numeric method', '{"jsonrpc":"2.0","id":6,"method":7}', 6, /"method" must be a string/],
    [
      'array params',
      '{"jsonrpc":"2.0","id":7,"method":"ping","params":[1]}',
      7,
      /"params" must be an object/,
    ],
    [
      'null params',
      '{"jsonrpc":"2.0","id":8,"method":"ping","params":null}',
      8,
      /"params" must be an object/,
    ],
    ['an object id', '{"jsonrpc":"2.0","id":{},"method":"ping"}', null, /not a JSON-RPC request/],
    [
      'neither method nor result',
      '{"jsonrpc":"2.0","id":9}',
      9,
      /not a JSON-RPC request, notification or response/,
    ],
  ])('refuses %s, echoing the id when it is readable', (_what, text, id, message) => {
    const error = failure(text);
    expect(error.code).toBe(-32600);
    expect(error.id).toBe(id);
    expect(error.message).toMatch(message);
  });

  it('accepts requests, notifications and responses (a host answers sampling requests)', () => {
    for (const text of [
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":42}}',
      '{"jsonrpc":"2.0","method":"notifications/initialized"}',
      '{"jsonrpc":"2.0","id":"s1","result":{"model":"m"}}',
      '{"jsonrpc":"2.0","id":3,"error":{"code":-1,"message":"declined"}}',
    ]) {
      expect(inspectMessage(text, single)).toEqual({ ok: true, value: JSON.parse(text) });
    }
  });

  it('accepts a batch of valid messages where batches are allowed', () => {
    const text =
      '[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"}]';
    expect(inspectMessage(text, batch)).toEqual({ ok: true, value: JSON.parse(text) });
  });
});

describe('errorResponse', () => {
  it('builds the JSON-RPC error for a wire error', () => {
    expect(errorResponse({ code: -32700, message: 'Parse error: x', id: null })).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error: x' },
    });
  });
});

describe('the envelope check against the SDK schemas', () => {
  const member = fc.oneof(
    fc.jsonValue(),
    fc.integer(),
    fc.double(),
    fc.constantFrom('2.0', 2 ** 60, 1.5, -0.25, 1e300),
  );
  /** Mostly well-formed, so the edge cases (ids, tokens, extra keys) meet an otherwise valid message. */
  const mostly = <T>(valid: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: member });
  const meta = fc.dictionary(
    fc.oneof(fc.constantFrom('progressToken', 'io.modelcontextprotocol/related-task'), fc.string()),
    fc.oneof(member, fc.record({ taskId: fc.string() })),
  );
  const message = fc
    .tuple(
      fc.record(
        {
          jsonrpc: mostly(fc.constant('2.0')),
          id: mostly(fc.oneof(fc.string(), fc.integer())),
          method: mostly(fc.constantFrom('tools/call', 'notifications/x')),
          params: mostly(
            fc.record(
              { _meta: mostly(meta), name: fc.string(), arguments: member },
              { requiredKeys: [] },
            ),
          ),
        },
        { requiredKeys: ['jsonrpc', 'id', 'method'] },
      ),
      fc.option(
        fc.record(
          {
            result: member,
            error: mostly(fc.record({ code: fc.integer(), message: fc.string() })),
            extra: member,
          },
          { requiredKeys: [] },
        ),
        { freq: 4 },
      ),
      fc.boolean(),
    )
    .map(([base, more, dropId]) => {
      const value: Record<string, unknown> = { ...base, ...(more ?? {}) };
      if (dropId && more !== null) delete value.id;
      return value;
    });

  it('accepts exactly what the SDK classifies as a request, notification or response', () => {
    fc.assert(
      fc.property(message, (value) => {
        const sdk =
          isJSONRPCRequest(value) || isJSONRPCNotification(value) || isJSONRPCResponse(value);
        expect(inspectMessage(JSON.stringify(value), single).ok).toBe(sdk);
      }),
      { numRuns: 2_000 },
    );
  });
});
