/**
 * @module scripts/bench/http-request
 * Minimal `node:http` helpers for the lean clients: one keep-alive agent, raw requests, bodies.
 */
import http from 'node:http';

/** Sockets the agent may hold: 64 calls in flight plus long-lived event streams. */
export const MAX_SOCKETS = 128;

/** A keep-alive agent with Nagle off, shared by all requests of one row. */
export function createAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, noDelay: true });
}

export interface RequestOptions {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly headers: http.OutgoingHttpHeaders;
  readonly body?: string;
}

/** Sends a request and resolves with the response head; the caller must consume the body. */
export function httpRequest(
  agent: http.Agent,
  url: URL,
  options: RequestOptions,
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: options.method,
        headers: options.headers,
      },
      resolve,
    );
    request.once('error', reject);
    request.end(options.body);
  });
}

/** Reads the whole body as UTF-8 text. */
export function readText(response: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      text += chunk;
    });
    response.once('end', () => resolve(text));
    response.once('error', reject);
    response.once('aborted', () => reject(new Error('response aborted')));
  });
}

/** Discards the body so the socket can be reused. */
export function drain(response: http.IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    response.once('end', resolve);
    response.once('error', reject);
    response.resume();
  });
}

/** The media type of a `Content-Type` header, lower-cased, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

/** `HTTP <status>: <body start>` as an error, after reading the body. */
export async function statusError(response: http.IncomingMessage, what: string): Promise<Error> {
  const text = await readText(response).catch(() => '');
  return new Error(`${what}: HTTP ${response.statusCode ?? '?'}: ${text.slice(0, 300)}`);
}

/** GETs `url` and returns the body; anything but 200 is an error. */
export async function fetchText(agent: http.Agent, url: URL): Promise<string> {
  const response = await httpRequest(agent, url, { method: 'GET', headers: {} });
  if (response.statusCode !== 200) throw await statusError(response, `GET ${url.pathname}`);
  return readText(response);
}
