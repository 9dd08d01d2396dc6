/**
 * @module operation/gateway/downstream/http/mcp-endpoint
 * The one `/mcp` endpoint for both protocol eras. Each POST body is read and checked once, then
 * routed by the SDK's own classification (`isLegacyRequest`: no per-request `_meta` envelope) to
 * the session-based transport or to the 2026-07-28 handler; a request naming an MCP session is
 * always session-based. GET and DELETE with a session id belong to that session; without one
 * they are answered the 2026-07-28 way (405).
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { isLegacyRequest } from '@modelcontextprotocol/server';

import type { Logger } from '../../../../shared/logging/index.js';
import { errorResponse } from '../wire/inspect-message.js';
import type { ModernEndpoint } from './modern-endpoint.js';
import { readJsonRpcBody } from './read-body.js';
import type { StreamableHttpSessions } from './streamable-http-sessions.js';

/** Dispatches `/mcp` between the eras. */
export class McpEndpoint {
  private readonly legacy: StreamableHttpSessions;
  private readonly modern: ModernEndpoint;
  private readonly maxBodyBytes: number;
  private readonly logger: Logger;

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

  async handle(request: Request, principal: string): Promise<Response> {
    const hasSession = request.headers.has('mcp-session-id');
    if (request.method !== 'POST') {
      return hasSession
        ? this.legacy.handle(request, principal)
        : this.modern.handle(request, principal);
    }
    const body = await readJsonRpcBody(request, this.maxBodyBytes, { allowBatch: true });
    if (!body.ok) {
      this.logger.warn(
        { status: body.status, reason: body.error.message },
        'rejected an HTTP request',
      );
      return Response.json(errorResponse(body.error), { status: body.status });
    }
    const value: JSONRPCMessage | JSONRPCMessage[] = body.value;
    if (hasSession || (await isLegacyRequest(request, value))) {
      return this.legacy.handle(request, principal, value);
    }
    return this.modern.handle(request, principal, value);
  }
}
