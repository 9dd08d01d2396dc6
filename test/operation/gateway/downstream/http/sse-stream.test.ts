/**
 * The SSE stream of a session-era POST: a priming event held for the first message leaves with it
 * in one write; once the hold passes it leaves alone. Driven on a real node:http server, with the
 * client reading the body chunk by chunk (one `res.write` is one HTTP chunk).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  PRIMING_HOLD_MS,
  SseStream,
} from '../../../../../src/operation/gateway/downstream/http/sse-stream.js';

type Script = (stream: SseStream) => Promise<void> | void;

let server: http.Server;
let script: Script = () => undefined;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    void Promise.resolve(script(new SseStream(res)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Runs `next` on the server's stream and returns the body as the chunks it arrived in. */
function chunksOf(next: Script): Promise<string[]> {
  script = next;
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, agent: false }, (res) => {
        const chunks: string[] = [];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => chunks.push(chunk));
        res.on('end', () => resolve(chunks));
      })
      .once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SseStream', () => {
  it('writes a held priming event together with the first message', async () => {
    const chunks = await chunksOf((stream) => {
      stream.hold('id: p\nretry: 1000\ndata: \n\n');
      stream.end('event: message\ndata: {}\n\n');
    });
    expect(chunks).toEqual(['id: p\nretry: 1000\ndata: \n\nevent: message\ndata: {}\n\n']);
  });

  it('writes the priming event alone once the hold has passed, then the message', async () => {
    const chunks = await chunksOf(async (stream) => {
      stream.hold('id: p\nretry: 1000\ndata: \n\n');
      await sleep(PRIMING_HOLD_MS * 4);
      stream.end('event: message\ndata: {}\n\n');
    });
    expect(chunks).toEqual(['id: p\nretry: 1000\ndata: \n\n', 'event: message\ndata: {}\n\n']);
  });

  it('writes nothing after the end', async () => {
    const chunks = await chunksOf((stream) => {
      stream.end('event: message\ndata: {}\n\n');
      stream.write('event: message\ndata: {"late":true}\n\n');
      expect(stream.open).toBe(false);
    });
    expect(chunks).toEqual(['event: message\ndata: {}\n\n']);
  });
});
