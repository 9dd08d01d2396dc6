/**
 * @module scripts/bench/legacy-sse-channel
 * Legacy HTTP+SSE client side (protocol 2024-11-05): `GET /sse` opens one event stream whose
 * first `endpoint` event names where to POST; every answer arrives on that stream as a `message`
 * event and is matched by id.
 */
import type http from 'node:http';

import { drain, httpRequest, mediaType, statusError } from './http-request.js';
import type { JsonRpcOutgoing } from './json-rpc.js';
import { parseMessages } from './json-rpc.js';
import type { Channel, MessageSink } from './rpc-connection.js';
import { SseParser } from './sse-parser.js';

export class LegacySseChannel implements Channel {
  private closing = false;

  private constructor(
    private readonly endpoint: URL,
    private readonly stream: http.IncomingMessage,
    private readonly agent: http.Agent,
  ) {}

  /** Opens the event stream and waits for its `endpoint` event. */
  static async connect(
    sseUrl: URL,
    agent: http.Agent,
    sink: MessageSink,
  ): Promise<LegacySseChannel> {
    const response = await httpRequest(agent, sseUrl, {
      method: 'GET',
      headers: { accept: 'text/event-stream' },
    });
    if (response.statusCode !== 200) throw await statusError(response, `GET ${sseUrl.pathname}`);
    const type = mediaType(response.headers['content-type']);
    if (type !== 'text/event-stream') {
      response.destroy();
      throw new Error(`GET ${sseUrl.pathname}: content type "${type}", expected text/event-stream`);
    }
    return new Promise((resolve, reject) => {
      const parser = new SseParser();
      let channel: LegacySseChannel | undefined;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        for (const event of parser.push(chunk)) {
          if (event.event === 'endpoint' && channel === undefined) {
            channel = new LegacySseChannel(new URL(event.data, sseUrl), response, agent);
            resolve(channel);
          } else if (event.event === 'message' && event.data !== '' && channel !== undefined) {
            for (const incoming of parseMessages(event.data)) sink.receive(incoming);
          }
        }
      });
      const gone = (why: string) => (): void => {
        if (channel === undefined)
          reject(new Error(`event stream ${why} before the endpoint event`));
        else if (!channel.closing) sink.failAll(new Error(`event stream ${why}`));
      };
      response.once('end', gone('ended'));
      response.once('aborted', gone('aborted'));
      response.once('error', gone('failed'));
    });
  }

  async send(message: JsonRpcOutgoing): Promise<void> {
    const body = JSON.stringify(message);
    const response = await httpRequest(this.agent, this.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      body,
    });
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300)
      throw await statusError(response, `POST ${this.endpoint.pathname}`);
    await drain(response);
  }

  close(): Promise<void> {
    this.closing = true;
    this.stream.destroy();
    return Promise.resolve();
  }
}
