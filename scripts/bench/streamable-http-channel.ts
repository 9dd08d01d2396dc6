/**
 * @module scripts/bench/streamable-http-channel
 * Streamable HTTP client side: every message is a POST to the endpoint; a request's answer comes
 * back as `application/json` or as a `text/event-stream` that carries it (possibly after other
 * events). Keeps `Mcp-Session-Id` from the initialize response and sends `MCP-Protocol-Version`
 * once negotiated. No standalone GET stream: nothing measured needs server-initiated messages.
 *
 * In `modern` mode it speaks the stateless 2026-07-28 revision instead: no session, every request
 * carries the per-request `_meta` envelope (protocol version, client info and capabilities) and
 * the `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` headers, so any process serving the
 * endpoint can answer it.
 */
import type http from 'node:http';

import { drain, httpRequest, mediaType, readText, statusError } from './http-request.js';
import type { JsonRpcOutgoing } from './json-rpc.js';
import { parseMessages } from './json-rpc.js';
import type { Channel, MessageSink } from './rpc-connection.js';
import { SseParser } from './sse-parser.js';

/** The stateless revision the `modern` mode speaks. */
export const MODERN_PROTOCOL_VERSION = '2026-07-28';

const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': MODERN_PROTOCOL_VERSION,
  'io.modelcontextprotocol/clientInfo': { name: 'gatehouse-bench', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** A 2026-07-28 request: the envelope in `params._meta`, and the headers that mirror it. */
function modernRequest(
  message: JsonRpcOutgoing,
  headers: http.OutgoingHttpHeaders,
): JsonRpcOutgoing {
  if (!('method' in message)) return message;
  headers['mcp-protocol-version'] = MODERN_PROTOCOL_VERSION;
  headers['mcp-method'] = message.method;
  const params = (message.params ?? {}) as Record<string, unknown>;
  if (typeof params.name === 'string') headers['mcp-name'] = params.name;
  const meta = (params._meta ?? {}) as Record<string, unknown>;
  return { ...message, params: { ...params, _meta: { ...meta, ...ENVELOPE } } };
}

export class StreamableHttpChannel implements Channel {
  private sessionId: string | undefined;
  private protocolVersion: string | undefined;

  constructor(
    private readonly url: URL,
    private readonly agent: http.Agent,
    private readonly sink: MessageSink,
    private readonly mode: 'session' | 'modern' = 'session',
  ) {}

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  async send(outgoing: JsonRpcOutgoing): Promise<void> {
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    const message = this.mode === 'modern' ? modernRequest(outgoing, headers) : outgoing;
    const body = JSON.stringify(message);
    headers['content-length'] = Buffer.byteLength(body);
    if (this.sessionId !== undefined) headers['mcp-session-id'] = this.sessionId;
    if (this.protocolVersion !== undefined && this.mode === 'session') {
      headers['mcp-protocol-version'] = this.protocolVersion;
    }
    const response = await httpRequest(this.agent, this.url, { method: 'POST', headers, body });
    const session = response.headers['mcp-session-id'];
    if (typeof session === 'string' && this.sessionId === undefined) this.sessionId = session;
    const status = response.statusCode ?? 0;
    const isRequest = 'method' in message && 'id' in message;
    if (status < 200 || status >= 300)
      throw await statusError(response, `POST ${this.url.pathname}`);
    if (status === 202 || status === 204) {
      await drain(response);
      if (isRequest)
        throw new Error(`POST ${this.url.pathname}: HTTP ${status} with no answer to a request`);
      return;
    }
    const type = mediaType(response.headers['content-type']);
    if (type === 'application/json') {
      for (const incoming of parseMessages(await readText(response))) this.sink.receive(incoming);
    } else if (type === 'text/event-stream') {
      await this.readEvents(response);
    } else {
      await drain(response);
      throw new Error(`POST ${this.url.pathname}: unexpected content type "${type}"`);
    }
    // The answer to a request comes in its own response; once that is over, it is missing.
    // (A no-op when the answer arrived.)
    if (isRequest)
      this.sink.fail(
        message.id,
        new Error(`POST ${this.url.pathname}: response ended without the answer`),
      );
  }

  async close(): Promise<void> {
    if (this.sessionId === undefined) return;
    const headers: http.OutgoingHttpHeaders = { 'mcp-session-id': this.sessionId };
    if (this.protocolVersion !== undefined) headers['mcp-protocol-version'] = this.protocolVersion;
    try {
      await drain(await httpRequest(this.agent, this.url, { method: 'DELETE', headers }));
    } catch {
      /* best effort: the server is stopped right after */
    }
  }

  /** Delivers every `message` event; the server ends the stream once the request is answered. */
  private readEvents(response: http.IncomingMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const parser = new SseParser();
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        for (const event of parser.push(chunk)) {
          // Priming events (an id and empty data, for resumption) carry no message.
          if (event.event !== 'message' || event.data === '') continue;
          for (const incoming of parseMessages(event.data)) this.sink.receive(incoming);
        }
      });
      response.once('end', resolve);
      response.once('error', reject);
      response.once('aborted', () => reject(new Error('event stream aborted')));
    });
  }
}
