/**
 * @module operation/gateway/downstream/http/node-streamable-transport
 * The server side of one session-era (2025-11-25 and older) Streamable HTTP session, on
 * `node:http` requests and responses. A lean replacement for the SDK's
 * `WebStandardStreamableHTTPServerTransport` behind `@hono/node-server`, kept to that piece only:
 * measured, every POST there became a web `Request` (headers copied), its body a web stream, and
 * its answer a `ReadableStream` of encoded SSE events copied back into the Node response; with the
 * SDK's own zod parse of a body the gateway had already checked against the same schemas, that
 * front took about 60 % of the gateway's CPU per call at 64 calls in flight. Here an SSE event
 * is one string written to the response. The SDK `Server` still runs on it unchanged (it
 * implements the SDK `Transport` interface).
 *
 * Behaviour follows the SDK transport (2.4) request for request: the same status codes, JSON-RPC
 * error bodies and messages (406 Accept, 415 Content-Type, 400 batch size / re-initialize /
 * missing session id / unsupported `MCP-Protocol-Version`, 404 unknown or closed session, 409 a
 * second GET stream, 405 other methods); SSE priming events with `retry` for clients on
 * 2025-11-25 and later; resumption with `Last-Event-ID` from the event store; keep-alive comments;
 * a request's stream ends once every request posted with it is answered; DELETE ends the session.
 * The conformance suites hold the two against each other (`npm run conformance`).
 *
 * Messages reach it already checked by `inspectMessage` against the SDK's own JSON-RPC schemas,
 * so it does not parse them again. DNS rebinding and authentication are checked by the front
 * before a request gets here.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type {
  AuthInfo,
  EventStore,
  JSONRPCMessage,
  MessageExtraInfo,
  RequestId,
  Transport,
  TransportSendOptions,
} from '@modelcontextprotocol/server';
import {
  DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
  isInitializeRequest,
  isJsonContentType,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/server';

import { sseEvent, SseStream } from './sse-stream.js';

/** The SDK's limits and defaults, kept equal. */
const MAX_BATCH_SIZE = 100;
const DEFAULT_KEEP_ALIVE_MS = 15_000;
const STANDALONE_STREAM = '_GET_stream';

const SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
} as const;

export interface NodeStreamableTransportOptions {
  readonly sessionIdGenerator: () => string;
  readonly onsessioninitialized?: (sessionId: string) => void;
  readonly onsessionclosed?: (sessionId: string | undefined) => void;
  readonly eventStore?: EventStore;
  /** SSE `retry` hint sent with priming events, in milliseconds. */
  readonly retryInterval?: number;
  readonly keepAliveMs?: number;
  /** Told about every refusal the transport answers itself (for the log). */
  readonly onrefusal?: (status: number, message: string) => void;
}

/** A message the SDK sends is a response when it carries `result` or `error` (and no method). */
function isResponse(message: JSONRPCMessage): message is JSONRPCMessage & { id: RequestId } {
  return !('method' in message) && ('result' in message || 'error' in message);
}

function isRequest(message: JSONRPCMessage): message is JSONRPCMessage & { id: RequestId } {
  return 'method' in message && 'id' in message;
}

function isInitialize(message: JSONRPCMessage): boolean {
  return 'method' in message && message.method === 'initialize' && isInitializeRequest(message);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A Streamable HTTP session on Node's HTTP server. */
export class NodeStreamableHttpTransport implements Transport {
  sessionId: string | undefined;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];
  private readonly o: NodeStreamableTransportOptions;
  private started = false;
  private initialized = false;
  private closed = false;
  private supported: readonly string[] = SUPPORTED_PROTOCOL_VERSIONS;
  private readonly streams = new Map<string, SseStream>();
  private readonly requestToStream = new Map<RequestId, string>();
  /** Requests posted together, by stream: a stream ends once all of them are answered. */
  private readonly streamRequests = new Map<string, Set<RequestId>>();
  private readonly answered = new Set<RequestId>();
  /** The SSE response headers of this session (they only change with the session id). */
  private headersFor: { id: string | undefined; headers: Record<string, string> } | undefined;

  constructor(options: NodeStreamableTransportOptions) {
    this.o = options;
  }

  start(): Promise<void> {
    if (this.started) return Promise.reject(new Error('Transport already started'));
    this.started = true;
    return Promise.resolve();
  }

  /** Called by the SDK server on connect. */
  setSupportedProtocolVersions(versions: string[]): void {
    this.supported = versions;
  }

  /** Serves one HTTP request of this session; `parsedBody` is the checked body of a POST. */
  async handleRequest(
    req: IncomingMessage,
    res: ServerResponse,
    options: { parsedBody?: unknown; authInfo?: AuthInfo } = {},
  ): Promise<void> {
    if (this.closed) return this.refuse(res, 404, -32001, 'Session not found');
    switch (req.method) {
      case 'POST':
        return this.handlePost(req, res, options);
      case 'GET':
        return this.handleGet(req, res);
      case 'DELETE':
        return this.handleDelete(req, res);
      default:
        this.o.onrefusal?.(405, 'Method not allowed.');
        this.onerror?.(new Error('Method not allowed.'));
        res.writeHead(405, { Allow: 'GET, POST, DELETE', 'Content-Type': 'application/json' });
        res.end(errorBody(-32000, 'Method not allowed.'));
    }
  }

  private async handlePost(
    req: IncomingMessage,
    res: ServerResponse,
    options: { parsedBody?: unknown; authInfo?: AuthInfo },
  ): Promise<void> {
    const accept = header(req, 'accept');
    if (!accept?.includes('application/json') || !accept.includes('text/event-stream')) {
      return this.refuse(
        res,
        406,
        -32000,
        'Not Acceptable: Client must accept both application/json and text/event-stream',
      );
    }
    if (!isJsonContentType(header(req, 'content-type') ?? null)) {
      return this.refuse(
        res,
        415,
        -32000,
        'Unsupported Media Type: Content-Type must be application/json',
      );
    }
    const raw = options.parsedBody;
    if (Array.isArray(raw) && raw.length > MAX_BATCH_SIZE) {
      return this.refuse(
        res,
        400,
        -32600,
        `Invalid Request: Batch must not exceed ${MAX_BATCH_SIZE} messages`,
      );
    }
    const messages = (Array.isArray(raw) ? raw : [raw]) as JSONRPCMessage[];
    const init = messages.find(isInitialize) as { params: { protocolVersion: string } } | undefined;
    if (init) {
      if (this.initialized && this.sessionId !== undefined) {
        return this.refuse(res, 400, -32600, 'Invalid Request: Server already initialized');
      }
      if (messages.length > 1) {
        return this.refuse(
          res,
          400,
          -32600,
          'Invalid Request: Only one initialization request is allowed',
        );
      }
      this.sessionId = this.o.sessionIdGenerator();
      this.initialized = true;
      this.o.onsessioninitialized?.(this.sessionId);
    } else if (!this.checkSession(req, res) || !this.checkProtocolVersion(req, res)) {
      return;
    }
    if (this.closed) return this.refuse(res, 404, -32001, 'Session not found');
    const extra: MessageExtraInfo =
      options.authInfo === undefined ? {} : { authInfo: options.authInfo };
    if (!messages.some(isRequest)) {
      for (const message of messages) this.onmessage?.(message, extra);
      res.writeHead(202);
      res.end();
      return;
    }
    const streamId = randomUUID();
    const version = init
      ? init.params.protocolVersion
      : (header(req, 'mcp-protocol-version') ?? DEFAULT_NEGOTIATED_PROTOCOL_VERSION);
    res.writeHead(200, this.sseHeaders());
    const stream = new SseStream(res);
    this.streams.set(streamId, stream);
    const ids = new Set<RequestId>();
    for (const message of messages) {
      if (!isRequest(message)) continue;
      this.requestToStream.set(message.id, streamId);
      ids.add(message.id);
    }
    this.streamRequests.set(streamId, ids);
    res.once('close', () => this.dropStream(streamId, stream));
    const resumable = this.o.eventStore !== undefined && this.supportsEmptySseData(version);
    if (resumable) await this.writePriming(stream, streamId);
    // One extra object per message (issue 7, per-call allocations: it was three).
    for (const message of messages) {
      this.onmessage?.(
        message,
        resumable && isRequest(message)
          ? {
              ...extra,
              closeSSEStream: () => this.closeSSEStream(message.id),
              closeStandaloneSSEStream: () => this.closeStandaloneSSEStream(),
            }
          : { ...extra },
      );
    }
    if (this.streams.get(streamId) === stream) {
      stream.startKeepAlive(this.o.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS);
    }
  }

  private async handleGet(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!header(req, 'accept')?.includes('text/event-stream')) {
      return this.refuse(res, 406, -32000, 'Not Acceptable: Client must accept text/event-stream');
    }
    if (!this.checkSession(req, res) || !this.checkProtocolVersion(req, res)) return;
    const lastEventId = header(req, 'last-event-id');
    if (this.o.eventStore && lastEventId) return this.replayEvents(lastEventId, res);
    if (this.streams.has(STANDALONE_STREAM)) {
      return this.refuse(res, 409, -32000, 'Conflict: Only one SSE stream is allowed per session');
    }
    res.writeHead(200, this.sseHeaders());
    res.flushHeaders();
    const stream = new SseStream(res);
    this.streams.set(STANDALONE_STREAM, stream);
    res.once('close', () => this.dropStream(STANDALONE_STREAM, stream));
    stream.startKeepAlive(this.o.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS);
  }

  /** Resumption: the events after `lastEventId` on the stream it belongs to, then that stream. */
  private async replayEvents(lastEventId: string, res: ServerResponse): Promise<void> {
    const store = this.o.eventStore;
    if (!store) return this.refuse(res, 400, -32000, 'Event store not configured');
    let gone = false;
    res.once('close', () => (gone = true));
    try {
      if (store.getStreamIdForEventId) {
        const known = await store.getStreamIdForEventId(lastEventId);
        if (!known) return this.refuse(res, 400, -32000, 'Invalid event ID format');
        if (this.streams.has(known)) {
          return this.refuse(res, 409, -32000, 'Conflict: Stream already has an active connection');
        }
      }
      const replayed = new Set<string>();
      const events: string[] = [];
      const streamId = await store.replayEventsAfter(lastEventId, {
        send: (eventId, message) => {
          replayed.add(eventId);
          events.push(sseEvent(message, eventId));
          return Promise.resolve();
        },
      });
      if (this.closed || gone) {
        return this.refuse(res, 404, -32001, 'Session not found');
      }
      this.streams.get(streamId)?.end();
      res.writeHead(200, this.sseHeaders());
      const stream = new SseStream(res, replayed);
      for (const event of events) stream.write(event);
      const live =
        streamId === STANDALONE_STREAM || [...this.requestToStream.values()].includes(streamId);
      if (!live) {
        // Nothing more will come on it: every request of that stream is answered.
        stream.end();
        return;
      }
      this.streams.set(streamId, stream);
      res.once('close', () => this.dropStream(streamId, stream));
      stream.startKeepAlive(this.o.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS);
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      if (!res.headersSent) this.refuse(res, 500, -32000, 'Error replaying events');
    }
  }

  private async handleDelete(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.checkSession(req, res) || !this.checkProtocolVersion(req, res)) return;
    try {
      this.o.onsessionclosed?.(this.sessionId);
      res.writeHead(200);
      res.end();
    } finally {
      await this.close();
    }
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const response = isResponse(message);
    const requestId = response ? message.id : options?.relatedRequestId;
    const store = this.o.eventStore;
    if (requestId === undefined) {
      if (response) {
        throw new Error(
          'Cannot send a response on a standalone SSE stream unless resuming a previous client request',
        );
      }
      const eventId = store ? await store.storeEvent(STANDALONE_STREAM, message) : undefined;
      const standalone = this.streams.get(STANDALONE_STREAM);
      if (standalone && (eventId === undefined || !standalone.replayedEventIds?.has(eventId))) {
        standalone.write(sseEvent(message, eventId));
      }
      return;
    }
    const streamId = this.requestToStream.get(requestId);
    if (streamId === undefined) {
      throw new Error(`No connection established for request ID: ${String(requestId)}`);
    }
    const eventId = store ? await store.storeEvent(streamId, message) : undefined;
    const stream = this.streams.get(streamId);
    const text =
      stream && (eventId === undefined || !stream.replayedEventIds?.has(eventId))
        ? sseEvent(message, eventId)
        : undefined;
    if (!response) {
      if (text !== undefined) stream?.write(text);
      return;
    }
    this.answered.add(requestId);
    const ids = this.streamRequests.get(streamId);
    let complete = true;
    if (ids !== undefined) {
      for (const id of ids) {
        if (!this.answered.has(id)) {
          complete = false;
          break;
        }
      }
    }
    if (!complete) {
      if (text !== undefined) stream?.write(text);
      return;
    }
    for (const id of ids ?? [requestId]) {
      this.answered.delete(id);
      this.requestToStream.delete(id);
    }
    this.streamRequests.delete(streamId);
    if (!stream) {
      if (!store) {
        this.onerror?.(
          new Error(
            `Response for request ID ${String(requestId)} is undeliverable: per-request stream is disconnected and no eventStore is configured`,
          ),
        );
      }
      return;
    }
    // The last answer and the end of the stream go out in one write.
    this.streams.delete(streamId);
    stream.end(text);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams.values()) stream.end();
    this.streams.clear();
    this.requestToStream.clear();
    this.streamRequests.clear();
    this.answered.clear();
    this.onclose?.();
    return Promise.resolve();
  }

  /** Ends a request's SSE stream (polling: the client reconnects with `Last-Event-ID`). */
  closeSSEStream(requestId: RequestId): void {
    const streamId = this.requestToStream.get(requestId);
    if (streamId === undefined) return;
    const stream = this.streams.get(streamId);
    if (!stream) return;
    this.streams.delete(streamId);
    stream.end();
  }

  closeStandaloneSSEStream(): void {
    const stream = this.streams.get(STANDALONE_STREAM);
    if (!stream) return;
    this.streams.delete(STANDALONE_STREAM);
    stream.end();
  }

  private sseHeaders(): Record<string, string> {
    let cached = this.headersFor;
    if (cached?.id !== this.sessionId || cached === undefined) {
      cached = {
        id: this.sessionId,
        headers:
          this.sessionId === undefined
            ? { ...SSE_HEADERS }
            : { ...SSE_HEADERS, 'mcp-session-id': this.sessionId },
      };
      this.headersFor = cached;
    }
    return cached.headers;
  }

  /** The client went away (or the stream was ended): forget the stream if it is still this one. */
  private dropStream(streamId: string, stream: SseStream): void {
    stream.end();
    if (this.streams.get(streamId) === stream) this.streams.delete(streamId);
  }

  private supportsEmptySseData(version: string): boolean {
    return this.supported.includes(version) && version >= '2025-11-25';
  }

  private async writePriming(stream: SseStream, streamId: string): Promise<void> {
    const id = await this.o.eventStore?.storeEvent(streamId, {} as JSONRPCMessage);
    const retry = this.o.retryInterval === undefined ? '' : `retry: ${this.o.retryInterval}\n`;
    stream.hold(`id: ${id}\n${retry}data: \n\n`);
  }

  private checkSession(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.initialized) {
      this.refuse(res, 400, -32000, 'Bad Request: Server not initialized');
      return false;
    }
    const sessionId = header(req, 'mcp-session-id');
    if (!sessionId) {
      this.refuse(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
      return false;
    }
    if (sessionId !== this.sessionId) {
      this.refuse(res, 404, -32001, 'Session not found');
      return false;
    }
    return true;
  }

  private checkProtocolVersion(req: IncomingMessage, res: ServerResponse): boolean {
    const version = header(req, 'mcp-protocol-version');
    if (version !== undefined && !this.supported.includes(version)) {
      this.refuse(
        res,
        400,
        -32000,
        `Bad Request: Unsupported protocol version: ${version} (supported versions: ${this.supported.join(', ')})`,
      );
      return false;
    }
    return true;
  }

  private refuse(res: ServerResponse, status: number, code: number, message: string): void {
    this.onerror?.(new Error(message));
    this.o.onrefusal?.(status, message);
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(errorBody(code, message));
  }
}

/** The JSON-RPC error body the SDK transport answers refusals with. */
export function errorBody(code: number, message: string): string {
  return JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
}
