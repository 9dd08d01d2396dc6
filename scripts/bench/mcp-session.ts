/**
 * @module scripts/bench/mcp-session
 * The MCP steps every row performs: the initialize handshake and checked `echo` calls.
 */
import { checkEchoReply } from './json-rpc.js';
import type { RpcConnection } from './rpc-connection.js';

/** Offered in `initialize`; the server's answer decides what is used afterwards. */
export const PROTOCOL_VERSION = '2025-11-25';

/** `initialize` + `notifications/initialized`; returns the negotiated protocol version. */
export async function initialize(connection: RpcConnection): Promise<string> {
  const result = (await connection.request('initialize', {
    protocolVersion: PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: 'gatehouse-bench', version: '1.0.0' },
  })) as { protocolVersion?: unknown } | null;
  const version = result?.protocolVersion;
  if (typeof version !== 'string') {
    throw new Error(`initialize answered without a protocolVersion: ${JSON.stringify(result)}`);
  }
  connection.channel.setProtocolVersion?.(version);
  await connection.notify('notifications/initialized');
  return version;
}

/** The echoed messages are absolute paths under this directory (the policy's path constraint). */
export const ECHO_DIR = '/bench';

/** The message of call number `i`: `/bench/m<i>`, the same on every row. */
export function echoMessage(i: number): string {
  return `${ECHO_DIR}/m${i}`;
}

/** Thrown when a reply is not the expected echo: the run must fail. */
export class WrongReplyError extends Error {
  constructor(message: string, problem: string) {
    super(`wrong reply to echo "${message}": ${problem}`);
    this.name = 'WrongReplyError';
  }
}

/** Calls `echo {message}` and checks that the reply is exactly `Echo: <message>`. */
export async function callEcho(
  connection: RpcConnection,
  toolName: string,
  message: string,
): Promise<void> {
  const result = await connection.request('tools/call', { name: toolName, arguments: { message } });
  const check = checkEchoReply(result, message);
  if (!check.ok) throw new WrongReplyError(message, check.problem);
}

/**
 * The 2026-07-28 handshake: none, only `server/discover` to check the endpoint serves the
 * revision; returns it.
 */
export async function discover(connection: RpcConnection, version: string): Promise<string> {
  const result = (await connection.request('server/discover', {})) as {
    supportedVersions?: unknown;
  } | null;
  const versions = result?.supportedVersions;
  if (!Array.isArray(versions) || !versions.includes(version)) {
    throw new Error(`server/discover does not offer ${version}: ${JSON.stringify(result)}`);
  }
  return version;
}
