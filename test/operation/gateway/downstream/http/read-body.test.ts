import { describe, expect, it } from 'vitest';

import { readJsonRpcBody } from '../../../../../src/operation/gateway/downstream/http/read-body.js';

const LIMIT = 1024;
const single = { allowBatch: false };

/** A POST whose body arrives as `chunks`; `headers` may lie about it. */
const post = (chunks: Uint8Array[], headers: Record<string, string> = {}): Request => {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[pulled++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
  return new Request('http://127.0.0.1/mcp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    duplex: 'half',
  });
};

const ping = Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping"}');

describe('readJsonRpcBody', () => {
  it('stops at the limit when Content-Length lies low, and never reads the rest', async () => {
    let pulledAfterLimit = false;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > LIMIT) pulledAfterLimit = true;
        sent += 512;
        controller.enqueue(new Uint8Array(512).fill(0x20));
      },
    });
    const request = new Request('http://127.0.0.1/mcp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '40' },
      body,
      duplex: 'half',
    });
    const result = await readJsonRpcBody(request, LIMIT, single);
    expect(result).toMatchObject({ ok: false, status: 413, error: { code: -32000, id: null } });
    expect(pulledAfterLimit).toBe(false);
  });

  it('refuses a body over the limit without Content-Length', async () => {
    const chunks = [new Uint8Array(600).fill(0x20), new Uint8Array(600).fill(0x20)];
    expect(await readJsonRpcBody(post(chunks), LIMIT, single)).toEqual({
      ok: false,
      status: 413,
      error: {
        code: -32000,
        message: `Payload Too Large: the body exceeds ${LIMIT} bytes`,
        id: null,
      },
    });
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const result = await readJsonRpcBody(
      post([ping], { 'content-length': String(LIMIT + 1) }),
      LIMIT,
      single,
    );
    expect(result).toMatchObject({ ok: false, status: 413 });
  });

  it.each(['text/plain', 'application/jsonp', 'application/x-www-form-urlencoded', ''])(
    'refuses Content-Type %j with 415',
    async (type) => {
      const request = new Request('http://127.0.0.1/mcp', {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body: type ? ping : null,
      });
      expect(await readJsonRpcBody(request, LIMIT, single)).toMatchObject({
        ok: false,
        status: 415,
        error: {
          code: -32000,
          message: 'Unsupported Media Type: Content-Type must be application/json',
        },
      });
    },
  );

  it('refuses invalid UTF-8 split across chunks with 400 and a parse error', async () => {
    const chunks = [
      Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping","x":"\xc3', 'latin1'),
      Buffer.from([0x28, 0x22, 0x7d]),
    ];
    expect(await readJsonRpcBody(post(chunks), LIMIT, single)).toMatchObject({
      ok: false,
      status: 400,
      error: { code: -32700, message: 'Parse error: body is not valid UTF-8', id: null },
    });
  });

  it('refuses an empty body with 400 and a parse error', async () => {
    expect(await readJsonRpcBody(post([]), LIMIT, single)).toMatchObject({
      ok: false,
      status: 400,
      error: { code: -32700 },
    });
  });

  it('accepts a body of exactly the limit, split across chunks, and a charset parameter', async () => {
    const text = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: '' } });
    const padded = Buffer.from(
      text.replace('"pad":""', `"pad":"${'p'.repeat(LIMIT - text.length)}"`),
    );
    expect(padded.length).toBe(LIMIT);
    const chunks = [padded.subarray(0, 100), padded.subarray(100)];
    const result = await readJsonRpcBody(
      post(chunks, { 'content-type': 'application/json; charset=utf-8' }),
      LIMIT,
      single,
    );
    expect(result).toEqual({ ok: true, value: JSON.parse(padded.toString()) });
  });
});
