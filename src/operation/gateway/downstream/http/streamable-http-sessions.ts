/**
 * @module operation/gateway/downstream/http/streamable-http-sessions
 * Streamable HTTP at `/mcp` for the session-based revisions (2025-11-25 and older): one SDK
 * `WebStandardStreamableHTTPServerTransport` and one gateway session per MCP session.
 *
 * Threat: session hijacking. A session id is never authentication: every request is
 * authenticated first, and a session can only be used by the principal that opened it (anyone
 * else gets the same 404 as for an unknown id). Sessions idle too long are closed, and their
 * number is capped, so abandoned clients cannot exhaust memory.
 */
import { randomUUID } from 'node:crypto';

import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import {
  isInitializeRequest,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';

import type { Logger } from '../../../../shared/logging/index.js';
import type { Gateway } from '../../gateway.js';
import { logErrorAnswers } from '../error-answers.js';
import type { GatewaySession } from '../gateway-session.js';
import { errorResponse } from '../wire/inspect-message.js';
import { BoundedEventStore } from './event-store.js';

export interface StreamableHttpOptions {
  readonly maxBodyBytes: number;
  readonly maxSessions: number;
  readonly idleTimeoutMs: number;
  /** SSE `retry` hint sent with priming events, in milliseconds. */
  readonly retryIntervalMs: number;
  readonly logger: Logger;
}

interface Entry {
  readonly transport: WebStandardStreamableHTTPServerTransport;
  readonly session: GatewaySession;
}

function json(status: number, body: unknown): Response {
  return Response.json(body, { status });
}

function rpcError(status: number, code: number, message: string): Response {
  return json(status, errorResponse({ code, message, id: null }));
}

/** All Streamable HTTP sessions of one HTTP front. */
export class StreamableHttpSessions {
  private readonly sessions = new Map<string, Entry>();
  private readonly gateway: Gateway;
  private readonly options: StreamableHttpOptions;
  private readonly sweeper: NodeJS.Timeout;

  constructor(gateway: Gateway, options: StreamableHttpOptions) {
    this.gateway = gateway;
    this.options = options;
    this.sweeper = setInterval(() => this.sweep(), Math.min(60_000, options.idleTimeoutMs));
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  /** A session-era request; `body` is the already read and checked body of a POST. */
  async handle(
    request: Request,
    principal: string,
    body?: JSONRPCMessage | JSONRPCMessage[],
  ): Promise<Response> {
    const sessionId = request.headers.get('mcp-session-id') ?? undefined;
    if (request.method === 'POST' && body !== undefined) {
      return this.handlePost(request, principal, sessionId, body);
    }
    if (request.method === 'GET' || request.method === 'DELETE') {
      if (sessionId === undefined) {
        return this.reject(400, -32000, 'Bad Request: Mcp-Session-Id header is required');
      }
      const entry = this.lookup(sessionId, principal);
      if (!entry) return this.reject(404, -32001, 'Session not found');
      entry.session.lastActivity = Date.now();
      return this.logged(await entry.transport.handleRequest(request));
    }
    return new Response(null, { status: 405, headers: { Allow: 'GET, POST, DELETE' } });
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all(
      [...this.sessions.values()].map((e) => e.transport.close().catch(() => undefined)),
    );
  }

  private async handlePost(
    request: Request,
    principal: string,
    sessionId: string | undefined,
    message: JSONRPCMessage | JSONRPCMessage[],
  ): Promise<Response> {
    const body = { value: message };
    if (sessionId !== undefined) {
      const entry = this.lookup(sessionId, principal);
      if (!entry) return this.reject(404, -32001, 'Session not found');
      entry.session.lastActivity = Date.now();
      return this.logged(await entry.transport.handleRequest(request, { parsedBody: body.value }));
    }
    if (!isInitialize(body.value)) {
      return this.reject(
        400,
        -32000,
        'Bad Request: Mcp-Session-Id header is required (send initialize first)',
      );
    }
    if (this.sessions.size >= this.options.maxSessions) {
      this.options.logger.warn({ sessions: this.sessions.size }, 'session limit reached');
      return this.reject(
        503,
        -32000,
        'Service Unavailable: too many open sessions, try again later',
      );
    }
    return this.open(request, principal, body.value as JSONRPCMessage);
  }

  private async open(
    request: Request,
    principal: string,
    message: JSONRPCMessage,
  ): Promise<Response> {
    const session = this.gateway.openSession('streamable-http', principal);
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        this.sessions.set(id, { transport, session });
      },
      onsessionclosed: (id) => {
        this.sessions.delete(id);
      },
      eventStore: new BoundedEventStore(),
      retryInterval: this.options.retryIntervalMs,
      maxRequestBodySize: this.options.maxBodyBytes,
    });
    transport.onclose = () => {
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
      void this.gateway.closeSession(session);
    };
    logErrorAnswers(transport, this.options.logger, {
      front: 'streamable-http',
      session: session.id,
    });
    await session.server.connect(transport);
    const response = await transport.handleRequest(request, { parsedBody: message });
    if (transport.sessionId === undefined) {
      // The SDK refused the initialize (e.g. bad protocol version): nothing to keep.
      await this.gateway.closeSession(session);
    }
    return this.logged(response);
  }

  /** A refusal of the gateway's own, logged (bad input must leave a trace). */
  private reject(status: number, code: number, message: string): Response {
    this.options.logger.warn({ status, reason: message }, 'rejected an HTTP request');
    return rpcError(status, code, message);
  }

  /**
   * Logs the SDK transport's own refusals (bad `MCP-Protocol-Version`, wrong `Accept`, ...). They
   * are small JSON bodies, read from a clone so the response still goes out unchanged.
   */
  private async logged(response: Response): Promise<Response> {
    if (response.status < 400) return response;
    const text = await response
      .clone()
      .text()
      .catch(() => '');
    const reason = errorMessageOf(text) ?? text.slice(0, 500);
    this.options.logger.warn({ status: response.status, reason }, 'rejected an HTTP request');
    return response;
  }

  private lookup(sessionId: string, principal: string): Entry | undefined {
    const entry = this.sessions.get(sessionId);
    if (!entry || entry.session.principal !== principal) return undefined;
    return entry;
  }

  private sweep(): void {
    const cutoff = Date.now() - this.options.idleTimeoutMs;
    for (const [id, entry] of this.sessions) {
      if (entry.session.lastActivity < cutoff) {
        this.options.logger.info({ session: id }, 'closing an idle session');
        this.sessions.delete(id);
        void entry.transport.close().catch(() => undefined);
      }
    }
  }
}

function isInitialize(value: JSONRPCMessage | JSONRPCMessage[]): boolean {
  if (Array.isArray(value)) return value.length === 1 && isInitializeRequest(value[0]);
  return isInitializeRequest(value);
}

/** The `error.message` of a JSON-RPC error body, if it is one. */
function errorMessageOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' ? body.error.message : undefined;
  } catch {
    return undefined;
  }
}
