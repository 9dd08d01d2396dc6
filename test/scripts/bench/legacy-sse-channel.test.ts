import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import {
  callEcho,
  createAgent,
  initialize,
  LegacySseChannel,
  RpcConnection,
} from '../../../scripts/bench/index.js';

type Rpc = { id?: number; method: string; params?: { arguments?: { message?: string } } };

const servers: http.Server[] = [];
const agent = createAgent();

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/**
 * A fixture legacy SSE server: `GET /sse` announces `/message?sessionId=s1`; answers to POSTed
 * requests go out on the stream, in reverse order of arrival once `batch` of them are waiting.
 */
async function fixture(options: {
  batch: number;
  endpoint?: boolean;
  badId?: boolean;
}): Promise<URL> {
  let stream: http.ServerResponse | undefined;
  let waiting: Rpc[] = [];
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': hello\n\n');
      if (options.endpoint !== false) res.write('event: endpoint\ndata: /message?sessionId=s1\n\n');
      stream = res;
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.writeHead(202).end('Accepted');
      const rpc = JSON.parse(body) as Rpc;
      if (rpc.id === undefined) return;
      if (rpc.method === 'initialize') {
        send({ jsonrpc: '2.0', id: rpc.id, result: { protocolVersion: '2024-11-05' } });
        return;
      }
      waiting.push(rpc);
      if (waiting.length < options.batch) return;
      for (const r of waiting.reverse()) {
        const text = `Echo: ${r.params?.arguments?.message}`;
        send({
          jsonrpc: '2.0',
          id: options.badId ? 999 : r.id,
          result: { content: [{ type: 'text', text }] },
        });
      }
      waiting = [];
    });
  });
  const send = (message: unknown): void => {
    stream?.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  };
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sse`);
}

describe('LegacySseChannel', () => {
  it('does not connect when the stream never names an endpoint', async () => {
    const url = await fixture({ batch: 1, endpoint: false });
    const opening = RpcConnection.open((sink) => LegacySseChannel.connect(url, agent, sink));
    setTimeout(() => servers[0]?.closeAllConnections(), 50);
    await expect(opening).rejects.toThrow(/before the endpoint event/);
  });

  it('fails the run on an answer whose id matches no request', async () => {
    const url = await fixture({ batch: 1, badId: true });
    const connection = await RpcConnection.open((sink) =>
      LegacySseChannel.connect(url, agent, sink),
    );
    await initialize(connection);
    await expect(callEcho(connection, 'echo', 'm1')).rejects.toThrow(
      /unknown or already answered id/,
    );
    await connection.close();
  });

  it('matches answers arriving out of order on the event stream to their requests', async () => {
    const url = await fixture({ batch: 8 });
    const connection = await RpcConnection.open((sink) =>
      LegacySseChannel.connect(url, agent, sink),
    );
    expect(await initialize(connection)).toBe('2024-11-05');
    await Promise.all(Array.from({ length: 8 }, (_, i) => callEcho(connection, 'echo', `m${i}`)));
    await connection.close();
  });
});
