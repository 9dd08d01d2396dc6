import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { postedRequestHead } from '../../../../../src/operation/gateway/downstream/http/web-bridge.js';

let server: http.Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
  server = undefined;
});

/**
 * Sends one raw request to a server whose handler gets the request head, and resolves with what
 * `inspect` returned for it; `hold` keeps the response open until the client goes away.
 */
function serve<T>(
  raw: string,
  inspect: (head: Request) => T | Promise<T>,
  hold = false,
): Promise<{ value: T; head: Request }> {
  return new Promise((resolve, reject) => {
    server = http.createServer((req, res) => {
      req.resume();
      const head = postedRequestHead(req, res);
      Promise.resolve(inspect(head)).then((value) => {
        resolve({ value, head });
        if (!hold) res.end();
      }, reject);
    });
    server.listen(0, '127.0.0.1', () => {
      const { port } = server?.address() as AddressInfo;
      const socket = new net.Socket();
      socket.connect(port, '127.0.0.1', () => socket.write(raw));
      socket.on('error', () => undefined);
      if (hold) setTimeout(() => socket.destroy(), 50);
    });
  });
}

const post = (headers: string): string =>
  `POST /mcp?x=1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n${headers}Content-Length: 2\r\n\r\n{}`;

describe('postedRequestHead', () => {
  it('reads method, URL and headers as a web Request would (names case-blind, repeats joined)', async () => {
    const { value } = await serve(
      post('MCP-Method: tools/call\r\nX-Twice: a\r\nX-Twice: b\r\n'),
      (head) => ({
        method: head.method,
        url: head.url,
        mcpMethod: head.headers.get('Mcp-Method'),
        twice: head.headers.get('x-twice'),
        missing: head.headers.get('mcp-name'),
        has: head.headers.has('MCP-METHOD'),
      }),
    );
    const real = new Headers([
      ['x-twice', 'a'],
      ['x-twice', 'b'],
    ]);
    expect(value).toEqual({
      method: 'POST',
      url: 'http://127.0.0.1:1/mcp?x=1',
      mcpMethod: 'tools/call',
      twice: real.get('x-twice'),
      missing: null,
      has: true,
    });
  });

  it('refuses to change the headers of a received request', async () => {
    const { value } = await serve(post(''), (head) => {
      try {
        head.headers.set('mcp-method', 'other');
        return 'changed';
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(value).toBe('TypeError');
  });

  it('answers anything else a Request has from a real one with the same head', async () => {
    const { value } = await serve(post('Accept: application/json\r\n'), (head) => ({
      mode: head.mode,
      bodyUsed: head.bodyUsed,
      cloned: head.clone().headers.get('accept'),
    }));
    expect(value).toEqual({ mode: 'cors', bodyUsed: false, cloned: 'application/json' });
  });

  it('aborts its signal when the client goes away before the answer is complete', async () => {
    const { head } = await serve(post(''), (h) => h.signal.aborted, true);
    expect(head.signal.aborted).toBe(false);
    await new Promise<void>((resolve) => head.signal.addEventListener('abort', () => resolve()));
    expect(head.signal.aborted).toBe(true);
  });
});
