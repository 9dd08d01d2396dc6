/**
 * @module operation/gateway/downstream/http/mcp-endpoint
 * The one `/mcp` endpoint for both protocol eras, on `node:http`. Each POST body is read and
 * checked once, then routed by the SDK's own classification (`classifyInboundRequest`, what
 * `isLegacyRequest` runs: no per-request `_meta` envelope claim means legacy; a request carrying
 * the claim is routed without it, see `claimsModernEnvelope`) to the session-based transport or to
 * the 2026-07-28 handler; a request naming an MCP session is always session-based. GET and DELETE
 * with a session id belong to that session; without one they are answered the 2026-07-28 way
 * (405). The 2026-07-28 handler is the SDK's web-standard one: a POST reaches it as a lean request
 * head (`web-bridge.ts`), and its `Response` is written back by @hono/node-server's writer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { getRequestListener } from '@hono/node-server';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { classifyInboundRequest, PROTOCOL_VERSION_META_KEY } from '@modelcontextprotocol/server';

import type { Logger } from '../../../../shared/logging/index.js';
import { errorResponse } from '../wire/inspect-message.js';
import type { ModernEndpoint } from './modern-endpoint.js';
import { readNodeJsonRpcBody } from './read-body.js';
import type { StreamableHttpSessions } from './streamable-http-sessions.js';
import { postedRequestHead, toWebRequest } from './web-bridge.js';
import type { WorkerForwarder } from './worker-routing.js';

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * A single request (not `initialize`) whose `params._meta` carries the 2026-07-28 envelope claim:
 * the SDK's classification of such a body is `modern` or a rejection, never `legacy`
 * (`classifyRequestBody`: a claim routes away from legacy except on `initialize`), so it goes to
 * the 2026-07-28 handler without classifying it here first; the handler classifies it (and
 * refuses what is wrong) itself. The body was checked as a JSON-RPC request by `inspectMessage`.
 * Measured: the classification here, with the handler's own, was 222 ms of a 2026-07-28 run's
 * busy time at 64 in flight (3,200 calls), mostly the SDK's zod checks of the message shape.
 */
function claimsModernEnvelope(body: JSONRPCMessage | JSONRPCMessage[]): boolean {
  if (Array.isArray(body) || !('method' in body) || !('id' in body)) return false;
  if ('result' in body || 'error' in body || body.method === 'initialize') return false;
  const meta: unknown = (body.params as { _meta?: unknown } | undefined)?._meta;
  return (
    typeof meta === 'object' &&
    meta !== null &&
    !Array.isArray(meta) &&
    PROTOCOL_VERSION_META_KEY in meta
  );
}

/** Whether the SDK's entry would serve this POST body as session-era traffic. */
function isLegacy(req: IncomingMessage, body: unknown): boolean {
  const protocolVersionHeader = headerOf(req, 'mcp-protocol-version');
  const mcpMethodHeader = headerOf(req, 'mcp-method');
  const mcpNameHeader = headerOf(req, 'mcp-name');
  const outcome = classifyInboundRequest({
    httpMethod: 'POST',
    ...(protocolVersionHeader === undefined ? {} : { protocolVersionHeader }),
    ...(mcpMethodHeader === undefined ? {} : { mcpMethodHeader }),
    ...(mcpNameHeader === undefined ? {} : { mcpNameHeader }),
    body,
  });
  return outcome.kind === 'legacy';
}

/**
 * Writes a web `Response` to a Node response with @hono/node-server's writer (already the front's
 * for `/sse` and `/metrics`): a whole answer made from a string (the SDK's JSON answers) goes out
 * in one write without becoming a byte stream first, an event stream is piped until it ends or the
 * client leaves. Measured: reading the SDK's JSON answer back through `Response.arrayBuffer()` was
 * 128 ms of a 2026-07-28 run's busy time at 64 in flight (3,200 calls).
 */
const answers = new WeakMap<object, Response>();
const writeResponse = getRequestListener(
  (_request, env) => answers.get(env.incoming) ?? new Response(null, { status: 500 }),
);

function respond(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  answers.set(req, response);
  return writeResponse(req, res);
}

/** Built once (issue 7: per-call allocations). */
const ALLOW_BATCH = { allowBatch: true } as const;

/** Dispatches `/mcp` between the eras. */
export class McpEndpoint {
  private readonly legacy: StreamableHttpSessions;
  private readonly modern: ModernEndpoint;
  private readonly maxBodyBytes: number;
  private readonly logger: Logger;
  private forwarder: WorkerForwarder | undefined;

  constructor(options: {
    legacy: StreamableHttpSessions;
    modern: ModernEndpoint;
    maxBodyBytes: number;
    logger: Logger;
  }) {
    this.legacy = options.legacy;
    this.modern = options.modern;
    this.maxBodyBytes = options.maxBodyBytes;
    this.logger = options.logger;
  }

  /** One worker of a pool: retries of rounds another worker holds are passed on to it. */
  routeTo(forwarder: WorkerForwarder): void {
    this.forwarder = forwarder;
  }

  async handle(req: IncomingMessage, res: ServerResponse, principal: string): Promise<void> {
    const hasSession = req.headers['mcp-session-id'] !== undefined;
    if (req.method !== 'POST') {
      if (hasSession) return this.legacy.handle(req, res, principal);
      return respond(req, res, await this.modern.handle(toWebRequest(req, res), principal));
    }
    const body = await readNodeJsonRpcBody(req, this.maxBodyBytes, ALLOW_BATCH);
    if (!body.ok) {
      this.logger.warn(
        { status: body.status, reason: body.error.message },
        'rejected an HTTP request',
      );
      res.writeHead(body.status, {
        'Content-Type': 'application/json',
        // A body over the limit is not read on: the connection goes once this answer is out.
        ...(body.status === 413 ? { Connection: 'close' } : {}),
      });
      res.end(JSON.stringify(errorResponse(body.error)));
      return;
    }
    const value: JSONRPCMessage | JSONRPCMessage[] = body.value;
    if (hasSession || (!claimsModernEnvelope(value) && isLegacy(req, value))) {
      return this.legacy.handle(req, res, principal, value);
    }
    const owner = this.forwarder?.stateTarget(value);
    if (owner !== undefined && this.forwarder) {
      this.forwarder.forward(req, res, owner, value);
      return;
    }
    return respond(
      req,
      res,
      await this.modern.handle(postedRequestHead(req, res), principal, value),
    );
  }
}
