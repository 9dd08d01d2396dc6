/**
 * @module operation/gateway/downstream/lean-tool-calls
 * A lean lane for the hot path: a session-era host's plain `tools/call` is answered by the
 * gateway's own handler without passing through the SDK `Server`'s request dispatch. Everything
 * else (other methods, 2026-07-28 requests, a task, envelope keys, a malformed progress token,
 * anything the SDK would reshape) goes to the SDK exactly as before.
 *
 * Why (issue 7, `npm run bench`, `gatehouse-stdio` one call at a time, `--cpu-prof`): per call the
 * SDK classified the message three times with zod type guards, parsed the request against the
 * `tools/call` schema twice (its `setRequestHandler` wrapper and its `tools/call` wrapper), built
 * an abort controller and a context of closures, and parsed the result once more: about 12 % of
 * the gateway's busy time, for a request the gateway had already checked on arrival
 * (`inspectMessage`) and a result it checks itself (`checkToolResult`).
 *
 * The lane takes only requests whose schema parse is the identity (params with `name`, optional
 * object `arguments`, and an optional `_meta` without SDK-owned keys), runs the same audited
 * handler (`callTool`), checks a result that is not plain text with the session's own 2025-era
 * wire codec (what the SDK would answer), and maps errors as the SDK does. The conformance suites
 * hold the two paths to the same answers.
 */
import type {
  JSONRPCMessage,
  MessageExtraInfo,
  Server,
  ServerContext,
  Transport,
} from '@modelcontextprotocol/server';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';

import type { Logger } from '../../../shared/logging/index.js';
import type { GatewaySession } from './gateway-session.js';
import type { GatewayServices } from './request-handlers.js';
import { callTool, isPlainTextResult } from './request-handlers.js';

type Json = Record<string, unknown>;
type RequestId = string | number;

/** The parts of the SDK's wire codec the lane uses (the instance's negotiated era). */
interface WireCodec {
  validateResult(
    method: string,
    raw: unknown,
  ): { ok: true; value: unknown } | { ok: false; reason: string; message?: string };
  encodeErrorCode(code: number): number;
}

export interface LeanToolCallsOptions {
  readonly gateway: GatewayServices;
  /** The session this transport serves, once the host has opened it. */
  readonly session: () => GatewaySession | undefined;
  /** Told of every request the lane takes (the error-answer log remembers its method). */
  readonly taken?: (message: JSONRPCMessage) => void;
  readonly logger: Logger;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `_meta` the SDK would reshape or refuse: its 2026-07-28 envelope and task keys (it lifts them
 * off), or a progress token its schema rejects. Those requests go to the SDK.
 */
function sdkOwnsMeta(meta: Json): boolean {
  for (const key in meta) {
    if (key.startsWith('io.modelcontextprotocol/')) return true;
  }
  const token = meta.progressToken;
  return !(token === undefined || typeof token === 'string' || Number.isSafeInteger(token));
}

/** The params of a `tools/call` the SDK's request parse would hand over unchanged, if it is one. */
export function leanCallParams(
  message: JSONRPCMessage,
): { id: RequestId; params: Json } | undefined {
  const m = message as Json;
  if (m.method !== 'tools/call') return undefined;
  const id = m.id;
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  const params = m.params;
  if (!isObject(params) || typeof params.name !== 'string') return undefined;
  for (const key in params) {
    if (key !== 'name' && key !== 'arguments' && key !== '_meta') return undefined;
  }
  if (params.arguments !== undefined && !isObject(params.arguments)) return undefined;
  const meta = params._meta;
  if (meta !== undefined && (!isObject(meta) || sdkOwnsMeta(meta))) return undefined;
  return { id, params };
}

/** The SDK server's negotiated codec, when the session is an initialized session-era one. */
function sessionCodec(session: GatewaySession | undefined): WireCodec | undefined {
  if (session === undefined || session.era !== 'legacy' || session.closed) return undefined;
  // Before `initialize` was answered the SDK decides (it refuses or queues); so it does when its
  // codec accessor is missing (another SDK build): the lane then stays out of the way.
  if (session.server.getClientCapabilities() === undefined) return undefined;
  const server = session.server as unknown as { _negotiatedWireCodec?: () => WireCodec };
  if (typeof server._negotiatedWireCodec !== 'function') return undefined;
  return server._negotiatedWireCodec();
}

/**
 * Puts the lane in front of `transport.onmessage` (install after the SDK connected to it, so the
 * SDK's own handler is the fallback) and behind its `onclose`.
 */
export function installLeanToolCalls(transport: Transport, options: LeanToolCallsOptions): void {
  const inFlight = new Map<RequestId, AbortController>();
  const fallback = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage, extra?: MessageExtraInfo) => {
    const m = message as Json;
    if (m.method === 'notifications/cancelled' && m.id === undefined) {
      const requestId = isObject(m.params) ? m.params.requestId : undefined;
      const controller =
        typeof requestId === 'string' || typeof requestId === 'number'
          ? inFlight.get(requestId)
          : undefined;
      if (controller) {
        inFlight.delete(requestId as RequestId);
        controller.abort(isObject(m.params) ? m.params.reason : undefined);
      }
    } else {
      const call = leanCallParams(message);
      const session = call ? options.session() : undefined;
      const codec = call ? sessionCodec(session) : undefined;
      if (call && session && codec && !inFlight.has(call.id)) {
        options.taken?.(message);
        void serve(call.id, call.params, session, codec, extra);
        return;
      }
    }
    fallback?.(message, extra);
  };
  const previousClose = transport.onclose;
  transport.onclose = () => {
    for (const controller of inFlight.values()) controller.abort(new Error('Connection closed'));
    inFlight.clear();
    previousClose?.();
  };

  // One async function per call (issue 7, heap sampler on the `gatehouse-http` row): it replaced a
  // chain of four promise layers and their closures.
  const serve = async (
    id: RequestId,
    params: Json,
    session: GatewaySession,
    codec: WireCodec,
    extra: MessageExtraInfo | undefined,
  ): Promise<void> => {
    const controller = new AbortController();
    inFlight.set(id, controller);
    const ctx = new LeanRequestContext(
      session.server,
      transport,
      id,
      params,
      controller.signal,
      extra,
    ) as unknown as ServerContext;
    session.lastActivity = Date.now();
    try {
      let answer: JSONRPCMessage;
      try {
        const result = await options.gateway.audited(session, ctx, 'tools/call', () =>
          callTool(options.gateway, session, params, ctx),
        );
        answer = { jsonrpc: '2.0', id, result: encodeResult(codec, result) };
      } catch (error) {
        answer = { jsonrpc: '2.0', id, error: encodeError(codec, error) } as JSONRPCMessage;
      }
      if (controller.signal.aborted) return;
      await transport.send(answer);
    } catch (error) {
      options.logger.debug({ err: error, id }, 'lean tools/call: the answer could not be sent');
    } finally {
      if (inFlight.get(id) === controller) inFlight.delete(id);
    }
  };
}

/**
 * What the gateway's handlers read of the SDK's request context, built for one lane request:
 * requests and notifications it sends on the caller's behalf go out through the session's SDK
 * server, related to this request (on Streamable HTTP they ride its response stream). A class, so
 * its methods live on the prototype instead of being closures made per call.
 */
class LeanRequestContext {
  readonly sessionId: string | undefined;
  readonly mcpReq: LeanRequest;
  readonly http: { authInfo: NonNullable<MessageExtraInfo['authInfo']> } | undefined;

  constructor(
    server: Server,
    transport: Transport,
    id: RequestId,
    params: Json,
    signal: AbortSignal,
    extra: MessageExtraInfo | undefined,
  ) {
    this.sessionId = transport.sessionId;
    this.mcpReq = new LeanRequest(server, id, params._meta, signal);
    this.http = extra?.authInfo ? { authInfo: extra.authInfo } : undefined;
  }
}

/** `ctx.mcpReq` of a lane request. */
class LeanRequest {
  readonly method = 'tools/call';
  private readonly server: Server;

  constructor(
    server: Server,
    readonly id: RequestId,
    readonly _meta: unknown,
    readonly signal: AbortSignal,
  ) {
    this.server = server;
  }

  requestState(): undefined {
    return undefined;
  }

  send(request: never, schema: never, options?: Json): Promise<unknown> {
    return this.server.request(request, schema, { ...options, relatedRequestId: this.id });
  }

  notify(notification: never, options?: Json): Promise<void> {
    return this.server.notification(notification, { ...options, relatedRequestId: this.id });
  }
}

/** The result as the SDK would send it: plain text as it is, anything else through the codec. */
function encodeResult(codec: WireCodec, result: Json): Json {
  if (isPlainTextResult(result)) return result;
  const checked = codec.validateResult('tools/call', result);
  if (!checked.ok) {
    throw new ProtocolError(
      checked.reason === 'not-in-era'
        ? ProtocolErrorCode.InternalError
        : ProtocolErrorCode.InvalidParams,
      checked.reason === 'not-in-era'
        ? 'No wire schema for tools/call in the resolved era'
        : `Invalid tools/call result: ${checked.message ?? ''}`,
    );
  }
  return checked.value as Json;
}

/** A thrown error as the SDK's request dispatch answers it. */
function encodeError(codec: WireCodec, error: unknown): Json {
  const e = (error ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
  const code =
    typeof e.code === 'number' && Number.isSafeInteger(e.code)
      ? e.code
      : ProtocolErrorCode.InternalError;
  return {
    code: codec.encodeErrorCode(code),
    message: typeof e.message === 'string' ? e.message : 'Internal error',
    ...(e.data !== undefined ? { data: e.data } : {}),
  };
}
