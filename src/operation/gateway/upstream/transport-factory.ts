/**
 * @module operation/gateway/upstream/transport-factory
 * Builds the SDK v2 client transport for one configured server: stdio (a child process, never
 * through a shell), Streamable HTTP, or the legacy HTTP+SSE transport.
 */
import { Readable } from 'node:stream';

import type { Transport } from '@modelcontextprotocol/client';
import { SSEClientTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/client/stdio';

import type { ServerConfig } from '../../../shared/config/schema.js';
import type { Logger } from '../../../shared/logging/index.js';
import { CheckedReadBuffer, installReadBuffer } from './checked-read-buffer.js';
import { relayStderr } from './stderr-relay.js';

/**
 * Largest single stdout line (one JSON-RPC message) accepted from a stdio server by default. A
 * longer line closes the connection instead of growing the gateway's memory.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface BuiltTransport {
  readonly transport: Transport;
  /** Child process id for stdio servers, once started. */
  pid(): number | undefined;
}

/** Creates a fresh transport for `config`; each reconnect gets a new one. */
export function createUpstreamTransport(
  config: ServerConfig,
  logger: Logger,
  serverKey: string,
): BuiltTransport {
  if (config.transport === 'stdio') {
    const maxBytes = config.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const transport = new StdioClientTransport({
      command: config.command,
      args: config.args,
      env: { ...getDefaultEnvironment(), ...config.env },
      ...(config.cwd === undefined ? {} : { cwd: config.cwd }),
      stderr: 'pipe',
      maxBufferSize: maxBytes,
    });
    // Bad-input fix: malformed answers fail their call at once, long lines cost linear time.
    installReadBuffer(transport, new CheckedReadBuffer({ serverKey, maxBytes, logger }), logger);
    const stderr = transport.stderr;
    if (stderr instanceof Readable) relayStderr(stderr, logger);
    return { transport, pid: () => transport.pid ?? undefined };
  }
  const url = new URL(config.url);
  const requestInit: RequestInit = { headers: config.headers };
  if (config.transport === 'sse') {
    return { transport: new SSEClientTransport(url, { requestInit }), pid: () => undefined };
  }
  return {
    transport: new StreamableHTTPClientTransport(url, { requestInit }),
    pid: () => undefined,
  };
}
