/**
 * @module operation/gateway/upstream/transport-factory
 * Builds the SDK v2 client transport for one configured server: stdio (a child process, never
 * through a shell), Streamable HTTP, or the legacy HTTP+SSE transport.
 */
import type { ChildProcess } from 'node:child_process';
import { Readable } from 'node:stream';

import type { Transport } from '@modelcontextprotocol/client';
import { SSEClientTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/client/stdio';

import type { ServerConfig } from '../../../shared/config/schema.js';
import type { Logger } from '../../../shared/logging/index.js';
import type { PreparedLaunch } from '../../sandbox/index.js';
import { coalesceWrites } from '../io/coalesce-writes.js';
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

/**
 * Creates a fresh transport for `config`; each reconnect gets a new one. A stdio server runs what
 * `launch` says (its sandbox, or the plain command when unsandboxed).
 */
export function createUpstreamTransport(
  config: ServerConfig,
  logger: Logger,
  serverKey: string,
  launch?: PreparedLaunch,
): BuiltTransport {
  if (config.transport === 'stdio') {
    const maxBytes = config.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const cwd = launch ? launch.cwd : config.cwd;
    const transport = new StdioClientTransport({
      command: launch?.command ?? config.command,
      args: [...(launch?.args ?? config.args)],
      // The SDK adds HOME, LOGNAME, PATH, SHELL, TERM and USER; a sandbox overrides or unsets them.
      env: launch?.sandboxed
        ? { ...launch.env }
        : { ...getDefaultEnvironment(), ...(launch?.env ?? config.env) },
      ...(cwd === undefined ? {} : { cwd }),
      stderr: 'pipe',
      maxBufferSize: maxBytes,
    });
    followProcess(transport, launch);
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

/**
 * Tells the launch (if any) when its process started and ended (exit code or signal), so limit
 * hits are reported and per-start state removed, and makes the requests written to the server in
 * one turn of the event loop go out together (see `coalesce-writes.ts`). The SDK keeps the child
 * process private; it is read once, right after start.
 */
function followProcess(transport: StdioClientTransport, launch: PreparedLaunch | undefined): void {
  const start = transport.start.bind(transport);
  transport.start = async () => {
    try {
      await start();
    } catch (error) {
      launch?.ended(null, null);
      throw error;
    }
    const child = (transport as unknown as { _process?: ChildProcess })._process;
    if (child?.stdin) coalesceWrites(child.stdin);
    if (!launch) return;
    launch.started(child?.pid);
    if (!child) return;
    child.once('exit', (code, signal) => launch.ended(code, signal));
  };
}
