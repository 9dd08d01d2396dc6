/**
 * @module operation/gateway/downstream/stdio/stdio-front
 * The stdio side of `gatehouse run --stdio`: one host, the process that spawned Gatehouse, on this
 * process's stdin and stdout, in either protocol era. The SDK's `serveStdio` decides the era from
 * the host's opening message (`initialize` or a 2026-07-28 request) and pins one gateway session
 * to the connection; on 2026-07-28 it also serves `subscriptions/listen` from the session's
 * outbound notifications. Stdout carries only protocol bytes; logs go to stderr.
 */
import { randomUUID } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';

import type { JSONRPCMessage, JSONRPCRequest } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';

import type { Logger } from '../../../../shared/logging/index.js';
import type { Gateway } from '../../gateway.js';
import { logErrorAnswers } from '../error-answers.js';
import type { GatewaySession } from '../gateway-session.js';
import { installLeanToolCalls } from '../lean-tool-calls.js';
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
      return session.product;
    },
    {
      transport,
      onerror: (error) => logger.debug({ err: error.message }, 'stdio front'),
    },
  );
  // Installed after serveStdio so these wrap the entry's own handlers, which it has just set: a
  // plain session-era `tools/call` is answered by the lean lane, everything else reaches the
  // entry; every request is remembered for the error-answer log first.
  installLeanToolCalls(transport, { gateway, session: () => session, logger });
  logErrorAnswers(transport, logger, { front: 'stdio' });
  const listens = followListenStreams(transport, gateway, logger, () => session);
  await new Promise<void>((resolve) => {
    const previous = transport.onclose;
    transport.onclose = () => {
      previous?.();
      resolve();
    };
  });
  await listens.close();
  await handle.close().catch(() => undefined);
  if (session) await gateway.closeSession(session);
}

/**
 * A 2026-07-28 host follows resources with `subscriptions/listen`; the gateway follows them
 * upstream while the listen request is open (until it is cancelled or the connection closes), and
 * hands their updates to the session, whose SDK entry routes them to the matching listen streams.
 *
 * Bug fix (found by the era tests): the resources used to be subscribed under the session, which
 * does not exist yet when the listen request is the connection's first message (the SDK's `auto`
 * negotiation probes on a sibling process, so a host may well open with it): nothing was followed.
 * They were also subscribed without waiting, so the acknowledgement could reach the host before
 * the upstream subscription did, and an update right after it was lost. Now each listen request
 * has its own follower (no session needed), and the request reaches the SDK, which acknowledges
 * it, only once the upstream subscriptions are in place. Only that request waits; the messages
 * after it are delivered as they come.
 */
function followListenStreams(
  transport: LineStdioServerTransport,
  gateway: Gateway,
  logger: Logger,
  session: () => GatewaySession | undefined,
): { close(): Promise<void> } {
  const followers = new Map<string | number, string>();
  const unfollow = (id: string | number): void => {
    const follower = followers.get(id);
    if (follower === undefined) return;
    followers.delete(id);
    void gateway.unfollowAll(follower);
  };
  const stopRelay = gateway.onChange((event) => {
    if (event.kind !== 'resource_updated') return;
    const notification = {
      method: 'notifications/resources/updated' as const,
      params: { uri: event.uri },
    };
    void session()
      ?.server.notification(notification)
      .catch(() => undefined);
  });
  const previous = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    // Checked on arrival (`inspectMessage`): the kind is read from the keys, not parsed again.
    const m = message as { id?: unknown; method?: unknown };
    const isRequest = typeof m.method === 'string' && m.id !== undefined;
    const uris = isRequest ? followedResources(message) : undefined;
    if (uris && isRequest) {
      const follower = `listen:${randomUUID()}`;
      const id = (message as JSONRPCRequest).id;
      followers.set(id, follower);
      void gateway
        .follow(follower, uris)
        .catch((error: unknown) => logger.debug({ err: error }, 'following resources failed'))
        .then(() => {
          if (followers.get(id) === follower) previous?.(message);
          // Cancelled (or the connection closed) while the subscriptions were being made: drop
          // whatever was subscribed after the cancellation.
          else void gateway.unfollowAll(follower);
        });
      return;
    }
    if (!isRequest && m.method === 'notifications/cancelled') {
      const params = (message as { params?: { requestId?: string | number } }).params;
      const id = params?.requestId;
      if (id !== undefined) unfollow(id);
    }
    previous?.(message);
  };
  return {
    async close() {
      stopRelay();
      await Promise.all([...followers.values()].map((f) => gateway.unfollowAll(f)));
      followers.clear();
    },
  };
}
