import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import {
  callEcho,
  createAgent,
  initialize,
  RpcConnection,
  StreamableHttpChannel,
  WrongReplyError,
} from '../../../scripts/bench/index.js';

type Rpc = { id?: number; method: string; params?: { arguments?: { message?: string } } };
type Answer = (rpc: Rpc, res: http.ServerResponse) => void;

const servers: http.Server[] = [];
const agent = createAgent();

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

function echo(rpc: Rpc, text?: string) {
  return {
    jsonrpc: '2.0',
    id: rpc.id,
    result: {
      content: [{ type: 'text', text: text ?? `Echo: ${rpc.params?.arguments?.message}` }],
    },
  };
}

/** A fixture MCP endpoint: initialize as JSON, notifications 202, tools/call answered by `answer`. */
async function fixture(answer: Answer, seen: http.IncomingHttpHeaders[] = []): Promise<URL> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.method === 'DELETE') {
        res.writeHead(200).end();
        return;
      }
      seen.push(req.headers);
      const rpc = JSON.parse(body) as Rpc;
      if (rpc.method === 'initialize') {
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'mcp-session-id': 'sess-1',
        });
        res.end(
          JSON.stringify({ jsonrpc: '2.0', id: rpc.id, result: { protocolVersion: '2025-06-18' } }),
        );
      } else if (rpc.id === undefined) {
        res.writeHead(202).end();
      } else {
        answer(rpc, res);
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
}

async function connect(url: URL): Promise<RpcConnection> {
  const connection = await RpcConnection.open((sink) =>
    Promise.resolve(new StreamableHttpChannel(url, agent, sink)),
  );
  await initialize(connection);
  return connection;
}

function sse(res: http.ServerResponse, ...events: string[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const e of events) res.write(e);
  res.end();
}

describe('StreamableHttpChannel', () => {
  it('fails a call answered with an HTTP error status, naming the status', async () => {
    const url = await fixture((_rpc, res) => res.writeHead(500).end('boom'));
    const connection = await connect(url);
    await expect(callEcho(connection, 'echo', 'm1')).rejects.toThrow(/HTTP 500: boom/);
  });

  it('fails a call whose request is answered with 202 and no response', async () => {
    const url = await fixture((_rpc, res) => res.writeHead(202).end());
    const connection = await connect(url);
    await expect(callEcho(connection, 'echo', 'm1')).rejects.toThrow(/202 with no answer/);
  });

  it('fails a call whose reply does not echo the message', async () => {
    const url = await fixture((rpc, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(echo(rpc, 'Echo: someone else')));
    });
    const connection = await connect(url);
    await expect(callEcho(connection, 'echo', 'm1')).rejects.toThrow(WrongReplyError);
  });

  it('fails the call when the stream ends without its response', async () => {
    const url = await fixture((_rpc, res) => sse(res, 'id: 1\nretry: 1000\ndata: \n\n'));
    const connection = await connect(url);
    await expect(callEcho(connection, 'echo', 'm1')).rejects.toThrow(/ended without the answer/);
  });

  it('fails the call when a JSON response answers another id', async () => {
    const url = await fixture((rpc, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(echo({ ...rpc, id: 4242 })));
    });
    const connection = await connect(url);
    await expect(callEcho(connection, 'echo', 'm1')).rejects.toThrow(
      /unknown or already answered id/,
    );
  });

  it('keeps the session id, sends the negotiated protocol version, and reads JSON and SSE answers', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const url = await fixture((rpc, res) => {
      if ((rpc.id ?? 0) % 2 === 0) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(echo(rpc)));
        return;
      }
      // A priming event, an unrelated notification, then the answer split across writes.
      const data = JSON.stringify(echo(rpc));
      sse(
        res,
        'id: p\nretry: 1000\ndata: \n\n',
        'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{}}\n\n',
        `event: message\nid: 2\ndata: ${data.slice(0, 10)}`,
        `${data.slice(10)}\n\n`,
      );
    });
    const connection = await connect(url);
    await Promise.all(Array.from({ length: 16 }, (_, i) => callEcho(connection, 'echo', `m${i}`)));
    const afterInit = seen.slice(1);
    expect(afterInit.every((h) => h['mcp-session-id'] === 'sess-1')).toBe(true);
    expect(afterInit.every((h) => h['mcp-protocol-version'] === '2025-06-18')).toBe(true);
    expect(seen[0]?.['mcp-session-id']).toBeUndefined();
    expect(connection.stats.notifications).toBeGreaterThan(0);
    await connection.close();
  });
});
