/**
 * @module operation/gateway/downstream/stdio/stdio-server-transport
 * The MCP stdio transport for the host side of `gatehouse run --stdio`: newline-delimited JSON-RPC
 * on stdin/stdout. Hand-written rather than the SDK's `StdioServerTransport` because that one drops
 * malformed lines without a word, while the spec wants a Parse error (-32700) or Invalid Request
 * (-32600) answer; it also caps line size (see `LineReader`). It implements the SDK `Transport`
 * interface, so the SDK `Server` runs on it unchanged.
 */
import type { Readable, Writable } from 'node:stream';

import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/server';

import type { Logger } from '../../../../shared/logging/index.js';
import { coalesceWrites } from '../../io/coalesce-writes.js';
import {
  decodeUtf8,
  errorResponse,
  inspectMessage,
  JSONRPC_INVALID_REQUEST,
  JSONRPC_PARSE_ERROR,
} from '../wire/inspect-message.js';
import { LineReader } from './line-reader.js';

export interface StdioServerTransportOptions {
  readonly input: Readable;
  readonly output: Writable;
  readonly maxLineBytes: number;
  readonly logger: Logger;
}

/** Newline-delimited JSON-RPC over a pair of streams. */
export class LineStdioServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly options: StdioServerTransportOptions;
  private readonly reader: LineReader;
  private closed = false;

  constructor(options: StdioServerTransportOptions) {
    this.options = options;
    this.reader = new LineReader(options.maxLineBytes);
  }

  start(): Promise<void> {
    const { input } = this.options;
    input.on('data', this.onData);
    input.on('end', this.onEnd);
    input.on('error', this.onStreamError);
    this.options.output.on('error', this.onStreamError);
    // The answers of one turn (many calls in flight) leave in one write.
    coalesceWrites(this.options.output);
    return Promise.resolve();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return Promise.resolve();
    const line = JSON.stringify(message) + '\n';
    return new Promise((resolve) => {
      if (this.options.output.write(line)) resolve();
      else this.options.output.once('drain', () => resolve());
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    const { input } = this.options;
    input.off('data', this.onData);
    input.off('end', this.onEnd);
    input.off('error', this.onStreamError);
    this.onclose?.();
    return Promise.resolve();
  }

  private readonly onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (const event of this.reader.push(bytes)) {
      if (event.kind === 'oversized') {
        this.reject(
          JSONRPC_INVALID_REQUEST,
          `Invalid Request: message of ${event.bytes} bytes exceeds the limit of ${this.options.maxLineBytes} bytes`,
          null,
        );
        continue;
      }
      const decoded = decodeUtf8(event.bytes);
      if (!decoded.ok) {
        this.reject(JSONRPC_PARSE_ERROR, 'Parse error: message is not valid UTF-8', null);
        continue;
      }
      const inspected = inspectMessage(decoded.text, { allowBatch: false });
      if (!inspected.ok) {
        this.reject(inspected.error.code, inspected.error.message, inspected.error.id);
        continue;
      }
      this.onmessage?.(inspected.value as JSONRPCMessage);
    }
  };

  private readonly onEnd = (): void => {
    void this.close();
  };

  private readonly onStreamError = (error: Error): void => {
    this.onerror?.(error);
  };

  private reject(code: number, message: string, id: string | number | null): void {
    this.options.logger.warn({ code, reason: message }, 'rejected a malformed message on stdio');
    void this.send(errorResponse({ code, message, id }) as unknown as JSONRPCMessage);
  }
}
