/**
 * Shared by the bad-input tests: raw HTTP requests (full control over Host, framing and bytes),
 * reading the gateway's JSON log lines, and waiting for an observable event with a deadline.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';

import { REPO_ROOT } from '../../../helpers/paths.js';

export const RAW_SERVER = path.join(REPO_ROOT, 'dist/fixtures/servers/raw-server.js');

export const PROTOCOL_VERSION = '2025-11-25';

export type Json = Record<string, unknown>;

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => T | undefined,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The gateway's pino records (one JSON object per stderr line; other lines are skipped). */
export function logRecords(stderr: string): Json[] {
  const out: Json[] = [];
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as Json);
    } catch {
      /* a line still being written */
    }
  }
  return out;
}

/** Waits for a log record after the first `from` records that matches `match`. */
export function waitForLog(
  stderr: () => string,
  from: number,
  match: (record: Json) => boolean,
  what: string,
): Promise<Json> {
  return waitFor(() => logRecords(stderr()).slice(from).find(match), `a log line: ${what}`);
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/**
 * One HTTP request through `node:http`, which (unlike fetch) lets a test set `Host` and send a
 * body in chunks without a Content-Length.
 */
export function rawHttp(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
    chunks?: Buffer[];
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'POST', headers: options.headers ?? {} },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(parts).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.chunks) {
      for (const chunk of options.chunks) req.write(chunk);
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

/** The JSON-RPC messages in a response body, whether it is plain JSON or an SSE stream. */
export function rpcMessages(text: string): Json[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const parsed = JSON.parse(trimmed) as Json | Json[];
    return Array.isArray(parsed) ? parsed : [parsed];
  }
  return trimmed
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line.length > 'data: '.length)
    .map((line) => JSON.parse(line.slice('data: '.length)) as Json);
}

export const MCP_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

/** Opens a Streamable HTTP session by hand; returns its id. */
export async function openRawSession(url: string): Promise<string> {
  const init = await rawHttp(url, {
    headers: MCP_HEADERS,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'raw', version: '1' },
      },
    }),
  });
  const id = init.headers['mcp-session-id'];
  if (init.status !== 200 || typeof id !== 'string')
    throw new Error(`initialize failed: ${init.status} ${init.text}`);
  const initialized = await rawHttp(url, {
    headers: { ...MCP_HEADERS, 'mcp-session-id': id, 'mcp-protocol-version': PROTOCOL_VERSION },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  if (initialized.status !== 202) throw new Error(`initialized failed: ${initialized.status}`);
  return id;
}

/** Resident memory of a process in MiB, from /proc. */
export function residentMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for ${pid}`);
  return Number(kib) / 1024;
}

/** Text of the first content block of a tool result. */
export function firstText(result: { content?: unknown }): string {
  return (result.content as { text?: string }[] | undefined)?.[0]?.text ?? '';
}
