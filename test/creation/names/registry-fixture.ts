/**
 * A loopback registry serving `GET /v0.1/servers` in the official list shape, in pages of
 * `pageSize`, with switches for failure modes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRegistry {
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

export interface FakeRegistryOptions {
  readonly servers: readonly { name: string; npm?: string; owner?: string }[];
  readonly pageSize?: number;
  /** Answer every request with this status. */
  readonly status?: number;
  /** Always return this cursor (a pagination loop). */
  readonly loopCursor?: string;
  /** Return this body instead of a list. */
  readonly body?: string;
}

/** Starts the registry on 127.0.0.1 and an ephemeral port. */
export async function startFakeRegistry(options: FakeRegistryOptions): Promise<FakeRegistry> {
  const requests: string[] = [];
  const pageSize = options.pageSize ?? 2;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    if (options.status !== undefined) {
      res.writeHead(options.status).end('{"error":"nope"}');
      return;
    }
    if (options.body !== undefined || url.pathname !== '/v0.1/servers') {
      res.writeHead(options.body !== undefined ? 200 : 404, { 'content-type': 'application/json' });
      res.end(options.body ?? '{"error":"not found"}');
      return;
    }
    const start = Number(url.searchParams.get('cursor') ?? '0');
    const page = options.servers.slice(start, start + pageSize);
    const next = start + pageSize < options.servers.length ? String(start + pageSize) : undefined;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        servers: page.map((s) => ({
          server: {
            name: s.name,
            description: 'x',
            version: '1.0.0',
            ...(s.npm
              ? {
                  packages: [
                    { registryType: 'npm', identifier: s.npm, transport: { type: 'stdio' } },
                  ],
                }
              : {}),
          },
          _meta: {
            'io.modelcontextprotocol.registry/official': { status: 'active', isLatest: true },
            ...(s.owner ? { 'test/owner': s.owner } : {}),
          },
        })),
        metadata: {
          count: page.length,
          ...(options.loopCursor
            ? { nextCursor: options.loopCursor }
            : next
              ? { nextCursor: next }
              : {}),
        },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
