/**
 * @module operation/gateway/downstream/http/streamable-http-sessions
 * Streamable HTTP at `/mcp` for the session-based revisions (2025-11-25 and older): one
 * {@link NodeStreamableHttpTransport} (the lean, `node:http` counterpart of the SDK's web-standard
 * transport; see its module for why) and one gateway session per MCP session.
 *
 * Threat: session hijacking. A session id is never authentication: every request is
 * authenticated first, and a session can only be used by the principal that opened it (anyone
 * else gets the same 404 as for an unknown id). Sessions idle too long are closed, and their
 * number is capped, so abandoned clients cannot exhaust memory.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { isInitializeRequest } from '@modelcontextprotocol/server';

import type { Logger } from '../../../../shared/logging/index.js';
import type { Gateway } from '../../gateway.js';
import { logErrorAnswers } from '../error-answers.js';
import type { GatewaySession } from '../gateway-session.js';
import { installLeanToolCalls } from '../lean-tool-calls.js';
import { BoundedEventStore } from './event-store.js';
import { errorBody, NodeStreamableHttpTransport } from './node-streamable-transport.js';

export interface StreamableHttpOptions {
  readonly maxBodyBytes: number;
  readonly maxSessions: number;
  readonly idleTimeoutMs: number;
  /** SSE `retry` hint sent with priming events, in milliseconds. */
  readonly retryIntervalMs: number;
  readonly logger: Logger;
  /** Prefix of the session ids this process hands out (default none). */
  readonly sessionIdPrefix?: string;
}

interface Entry {
  readonly transport: NodeStreamableHttpTransport;
  readonly session: GatewaySession;
}

/**
 * Session ids of this process start with `prefix` (a worker's mark when several processes share
 * the port, so a request for another process's session can be told apart).
 */
function sessionIdGenerator(prefix: string): () => string {
  return () => `${prefix}${randomUUID()}`;
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

  /** Whether this process holds the session `sessionId`. */
  has(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  /** A session-era request; `body` is the already read and checked body of a POST. */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    principal: string,
    body?: JSONRPCMessage | JSONRPCMessage[],
  ): Promise<void> {
    const header = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(header) ? header.join(', ') : header;
    if (req.method === 'POST' && body !== undefined) {
      return this.handlePost(req, res, principal, sessionId, body);
    }
    if (req.method === 'GET' || req.method === 'DELETE') {
      if (sessionId === undefined) {
        return this.reject(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
      }
      const entry = this.lookup(sessionId, principal);
      if (!entry) return this.reject(res, 404, -32001, 'Session not found');
      entry.session.lastActivity = Date.now();
      return entry.transport.handleRequest(req, res);
    }
    res.writeHead(405, { Allow: 'GET, POST, DELETE' });
    res.end();
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all(
      [...this.sessions.values()].map((e) => e.transport.close().catch(() => undefined)),
    );
  }

  private async handlePost(
    req: IncomingMessage,
    res: ServerResponse,
    principal: string,
    sessionId: string | undefined,
    message: JSONRPCMessage | JSONRPCMessage[],
  ): Promise<void> {
    if (sessionId !== undefined) {
      const entry = this.lookup(sessionId, principal);
      if (!entry) return this.reject(res, 404, -32001, 'Session not found');
      entry.session.lastActivity = Date.now();
      return entry.transport.handleRequest(req, res, { parsedBody: message });
    }
    if (!isInitialize(message)) {
      return this.reject(
        res,
        400,
        -32000,
        'Bad Request: Mcp-Session-Id header is required (send initialize first)',
      );
    }
    if (this.sessions.size >= this.options.maxSessions) {
      this.options.logger.warn({ sessions: this.sessions.size }, 'session limit reached');
      return this.reject(
        res,
        503,
        -32000,
        'Service Unavailable: too many open sessions, try again later',
      );
    }
    return this.open(req, res, principal, message);
  }

  private async open(
    req: IncomingMessage,
    res: ServerResponse,
    principal: string,
    message: JSONRPCMessage | JSONRPCMessage[],
  ): Promise<void> {
    const session = this.gateway.openSession('streamable-http', principal);
    const logger = this.options.logger;
    const transport: NodeStreamableHttpTransport = new NodeStreamableHttpTransport({
      sessionIdGenerator: sessionIdGenerator(this.options.sessionIdPrefix ?? ''),
      onsessioninitialized: (id) => {
        this.sessions.set(id, { transport, session });
      },
      onsessionclosed: (id) => {
        if (id !== undefined) this.sessions.delete(id);
      },
      eventStore: new BoundedEventStore(),
      retryInterval: this.options.retryIntervalMs,
      // The transport's own refusals (bad `MCP-Protocol-Version`, wrong `Accept`, ...) are logged.
      onrefusal: (status, reason) => logger.warn({ status, reason }, 'rejected an HTTP request'),
    });
    transport.onclose = () => {
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
      void this.gateway.closeSession(session);
    };
    const answers = logErrorAnswers(transport, this.options.logger, {
      front: 'streamable-http',
      session: session.id,
    });
    await session.server.connect(transport);
    installLeanToolCalls(transport, {
      gateway: this.gateway,
      session: () => session,
      taken: answers.remember,
      logger,
    });
    await transport.handleRequest(req, res, { parsedBody: message });
    if (transport.sessionId === undefined) {
      // The transport refused the initialize (e.g. wrong Accept): nothing to keep.
      await this.gateway.closeSession(session);
    }
  }

  /** A refusal of the gateway's own, logged (bad input must leave a trace). */
  private reject(res: ServerResponse, status: number, code: number, message: string): void {
    this.options.logger.warn({ status, reason: message }, 'rejected an HTTP request');
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(errorBody(code, message));
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
