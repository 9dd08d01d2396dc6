/**
 * @module creation/names/registry-names
 * Lists every server name of an MCP registry through its read API, `GET /v0.1/servers`, following
 * `metadata.nextCursor` until it is empty. The response shape is the official registry's
 * (modelcontextprotocol/registry, docs/reference/api/openapi.yaml, `ServerList`):
 * `{ servers: [{ server: { name, packages: [{ registryType, identifier }] }, _meta }],
 * metadata: { nextCursor, count } }`. Versions of one server collapse into one entry; npm
 * packages (`registryType: "npm"`) become the entry's npm identifiers.
 *
 * Fails closed: an unreachable registry, an error status, a malformed page, a repeated cursor or
 * too many pages is an error, never a short list (a short list would let a look-alike pass).
 */
import { z } from 'zod';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { NameEntry } from './name-entry.js';

/** How {@link fetchRegistryNames} reads a registry. */
export interface RegistryNamesOptions {
  /** Page size asked for (`limit`); default 100. */
  readonly pageSize?: number;
  /** Most pages read before giving up; default 10,000. */
  readonly maxPages?: number;
  /** Timeout of each request in ms; default 30,000. */
  readonly timeoutMs?: number;
  /** Largest page body in bytes; default 16 MiB. */
  readonly maxPageBytes?: number;
  /** The owner of a listed server, e.g. from registry-specific `_meta`; default: its namespace. */
  readonly ownerOf?: (item: RegistryServerItem) => string | undefined;
  /** The fetch to use (tests, proxies); default the global one. */
  readonly fetch?: typeof fetch;
}

const PackageSchema = z.looseObject({
  registryType: z.string().optional(),
  identifier: z.string().optional(),
});

const ServerItemSchema = z.looseObject({
  server: z.looseObject({
    name: z.string().min(1),
    packages: z.array(PackageSchema).nullish(),
  }),
  _meta: z.record(z.string(), z.unknown()).nullish(),
});

/** One item of a registry's server list. */
export type RegistryServerItem = z.infer<typeof ServerItemSchema>;

const ServerListSchema = z.looseObject({
  servers: z.array(ServerItemSchema),
  metadata: z
    .looseObject({ nextCursor: z.string().nullish(), count: z.number().nullish() })
    .nullish(),
});

async function readBounded(response: Response, maxBytes: number, url: string): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new GatehouseError(
        ErrorCode.UpstreamProtocol,
        `registry page ${url} is larger than ${maxBytes} bytes`,
      );
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function pageUrl(base: URL, cursor: string | undefined, pageSize: number): URL {
  const url = new URL('v0.1/servers', base.href.endsWith('/') ? base : new URL(`${base.href}/`));
  url.searchParams.set('limit', String(pageSize));
  if (cursor !== undefined) url.searchParams.set('cursor', cursor);
  return url;
}

async function fetchPage(
  url: URL,
  options: Required<Pick<RegistryNamesOptions, 'timeoutMs' | 'maxPageBytes' | 'fetch'>>,
): Promise<z.infer<typeof ServerListSchema>> {
  let response: Response;
  try {
    response = await options.fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    throw new GatehouseError(
      ErrorCode.UpstreamUnavailable,
      `cannot reach the registry at ${url.origin}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new GatehouseError(
      ErrorCode.UpstreamUnavailable,
      `the registry answered ${response.status} for ${url.pathname}${url.search}`,
    );
  }
  const text = await readBounded(response, options.maxPageBytes, url.href);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new GatehouseError(ErrorCode.UpstreamProtocol, `registry page ${url.href} is not JSON`, {
      cause: error,
    });
  }
  const parsed = ServerListSchema.safeParse(json);
  if (!parsed.success) {
    throw new GatehouseError(
      ErrorCode.UpstreamProtocol,
      `registry page ${url.href} is not a server list: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

/**
 * Every server name of the registry at `baseUrl` (the part before `/v0.1`), one entry per name
 * with the npm identifiers of all its listed versions.
 */
export async function fetchRegistryNames(
  baseUrl: string | URL,
  options: RegistryNamesOptions = {},
): Promise<NameEntry[]> {
  const base = new URL(baseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new GatehouseError(ErrorCode.Usage, `registry URL must be http(s): ${base.href}`);
  }
  const settings = {
    timeoutMs: options.timeoutMs ?? 30_000,
    maxPageBytes: options.maxPageBytes ?? 16 * 1024 * 1024,
    fetch: options.fetch ?? fetch,
  };
  const pageSize = options.pageSize ?? 100;
  const maxPages = options.maxPages ?? 10_000;
  const byName = new Map<string, { owner?: string; npm: Set<string> }>();
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= maxPages) {
      throw new GatehouseError(
        ErrorCode.UpstreamProtocol,
        `the registry listed more than ${maxPages} pages; giving up`,
      );
    }
    const list = await fetchPage(pageUrl(base, cursor, pageSize), settings);
    for (const item of list.servers) {
      const name = item.server.name;
      const record = byName.get(name) ?? { npm: new Set<string>() };
      const owner = options.ownerOf?.(item);
      if (owner !== undefined && record.owner === undefined) record.owner = owner;
      for (const pkg of item.server.packages ?? []) {
        if (pkg.registryType === 'npm' && pkg.identifier) record.npm.add(pkg.identifier);
      }
      byName.set(name, record);
    }
    const next = list.metadata?.nextCursor ?? '';
    if (next === '') break;
    if (seenCursors.has(next)) {
      throw new GatehouseError(
        ErrorCode.UpstreamProtocol,
        `the registry returned cursor "${next}" twice (a pagination loop)`,
      );
    }
    seenCursors.add(next);
    cursor = next;
  }
  return [...byName].map(([name, { owner, npm }]) => ({
    name,
    ...(owner !== undefined ? { owner } : {}),
    ...(npm.size > 0 ? { npm: [...npm].sort() } : {}),
  }));
}
