/**
 * @module operation/gateway/downstream/stdio/stdio-front
 * The stdio side of `gatehouse run --stdio`: one host, the process that spawned Gatehouse, on this
 * process's stdin and stdout, in either protocol era. The SDK's `serveStdio` decides the era from
 * the host's opening message (`initialize` or a 2026-07-28 request) and pins one gateway session
 * to the connection; on 2026-07-28 it also serves `subscriptions/listen` from the session's
 * outbound notifications. Stdout carries only protocol bytes; logs go to stderr.
 */
import type { Readable, Writable } from 'node:stream';

import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { isJSONRPCNotification, isJSONRPCRequest } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';

import type { Logger } from '../../../../shared/logging/index.js';
import type { Gateway } from '../../gateway.js';
import { logErrorAnswers } from '../error-answers.js';
import type { GatewaySession } from '../gateway-session.js';
import { followedResources } from '../listen-filter.js';
import { LineStdioServerTransport } from './stdio-server-transport.js';

export interface StdioFrontOptions {
  readonly gateway: Gateway;
  readonly logger: Logger;
  readonly maxLineBytes: number;
  readonly input?: Readable;
  readonly output?: Writable;
}

/** Serves one host on stdio; resolves when the host closes stdin. */
export async function runStdioFront(options: StdioFrontOptions): Promise<void> {
  const { gateway, logger } = options;
  const transport = new LineStdioServerTransport({
    input: options.input ?? process.stdin,
    output: options.output ?? process.stdout,
    maxLineBytes: options.maxLineBytes,
    logger,
  });
  let session: GatewaySession | undefined;
  const handle = serveStdio(
    ({ era }) => {
      session = gateway.openSession('stdio', 'local-user', era);
      return session.server;
    },
    {
      transport,
      onerror: (error) => logger.debug({ err: error.message }, 'stdio front'),
    },
  );
  // Installed after serveStdio so these wrap the entry's own handlers, which it has just set.
  logErrorAnswers(transport, logger, { front: 'stdio' });
  followListenStreams(transport, gateway, () => session);
  await new Promise<void>((resolve) => {
    const previous = transport.onclose;
    transport.onclose = () => {
      previous?.();
      resolve();
    };
  });
  await handle.close().catch(() => undefined);
  if (session) await gateway.closeSession(session);
}

/**
 * A 2026-07-28 host follows resources with `subscriptions/listen`; the session subscribes to them
 * upstream while the listen request is open (until it is cancelled or the connection closes).
 */
function followListenStreams(
  transport: LineStdioServerTransport,
  gateway: Gateway,
  session: () => GatewaySession | undefined,
): void {
  const streams = new Map<string | number, string[]>();
  const previous = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    const current = session();
    if (current && isJSONRPCRequest(message)) {
      const uris = followedResources(message);
      if (uris) {
        streams.set(message.id, uris);
        for (const uri of uris) void gateway.subscribe(current, uri).catch(() => undefined);
      }
    } else if (
      current &&
      isJSONRPCNotification(message) &&
      message.method === 'notifications/cancelled'
    ) {
      const id = (message.params as { requestId?: string | number } | undefined)?.requestId;
      const uris = id === undefined ? undefined : streams.get(id);
      if (id !== undefined && uris) {
        streams.delete(id);
        for (const uri of uris) void gateway.unsubscribe(current, uri);
      }
    }
    previous?.(message);
  };
}
