/**
 * @module operation/gateway/upstream/checked-read-buffer
 * The stdout line buffer of a stdio upstream, installed in place of the SDK `StdioClientTransport`'s
 * own `ReadBuffer`. Hand-written because the SDK's buffer has two failure modes no option changes:
 *
 * - A line that is JSON but not a valid JSON-RPC message (`"result": 42`, `"error": "boom"`) is
 *   dropped with a bare validation error, so the call it answers hangs until its timeout and is
 *   then reported as "did not answer". Here a malformed response that carries an id becomes a
 *   JSON-RPC error for that id naming the server and the problem: the call fails at once, clearly.
 * - Every chunk is appended with `Buffer.concat`, so one long line costs quadratic copying
 *   (seconds of CPU for a server that floods 16 MB without a newline). Here chunks are kept in a
 *   list and joined once per line.
 *
 * Threat: a broken or hostile server exhausting the gateway's memory or CPU. A line over
 * `maxBytes` throws once (the SDK transport then closes the connection, and the server is
 * restarted) and the rest of that line is discarded without being held. Lines that are not JSON
 * are skipped, as the SDK does, but logged.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/client';
import { parseJSONRPCMessage } from '@modelcontextprotocol/client';

import { ErrorCode } from '../../../shared/errors/index.js';
import type { Logger } from '../../../shared/logging/index.js';

/** What the SDK stdio transport calls on its read buffer. */
export interface ReadBufferLike {
  append(chunk: Buffer): void;
  readMessage(): JSONRPCMessage | null;
  clear(): void;
}

export interface CheckedReadBufferOptions {
  readonly serverKey: string;
  readonly maxBytes: number;
  readonly logger: Logger;
}

const PREVIEW_CHARS = 200;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Newline framing with a size cap and strict JSON-RPC checking of every line. */
export class CheckedReadBuffer implements ReadBufferLike {
  private readonly options: CheckedReadBufferOptions;
  private pending: Buffer[] = [];
  private pendingSize = 0;
  private discarding = false;
  private lines: Buffer[] = [];

  constructor(options: CheckedReadBufferOptions) {
    this.options = options;
  }

  append(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      this.take(chunk.subarray(start, newline === -1 ? chunk.length : newline));
      if (newline === -1) return;
      if (this.discarding) this.discarding = false;
      else
        this.lines.push(
          this.pending.length === 1
            ? (this.pending[0] as Buffer)
            : Buffer.concat(this.pending, this.pendingSize),
        );
      this.pending = [];
      this.pendingSize = 0;
      start = newline + 1;
    }
  }

  readMessage(): JSONRPCMessage | null {
    for (;;) {
      const raw = this.lines.shift();
      if (raw === undefined) return null;
      const text = raw.toString('utf8').replace(/\r$/, '');
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        this.options.logger.warn(
          { line: text.slice(0, PREVIEW_CHARS) },
          'skipped a line from the server that is not JSON',
        );
        continue;
      }
      const plain = plainResultResponse(value);
      if (plain) return plain;
      try {
        return parseJSONRPCMessage(value);
      } catch (error) {
        const answer = malformedResponse(value, this.options.serverKey);
        if (answer === undefined) throw error; // the SDK transport reports it through onerror
        this.options.logger.warn(
          { id: answer.id, problem: answer.error.message },
          'the server sent a malformed response',
        );
        return answer;
      }
    }
  }

  clear(): void {
    this.pending = [];
    this.pendingSize = 0;
    this.lines = [];
  }

  private take(part: Buffer): void {
    if (part.length === 0 || this.discarding) return;
    if (this.pendingSize + part.length > this.options.maxBytes) {
      this.pending = [];
      this.pendingSize = 0;
      this.discarding = true;
      throw new Error(
        `Server "${this.options.serverKey}" wrote a message longer than ${this.options.maxBytes} bytes (maxMessageBytes); closing the connection`,
      );
    }
    this.pending.push(part);
    this.pendingSize += part.length;
  }
}

/**
 * The common line, a result answering a request, recognised without the SDK's schema union (which
 * tries the request and notification schemas first, and building their failures cost more than
 * the match). Only what the union certainly accepts passes: exactly `jsonrpc` "2.0", an id that is
 * a string or a safe integer, and a `result` object without `_meta` (whose shape the schema
 * checks); anything else goes through `parseJSONRPCMessage`.
 */
function plainResultResponse(value: unknown): JSONRPCMessage | undefined {
  if (!isObject(value)) return undefined;
  let keys = 0;
  for (const key in value) {
    if (key !== 'jsonrpc' && key !== 'id' && key !== 'result') return undefined;
    keys++;
  }
  if (keys !== 3 || value.jsonrpc !== '2.0') return undefined;
  const id = value.id;
  if (typeof id !== 'string' && !Number.isSafeInteger(id)) return undefined;
  const result = value.result;
  if (!isObject(result) || '_meta' in result) return undefined;
  return value as unknown as JSONRPCMessage;
}

/** A JSON-RPC error standing in for a response that carries an id but is malformed. */
function malformedResponse(
  value: unknown,
  serverKey: string,
):
  | { jsonrpc: '2.0'; id: string | number; error: { code: number; message: string; data: Json } }
  | undefined {
  if (!isObject(value) || 'method' in value) return undefined;
  const id = value.id;
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  return {
    jsonrpc: '2.0',
    id,
    error: {
      code: -32603,
      message: `Server "${serverKey}" sent a malformed response: ${problemOf(value)}`,
      data: { code: ErrorCode.UpstreamProtocol, server: serverKey },
    },
  };
}

function problemOf(response: Json): string {
  if ('result' in response && !isObject(response.result)) {
    return `"result" must be an object, got ${kind(response.result)}`;
  }
  if ('error' in response) {
    const error = response.error;
    if (!isObject(error) || !Number.isInteger(error.code) || typeof error.message !== 'string') {
      return '"error" must be an object with an integer "code" and a string "message"';
    }
  }
  if (!('result' in response) && !('error' in response))
    return 'it has neither "result" nor "error"';
  if (response.jsonrpc !== '2.0') return '"jsonrpc" must be "2.0"';
  return 'it is not a valid JSON-RPC response';
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/**
 * Puts `buffer` in place of the SDK transport's read buffer. The field is SDK-internal, so its
 * shape is checked first; if it ever changes, the SDK's own buffer stays (and a warning says so).
 */
export function installReadBuffer(
  transport: object,
  buffer: ReadBufferLike,
  logger: Logger,
): boolean {
  const holder = transport as { _readBuffer?: unknown };
  const current = holder._readBuffer as Partial<ReadBufferLike> | undefined;
  if (
    typeof current?.append !== 'function' ||
    typeof current.readMessage !== 'function' ||
    typeof current.clear !== 'function'
  ) {
    logger.warn(
      'the SDK stdio transport changed shape; malformed server answers will time out instead of failing at once',
    );
    return false;
  }
  holder._readBuffer = buffer;
  return true;
}
