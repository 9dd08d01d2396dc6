/**
 * @module operation/gateway/downstream/error-answers
 * Logs every JSON-RPC error a session answers a host's request with: unknown methods and bad
 * params (refused by the SDK before any gateway code runs), unknown tools, prompts and resources,
 * and failures relayed from upstreams. Bad input must leave a trace in the gateway log whichever
 * layer refused it, and the SDK offers no hook for its own refusals, so the transport's `send` is
 * wrapped. The method of each request is remembered by id so the log line says what was refused.
 */
import type { JSONRPCMessage, MessageExtraInfo, Transport } from '@modelcontextprotocol/server';

import type { Logger } from '../../../shared/logging/index.js';

/** Requests remembered at most per session (answers to cancelled requests never come). */
const MAX_REMEMBERED = 1_000;

/**
 * The messages seen here were checked on arrival (`inspectMessage`) or built by the SDK, so their
 * kind is read from their keys instead of parsing them against the schemas once more.
 */
function requestOf(message: JSONRPCMessage): { id: string | number; method: string } | undefined {
  const m = message as { id?: unknown; method?: unknown };
  return typeof m.method === 'string' && (typeof m.id === 'string' || typeof m.id === 'number')
    ? { id: m.id, method: m.method }
    : undefined;
}

/**
 * Call before `server.connect(transport)`: the SDK chains the `onmessage` set here. A lane that
 * answers requests in front of the SDK (`lean-tool-calls.ts`) hands them to `remember`.
 */
export function logErrorAnswers(
  transport: Transport,
  logger: Logger,
  context: Readonly<Record<string, unknown>>,
): { readonly remember: (message: JSONRPCMessage) => void } {
  const methods = new Map<string | number, string>();
  const remember = (message: JSONRPCMessage): void => {
    const request = requestOf(message);
    if (request) {
      methods.set(request.id, request.method);
      if (methods.size > MAX_REMEMBERED) {
        const oldest = methods.keys().next().value;
        if (oldest !== undefined) methods.delete(oldest);
      }
    }
  };
  const previous = transport.onmessage;
  transport.onmessage = <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => {
    remember(message);
    previous?.(message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    const answer = message as {
      method?: unknown;
      id?: string | number;
      result?: unknown;
      error?: { code?: unknown; message?: unknown };
    };
    if (
      answer.method === undefined &&
      (answer.result !== undefined || answer.error !== undefined)
    ) {
      const id = answer.id;
      const method = id === undefined ? undefined : methods.get(id);
      // Only answers to requests the session saw: wire-level rejections are logged where made.
      if (method !== undefined && id !== undefined) {
        methods.delete(id);
        if (answer.error !== undefined) {
          logger.warn(
            { ...context, id, method, code: answer.error.code, reason: answer.error.message },
            'answered a request with an error',
          );
        }
      }
    }
    return send(message, options);
  };
  return { remember };
}
