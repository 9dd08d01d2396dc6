/**
 * @module operation/gateway/downstream/http/http-front
 * The HTTP side of `gatehouse run --listen`: Streamable HTTP at `/mcp` (served on `node:http`
 * directly: the hot path, see `node-streamable-transport.ts`), legacy HTTP+SSE at `/sse` and
 * `/message` and the metrics on Hono.
 *
 * Threats and where they stop:
 * - DNS rebinding: every request's `Host` must be one this gateway is reachable as, and a present
 *   `Origin` must be allowed (SDK middleware, 403 otherwise; MCP 2025-11-25 transports, security).
 * - Unauthenticated remote use: on a non-loopback address the front refuses to start without
 *   bearer keys; with keys configured every request must carry one (401 otherwise).
 * - Oversized or malformed bodies: capped and inspected before the SDK sees them.
 */
import { rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';

import { getRequestListener } from '@hono/node-server';
import { hostHeaderValidation, originValidation } from '@modelcontextprotocol/hono';
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';

import type { GatewayConfig } from '../../../../shared/config/schema.js';
import { ErrorCode, GatehouseError } from '../../../../shared/errors/index.js';
import type { Logger } from '../../../../shared/logging/index.js';
import type { Gateway } from '../../gateway.js';
import { checkBearer } from './bearer-keys.js';
import { LegacySseSessions } from './legacy-sse.js';
import type { ListenAddress } from './listen-address.js';
import { urlHost } from './listen-address.js';
import { McpEndpoint } from './mcp-endpoint.js';
import { ModernEndpoint } from './modern-endpoint.js';
import { guardRequest } from './node-guards.js';
import { StreamableHttpSessions } from './streamable-http-sessions.js';
import type { WorkerRoutes } from './worker-routing.js';
import { sessionMark, WorkerForwarder, workerSocket } from './worker-routing.js';

export const MCP_PATH = '/mcp';
export const SSE_PATH = '/sse';
export const MESSAGE_PATH = '/message';
export const METRICS_PATH = '/metrics';

export interface HttpFrontOptions {
  readonly address: ListenAddress;
  readonly gateway: Gateway;
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly maxSessions?: number;
  readonly idleTimeoutMs?: number;
  /**
   * One of several worker processes sharing the port: its session ids carry its mark, requests
   * for another worker's session are passed on to it, and it also listens on its own socket.
   */
  readonly workers?: WorkerRoutes;
}

export interface RunningHttpFront {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

type Env = { Variables: { principal: string } };

/** Host names the gateway accepts in `Host` (port-agnostic, as the SDK middleware compares). */
export function allowedHostnames(address: ListenAddress, extra: readonly string[]): string[] {
  const names = new Set<string>(extra.map((h) => h.toLowerCase()));
  if (address.loopback) {
    for (const h of ['localhost', '127.0.0.1', '[::1]']) names.add(h);
  } else {
    names.add(urlHost(address.host));
    if (address.host === '0.0.0.0' || address.host === '::') {
      names.add(os.hostname().toLowerCase());
      for (const list of Object.values(os.networkInterfaces())) {
        for (const info of list ?? [])
          names.add(info.family === 'IPv6' ? `[${info.address}]` : info.address);
      }
    }
  }
  return [...names];
}

function originHostnames(address: ListenAddress, configured: readonly string[]): string[] {
  const names = new Set<string>();
  if (address.loopback) for (const h of ['localhost', '127.0.0.1', '[::1]']) names.add(h);
  for (const origin of configured) {
    try {
      names.add(new URL(origin).hostname);
    } catch {
      names.add(origin);
    }
  }
  return [...names];
}

/**
 * Wraps one of the SDK's DNS-rebinding middlewares so that a request it refuses (403, without
 * calling `next`) is logged: a refused Host or Origin may be an attack and must leave a trace.
 */
function logRefusals(check: MiddlewareHandler, logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    let passed = false;
    const response = await check(c, async () => {
      passed = true;
      await next();
    });
    if (!passed) {
      logger.warn(
        {
          status: response instanceof Response ? response.status : c.res.status,
          path: c.req.path,
          host: c.req.header('host'),
          origin: c.req.header('origin'),
        },
        'rejected a request for its Host or Origin header',
      );
    }
    return response;
  };
}

/**
 * Builds the request handlers: the `/mcp` endpoint on `node:http` and the Hono app for the rest
 * (exported for in-process tests with `app.request()`).
 */
export function createHttpApp(options: HttpFrontOptions): {
  app: Hono<Env>;
  mcp: McpEndpoint;
  streamable: StreamableHttpSessions;
  sse: LegacySseSessions;
  modern: ModernEndpoint;
  hosts: readonly string[];
  origins: readonly string[];
} {
  const { gateway, config, logger, address } = options;
  const keys = config.auth.keys;
  const streamable = new StreamableHttpSessions(gateway, {
    maxBodyBytes: config.maxBodyBytes,
    maxSessions: options.maxSessions ?? 1_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 6 * 3_600_000,
    retryIntervalMs: 1_000,
    logger,
    ...(options.workers ? { sessionIdPrefix: sessionMark(options.workers.self) } : {}),
  });
  const sse = new LegacySseSessions(gateway, {
    maxBodyBytes: config.maxBodyBytes,
    maxSessions: options.maxSessions ?? 1_000,
    messagePath: MESSAGE_PATH,
    logger,
    ...(options.workers ? { sessionIdPrefix: sessionMark(options.workers.self) } : {}),
  });
  const modern = new ModernEndpoint(gateway, { maxBodyBytes: config.maxBodyBytes, logger });
  const mcp = new McpEndpoint({
    legacy: streamable,
    modern,
    maxBodyBytes: config.maxBodyBytes,
    logger,
  });
  const app = new Hono<Env>();
  const hosts = allowedHostnames(address, config.allowedHosts);
  const origins = originHostnames(address, config.allowedOrigins);
  app.use('*', logRefusals(hostHeaderValidation(hosts), logger));
  app.use('*', logRefusals(originValidation(origins), logger));
  app.use('*', async (c, next) => {
    if (keys.length === 0) {
      c.set('principal', 'local');
      return next();
    }
    const check = checkBearer(c.req.header('authorization'), keys);
    if (!check.ok) {
      logger.warn(
        { path: c.req.path, reason: check.reason },
        'rejected an unauthenticated request',
      );
      return c.json(
        {
          jsonrpc: '2.0',
          id: null,
          error: { code: -32001, message: `Unauthorized: bearer key ${check.reason}` },
        },
        401,
        { 'WWW-Authenticate': 'Bearer realm="gatehouse"' },
      );
    }
    c.set('principal', `key:${check.id}`);
    return next();
  });
  // Prometheus metrics, behind the same Host/Origin checks and bearer keys as everything else.
  app.get(METRICS_PATH, async (c) => {
    gateway.refreshGauges();
    const { contentType, body } = await gateway.metrics.render();
    return c.body(body, 200, { 'Content-Type': contentType });
  });
  app.get(SSE_PATH, (c: Context<Env>) => sse.open(c.get('principal')));
  app.post(MESSAGE_PATH, (c: Context<Env>) => sse.post(c.req.raw, c.get('principal')));
  app.notFound((c) =>
    c.json({ error: `Not found: ${c.req.path}. The MCP endpoint is ${MCP_PATH}.` }, 404),
  );
  app.onError((error, c) => {
    logger.error({ err: error, path: c.req.path }, 'unhandled error in the HTTP front');
    return c.json(
      { jsonrpc: '2.0', id: null, error: { code: -32603, message: 'Internal error' } },
      500,
    );
  });
  return { app, mcp, streamable, sse, modern, hosts, origins };
}

/** The path of a request target (`/mcp?x=1` -> `/mcp`). */
function pathOf(url: string | undefined): string {
  const target = url ?? '/';
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}

/**
 * The server's request listener: `/mcp` on `node:http` behind the same checks as the Hono app,
 * everything else through Hono.
 */
export function createRequestListener(
  options: HttpFrontOptions,
  parts: ReturnType<typeof createHttpApp>,
  forwarder?: WorkerForwarder,
): http.RequestListener {
  const { logger, config } = options;
  const hono = getRequestListener(parts.app.fetch);
  const guard = {
    hosts: parts.hosts,
    origins: parts.origins,
    keys: config.auth.keys,
    logger,
  };
  return (req, res) => {
    const owner = forwarder?.target(req);
    if (owner !== undefined && forwarder) {
      forwarder.forward(req, res, owner);
      return;
    }
    const path = pathOf(req.url);
    if (path !== MCP_PATH) {
      void hono(req, res);
      return;
    }
    const principal = guardRequest(req, res, path, guard);
    if (principal === undefined) return;
    parts.mcp.handle(req, res, principal).catch((error: unknown) => {
      logger.error({ err: error, path }, 'unhandled error in the HTTP front');
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            jsonrpc: '2.0',
            id: null,
            error: { code: -32603, message: 'Internal error' },
          }),
        );
      } else {
        res.destroy();
      }
    });
  };
}

/** Throws unless `address` may be bound with this config: non-loopback needs bearer keys. */
export function assertBindAllowed(address: ListenAddress, config: GatewayConfig): void {
  if (!address.loopback && config.auth.keys.length === 0) {
    throw new GatehouseError(
      ErrorCode.BindRefused,
      `Refusing to listen on ${address.host}: it is reachable from other machines and no bearer keys are configured. ` +
        'Add gateway.auth.keys (see `gatehouse key create`) or listen on 127.0.0.1.',
    );
  }
}

/** How long an idle HTTP connection is kept open. */
const KEEP_ALIVE_MS = 65_000;

/** Starts the HTTP front; refuses a non-loopback bind without bearer keys. */
export async function startHttpFront(options: HttpFrontOptions): Promise<RunningHttpFront> {
  const { address, config } = options;
  assertBindAllowed(address, config);
  const parts = createHttpApp(options);
  const { streamable, sse, modern } = parts;
  const forwarder = options.workers
    ? new WorkerForwarder(options.workers, options.logger)
    : undefined;
  if (forwarder) parts.mcp.routeTo(forwarder);
  const listener = createRequestListener(options, parts, forwarder);
  const server = http.createServer(listener);
  // Clients reuse idle keep-alive connections; closing one at Node's default 5 s just as a client
  // sends on it fails that request ("other side closed"). Idle connections stay longer than
  // common client pools keep them (undici: 4 s), so the client side always closes first.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A worker's own door, where the other workers pass on requests for its sessions.
  const own = options.workers ? http.createServer(listener) : undefined;
  if (own && options.workers) {
    const socket = workerSocket(options.workers, options.workers.self);
    rmSync(socket, { force: true });
    await new Promise<void>((resolve, reject) => {
      own.once('error', reject);
      own.listen(socket, () => {
        own.off('error', reject);
        resolve();
      });
    });
  }
  const bound = server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : address.port;
  return {
    url: `http://${urlHost(address.host)}:${port}${MCP_PATH}`,
    port,
    async close() {
      await streamable.closeAll();
      await sse.closeAll();
      await modern.close();
      forwarder?.close();
      await Promise.all(
        [server, own].map(
          (s) =>
            new Promise<void>((resolve) => {
              if (!s) return resolve();
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}
