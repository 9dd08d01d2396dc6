import type { JSONRPCMessage } from '@modelcontextprotocol/client';
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';

import { listAll } from '../../../../src/operation/gateway/upstream/list-all.js';
import { GatehouseError } from '../../../../src/shared/errors/index.js';

type Json = Record<string, unknown>;
type Pager = (method: string, cursor: unknown) => Json;

const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});

/** A real SDK client connected in memory to a hand-written server answering lists with `pager`. */
async function clientFor(pager: Pager): Promise<{ client: Client; requests: Json[] }> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const requests: Json[] = [];
  serverSide.onmessage = (message: JSONRPCMessage) => {
    if (!('id' in message) || !('method' in message)) return;
    const reply = (body: Json): void =>
      void serverSide.send({ jsonrpc: '2.0', id: message.id, ...body } as JSONRPCMessage);
    if (message.method === 'initialize') {
      reply({
        result: {
          protocolVersion: '2025-11-25',
          capabilities: { tools: {}, prompts: {}, resources: {} },
          serverInfo: { name: 'pager', version: '1' },
        },
      });
      return;
    }
    if (!message.method.endsWith('/list')) {
      reply({ error: { code: -32601, message: 'Method not found' } });
      return;
    }
    requests.push({ method: message.method, ...(message.params ?? {}) });
    reply({ result: pager(message.method, message.params?.cursor) });
  };
  await serverSide.start();
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(clientSide);
  clients.push(client);
  return { client, requests };
}

const fail = async (promise: Promise<unknown>): Promise<GatehouseError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatehouseError);
    return error as GatehouseError;
  }
  throw new Error('listAll succeeded');
};

const opts = { timeoutMs: 5_000 };

describe('listAll', () => {
  it('refuses a result without the items array', async () => {
    const { client } = await clientFor(() => ({ tools: 'none' }));
    const error = await fail(listAll(client, 'tools/list', opts));
    expect(error.code).toBe('UPSTREAM_PROTOCOL');
    expect(error.message).toBe('tools/list result has no "tools" array (got string)');
  });

  it('refuses a cursor that is not a string', async () => {
    const { client } = await clientFor(() => ({ prompts: [], nextCursor: 2 }));
    const error = await fail(listAll(client, 'prompts/list', opts));
    expect(error.message).toBe('prompts/list nextCursor must be a string (got number)');
  });

  it('stops a cursor loop at the first repeated cursor', async () => {
    const { client, requests } = await clientFor((_m, cursor) => ({
      resources: [{ uri: `x://${String(cursor)}`, name: 'r' }],
      nextCursor: cursor === 'a' ? 'b' : 'a',
    }));
    const error = await fail(listAll(client, 'resources/list', opts));
    expect(error.message).toBe('resources/list repeated cursor "a"');
    expect(requests).toHaveLength(3);
  });

  it('stops after maxPages pages of fresh cursors', async () => {
    let page = 0;
    const { client, requests } = await clientFor(() => ({ tools: [], nextCursor: `c${++page}` }));
    const error = await fail(
      listAll(client, 'tools/list', { ...opts, limits: { maxPages: 5, maxItems: 100 } }),
    );
    expect(error.message).toBe('tools/list did not finish within 5 pages');
    expect(requests).toHaveLength(5);
  });

  it('stops as soon as the items pass maxItems', async () => {
    const { client, requests } = await clientFor((_m, cursor) => ({
      tools: Array.from({ length: 4 }, (_, i) => ({ name: `t${String(cursor)}${i}` })),
      nextCursor: `${typeof cursor === 'string' ? cursor : ''}x`,
    }));
    const error = await fail(
      listAll(client, 'tools/list', { ...opts, limits: { maxPages: 100, maxItems: 10 } }),
    );
    expect(error.message).toBe('tools/list returned more than 10 items');
    expect(requests).toHaveLength(3);
  });

  it('walks every page, sending each cursor back, and returns the raw items in order', async () => {
    const pages: Record<string, Json> = {
      start: { resourceTemplates: [{ uriTemplate: 'a://{x}', name: 'a' }], nextCursor: 'p2' },
      p2: { resourceTemplates: [], nextCursor: 'p3' },
      p3: {
        resourceTemplates: [{ uriTemplate: 'b://{x}', name: 'b', extra: true }, 'junk stays raw'],
        nextCursor: '',
      },
    };
    const { client, requests } = await clientFor(
      (_m, cursor) => pages[typeof cursor === 'string' ? cursor : 'start']!,
    );
    const items = await listAll(client, 'resources/templates/list', opts);
    expect(items).toEqual([
      { uriTemplate: 'a://{x}', name: 'a' },
      { uriTemplate: 'b://{x}', name: 'b', extra: true },
      'junk stays raw',
    ]);
    expect(requests).toEqual([
      { method: 'resources/templates/list' },
      { method: 'resources/templates/list', cursor: 'p2' },
      { method: 'resources/templates/list', cursor: 'p3' },
    ]);
  });

  it('treats a null cursor as the last page', async () => {
    const { client } = await clientFor(() => ({ prompts: [{ name: 'p' }], nextCursor: null }));
    expect(await listAll(client, 'prompts/list', opts)).toEqual([{ name: 'p' }]);
  });
});
