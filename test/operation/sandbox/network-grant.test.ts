/**
 * A server granted one host reaches it with plain `fetch` and nothing else: the allowlist holds
 * inside the sandbox's network namespace (a loopback server on the host stands in for the internet).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sandboxSupport } from '../../../src/operation/sandbox/index.js';
import type { GatehouseHttp } from '../../helpers/gatehouse-process.js';
import { connectHttp, startGatehouseHttp, writeConfig } from '../../helpers/gatehouse-process.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const FETCH_SERVER = path.join(REPO_ROOT, 'dist/fixtures/servers/fetch-server.js');
const dir = useTempDir();
const root = process.getuid?.() === 0;

/** Listens on loopback; `port` 0 picks a free one, a low port is tried upwards until free. */
function listen(
  body: string,
  port = 0,
): Promise<{ server: Server; port: number; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    res.end(body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (port === 0 || error.code !== 'EADDRINUSE' || port >= 1023) reject(error);
      else listen(body, port + 1).then(resolve, reject);
    });
    server.listen(port, '127.0.0.1', () => {
      resolve({ server, port: (server.address() as AddressInfo).port, hits: () => hits });
    });
  });
}

const result = (r: unknown): Record<string, unknown> =>
  JSON.parse((r as { content: { text: string }[] }).content[0]?.text ?? '{}') as Record<
    string,
    unknown
  >;

describe.skipIf(!sandboxSupport().ok)('network allowlist', () => {
  let granted: Awaited<ReturnType<typeof listen>>;
  let canary: Awaited<ReturnType<typeof listen>>;
  // Binding below 1024 needs root here, and so does the namespace setup it exercises.
  let low: Awaited<ReturnType<typeof listen>> | undefined;
  let gateway: GatehouseHttp;
  let client: Client;

  beforeAll(async () => {
    granted = await listen('the granted host');
    canary = await listen('canary');
    if (root) low = await listen('a port below 1024', 901);
    const config = writeConfig(dir, {
      servers: {
        ...(low
          ? {
              low: {
                transport: 'stdio',
                command: process.execPath,
                args: [FETCH_SERVER],
                sandbox: { network: [`127.0.0.1:${low.port}`] },
              },
            }
          : {}),
        literal: {
          transport: 'stdio',
          command: process.execPath,
          args: [FETCH_SERVER],
          sandbox: { network: [`127.0.0.1:${granted.port}`] },
        },
        named: {
          transport: 'stdio',
          command: process.execPath,
          args: [FETCH_SERVER],
          sandbox: { network: [`localhost:${granted.port}`], privateNetwork: true },
        },
        private: {
          transport: 'stdio',
          command: process.execPath,
          args: [FETCH_SERVER],
          sandbox: { network: [`localhost:${granted.port}`] },
        },
        offline: { transport: 'stdio', command: process.execPath, args: [FETCH_SERVER] },
      },
    });
    gateway = await startGatehouseHttp(config);
    client = await connectHttp(gateway.url);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await gateway?.stop();
    granted?.server.close();
    canary?.server.close();
    low?.server.close();
  });

  const fetchVia = async (server: string, url: string) =>
    result(await client.callTool({ name: `${server}__fetch`, arguments: { url } }));

  it('reaches the granted address with plain fetch', async () => {
    expect(await fetchVia('literal', `http://127.0.0.1:${granted.port}/`)).toEqual({
      status: 200,
      body: 'the granted host',
    });
  });

  it('reaches a granted name, resolved by the gateway (private targets allowed for this server)', async () => {
    expect(await fetchVia('named', `http://localhost:${granted.port}/`)).toEqual({
      status: 200,
      body: 'the granted host',
    });
  });

  it('refuses a granted name that resolves to a private address unless privateNetwork is granted', async () => {
    const before = granted.hits();
    expect((await fetchVia('private', `http://localhost:${granted.port}/`)).error).toBeDefined();
    expect(granted.hits()).toBe(before);
    expect(gateway.stderr()).toMatch(/egress refused/);
  });

  it('reaches nothing else: another loopback port, another address, a name, DNS', async () => {
    const before = canary.hits();
    for (const url of [
      `http://127.0.0.1:${canary.port}/`,
      `http://127.0.0.2:${granted.port}/`,
      `http://example.com/`,
      `http://localhost:${canary.port}/`,
    ]) {
      expect((await fetchVia('literal', url)).error, url).toBeDefined();
    }
    expect(canary.hits()).toBe(before);
  });

  it.skipIf(!root)(
    'reaches a granted port below 1024 (the namespace is set up from outside)',
    async () => {
      if (!low) throw new Error('no low port');
      expect(await fetchVia('low', `http://127.0.0.1:${low.port}/`)).toEqual({
        status: 200,
        body: 'a port below 1024',
      });
    },
  );

  it('reaches nothing at all without a grant', async () => {
    expect((await fetchVia('offline', `http://127.0.0.1:${granted.port}/`)).error).toBeDefined();
  });
});
