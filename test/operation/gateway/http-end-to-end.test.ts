/**
 * End to end over HTTP through the real CLI: several hosts on one gateway (Streamable HTTP and
 * legacy SSE), attribution of mid-call requests between them, bearer keys, and gateways chained
 * through both upstream HTTP transports.
 */
import { spawnSync } from 'node:child_process';

import { Client, SSEClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GatehouseHttp } from '../../helpers/gatehouse-process.js';
import { connectHttp, startGatehouseHttp, writeConfig } from '../../helpers/gatehouse-process.js';
import { CLI, SCRIPTED_SERVER } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const dir = useTempDir();
const scripted = (name: string) => ({
  transport: 'stdio',
  command: process.execPath,
  args: [SCRIPTED_SERVER, '--name', name],
});
const text = (result: { content?: unknown }): string =>
  (result.content as { text?: string }[] | undefined)?.[0]?.text ?? '';

describe('gatehouse run --listen with several hosts', () => {
  let gateway: GatehouseHttp;
  const clients: Client[] = [];

  beforeAll(async () => {
    gateway = await startGatehouseHttp(writeConfig(dir, { servers: { alpha: scripted('alpha') } }));
  });
  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await gateway?.stop();
  });

  const host = async (name: string, seen: string[]): Promise<Client> => {
    const client = await connectHttp(gateway.url, { elicitation: { form: {} } });
    client.setRequestHandler('elicitation/create', (request) => {
      seen.push(`${name}:${String(request.params.message)}`);
      return { action: 'accept', content: { answer: name } };
    });
    clients.push(client);
    return client;
  };

  it('relays an elicitation only to the host whose call caused it', async () => {
    const seen: string[] = [];
    const ann = await host('ann', seen);
    const bob = await host('bob', seen);
    const result = await ann.callTool({ name: 'alpha__elicit', arguments: { question: 'Who?' } });
    expect(JSON.parse(text(result))).toEqual({ action: 'accept', content: { answer: 'ann' } });
    expect(seen).toEqual(['ann:[alpha] Who?']);
    expect(
      (await bob.callTool({ name: 'alpha__echo', arguments: { message: 'b' } })).content,
    ).toEqual([{ type: 'text', text: 'alpha: b' }]);
  });

  it('refuses an elicitation it cannot attribute instead of guessing', async () => {
    const seen: string[] = [];
    const ann = await host('ann2', seen);
    const bob = await host('bob2', seen);
    const slow = bob.callTool({ name: 'alpha__slow', arguments: { ms: 1_500 } });
    await new Promise((r) => setTimeout(r, 200));
    const result = await ann
      .callTool({ name: 'alpha__elicit', arguments: { question: 'Who?' } })
      .then(
        (r) => ({ ok: true as const, r }),
        (e: unknown) => ({ ok: false as const, e }),
      );
    await slow;
    expect(seen).toEqual([]);
    const message = result.ok ? text(result.r) : String((result.e as Error).message);
    expect(message).toMatch(/cannot (be attributed|relay)/);
  });

  it('serves legacy HTTP+SSE hosts, with mid-call requests on their stream', async () => {
    const seen: string[] = [];
    const client = new Client(
      { name: 'sse-host', version: '1' },
      { capabilities: { elicitation: { form: {} } } },
    );
    client.setRequestHandler('elicitation/create', (request) => {
      seen.push(String(request.params.message));
      return { action: 'decline' };
    });
    await client.connect(new SSEClientTransport(new URL(gateway.url.replace(/\/mcp$/, '/sse'))));
    clients.push(client);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('alpha__echo');
    expect(text(await client.callTool({ name: 'alpha__echo', arguments: { message: 's' } }))).toBe(
      'alpha: s',
    );
    const declined = await client.callTool({ name: 'alpha__elicit', arguments: { question: 'Q' } });
    expect(JSON.parse(text(declined))).toEqual({ action: 'decline' });
    expect(seen).toEqual(['[alpha] Q']);
  });

  it('chains: a gateway reaches this one as an upstream over Streamable HTTP and over SSE', async () => {
    const chained = await startGatehouseHttp(
      writeConfig(
        dir,
        {
          servers: {
            viahttp: { transport: 'http', url: gateway.url },
            viasse: { transport: 'sse', url: gateway.url.replace(/\/mcp$/, '/sse') },
          },
        },
        'chained.yaml',
      ),
    );
    try {
      const client = await connectHttp(chained.url);
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('viahttp__alpha__echo');
      expect(names).toContain('viasse__alpha__echo');
      expect(
        text(await client.callTool({ name: 'viahttp__alpha__echo', arguments: { message: 'h' } })),
      ).toBe('alpha: h');
      expect(
        text(await client.callTool({ name: 'viasse__alpha__echo', arguments: { message: 's' } })),
      ).toBe('alpha: s');
      const read = await client.readResource({
        uri: 'gatehouse://viahttp/gatehouse://alpha/fixture://a',
      });
      expect(read.contents[0]).toMatchObject({ text: 'alpha:fixture://a' });
      await client.close();
    } finally {
      await chained.stop();
    }
  });
});

describe('bearer keys on the HTTP endpoint', () => {
  const aliceKey = 'gh_alice-test-key';
  const bobKey = 'gh_bob-test-key';
  const sha = (key: string): string =>
    (
      spawnSync(process.execPath, [
        '-e',
        `process.stdout.write(require('node:crypto').createHash('sha256').update(${JSON.stringify(key)}).digest('hex'))`,
      ]).stdout as Buffer
    ).toString();
  let gateway: GatehouseHttp;

  beforeAll(async () => {
    gateway = await startGatehouseHttp(
      writeConfig(
        dir,
        {
          gateway: {
            auth: {
              keys: [
                { id: 'alice', sha256: sha(aliceKey) },
                { id: 'bob', sha256: sha(bobKey) },
              ],
            },
          },
          servers: { alpha: scripted('alpha') },
        },
        'keyed.yaml',
      ),
    );
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('rejects requests without a key, or with an unknown one, with 401', async () => {
    const init = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'x', version: '1' },
      },
    };
    const variants: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer wrong' },
      { Authorization: 'Basic abc' },
    ];
    for (const headers of variants) {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body: JSON.stringify(init),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
    }
  });

  it('serves a host with a valid key, and keeps its session away from other key holders', async () => {
    const alice = await connectHttp(gateway.url, {}, { Authorization: `Bearer ${aliceKey}` });
    expect(text(await alice.callTool({ name: 'alpha__echo', arguments: { message: 'a' } }))).toBe(
      'alpha: a',
    );
    const sessionId = (alice.transport as unknown as { sessionId?: string }).sessionId;
    expect(sessionId).toBeTruthy();
    const hijack = await fetch(gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${bobKey}`,
        'mcp-session-id': sessionId!,
        'mcp-protocol-version': '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }),
    });
    expect(hijack.status).toBe(404);
    await alice.close();
  });

  it('refuses to listen on a non-loopback address without keys (exit code 5)', () => {
    const config = writeConfig(dir, { servers: { alpha: scripted('alpha') } }, 'open.yaml');
    const result = spawnSync(
      process.execPath,
      [CLI, 'run', '-c', config, '--listen', '0.0.0.0:0'],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.status).toBe(5);
    expect(result.stderr).toMatch(/Refusing to listen on 0\.0\.0\.0/);
  });
});
