/**
 * @module operation/gateway/downstream/http/legacy-sse
 * The legacy HTTP+SSE transport (protocol 2024-11-05) for hosts that still speak it: `GET /sse`
 * opens an event stream whose first `endpoint` event names `/message?sessionId=...`, and the client
 * POSTs every JSON-RPC message there. Hand-written on web streams because the SDK v2 ships this
 * server transport only as a deprecated, Express-bound v1 copy (`@modelcontextprotocol/server-legacy`).
 * Same session rules as Streamable HTTP: the opener's principal only, capped and bounded.
 */
import { randomUUID } from 'node:crypto';

import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/server';

import type { Logger } from '../../../../shared/logging/index.js';
import type { Gateway } from '../../gateway.js';
import { logErrorAnswers } from '../error-answers.js';
import type { GatewaySession } from '../gateway-session.js';
import { installLeanToolCalls } from '../lean-tool-calls.js';
import { errorResponse } from '../wire/inspect-message.js';
import { readJsonRpcBody } from './read-body.js';

const encoder = new TextEncoder();
const KEEPALIVE_MS = 15_000;

/** One SSE connection seen as an SDK transport. */
class SseServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly sessionId: string;
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  private closed = false;
  private keepalive: NodeJS.Timeout | undefined;
  readonly stream: ReadableStream<Uint8Array>;

  constructor(sessionId: string, endpoint: string) {
    this.sessionId = sessionId;
    this.stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
        controller.enqueue(encoder.encode(`event: endpoint\ndata: ${endpoint}\n\n`));
        this.keepalive = setInterval(() => this.write(': keepalive\n\n'), KEEPALIVE_MS);
        this.keepalive.unref();
      },
      cancel: () => {
        void this.close();
      },
    });
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return Promise.reject(new Error('SSE stream closed'));
    this.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    clearInterval(this.keepalive);
    try {
      this.controller?.close();
    } catch {
      /* already closed by the client */
    }
    this.onclose?.();
    return Promise.resolve();
  }

  private write(text: string): void {
    try {
      this.controller?.enqueue(encoder.encode(text));
    } catch {
      void this.close();
    }
  }
}

interface Entry {
  readonly transport: SseServerTransport;
  readonly session: GatewaySession;
}

export interface LegacySseOptions {
  readonly maxBodyBytes: number;
  readonly maxSessions: number;
  readonly messagePath: string;
  readonly logger: Logger;
  /** Prefix of the session ids this process hands out (a worker's mark; default none). */
  readonly sessionIdPrefix?: string;
}

/** All legacy SSE sessions of one HTTP front. */
export class LegacySseSessions {
  private readonly sessions = new Map<string, Entry>();
  private readonly gateway: Gateway;
  private readonly options: LegacySseOptions;

  constructor(gateway: Gateway, options: LegacySseOptions) {
    this.gateway = gateway;
    this.options = options;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** `GET /sse`. */
  async open(principal: string): Promise<Response> {
    if (this.sessions.size >= this.options.maxSessions) {
      return new Response('Service Unavailable: too many open sessions', { status: 503 });
    }
    const id = `${this.options.sessionIdPrefix ?? ''}${randomUUID()}`;
    const transport = new SseServerTransport(id, `${this.options.messagePath}?sessionId=${id}`);
    const session = this.gateway.openSession('sse', principal);
    this.sessions.set(id, { transport, session });
    transport.onclose = () => {
      this.sessions.delete(id);
      void this.gateway.closeSession(session);
    };
    const answers = logErrorAnswers(transport, this.options.logger, {
      front: 'sse',
      session: session.id,
    });
    await session.server.connect(transport);
    installLeanToolCalls(transport, {
      gateway: this.gateway,
      session: () => session,
      taken: answers.remember,
      logger: this.options.logger,
    });
    return new Response(transport.stream, {
      headers: {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      },
    });
  }

  /** `POST /message?sessionId=...`. */
  async post(request: Request, principal: string): Promise<Response> {
    const id = new URL(request.url).searchParams.get('sessionId');
    if (!id) return new Response('Bad Request: missing sessionId', { status: 400 });
    const entry = this.sessions.get(id);
    if (!entry || entry.session.principal !== principal) {
      return new Response('Session not found', { status: 404 });
    }
    const body = await readJsonRpcBody(request, this.options.maxBodyBytes, { allowBatch: false });
    if (!body.ok) {
      this.options.logger.warn(
        { status: body.status, reason: body.error.message },
        'rejected an SSE message',
      );
      return Response.json(errorResponse(body.error), { status: body.status });
    }
    entry.session.lastActivity = Date.now();
    entry.transport.onmessage?.(body.value as JSONRPCMessage);
    return new Response('Accepted', { status: 202 });
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((e) => e.transport.close()));
  }
}
