/**
 * @module operation/gateway/upstream/lean-call
 * A lean lane for `tools/call` to a session-era (pre-2026-07-28) stdio server, in place of the SDK
 * `Client`'s request machinery on the hot path only. Hand-written because that machinery was the
 * largest piece of the gateway's own CPU time per call left on the stdio bench row (issue 7;
 * `gatehouse-stdio`, 1 in flight, `--cpu-prof`): per call the SDK client runs two zod type guards
 * on the response (`isJSONRPCResultResponse` in `Protocol.connect`'s `onmessage`, again in
 * `_onresponse`), a promise for the result schema, a `setTimeout` for its own timer (which the
 * gateway sets out of reach, it keeps the call's clock itself) and an abort listener, on top of
 * the gateway's own clock and abort link. Here one object per call holds the call, one timer is
 * its clock and one listener follows the caller's signal. Measured on that row (10,000 calls,
 * five runs alternating with the SDK path): the SDK client's self time fell from 3.7 % to 1.2 %
 * of the busy time and zod's from 7.9 % to 6.5 %; the gateway's CPU per call from 415 to 361 µs
 * at 1 in flight and from 159 to 131 µs at 64 (means; single runs move by ±15 %).
 *
 * What it keeps from the SDK, exactly (the SDK path stays for every other request, for calls that
 * relay progress, and for other eras and transports):
 * - the wire: `{"method","params","jsonrpc":"2.0","id"}`, sent with the transport's own `send`; a
 *   session-era connection adds no `_meta` envelope. Ids are strings `gh-<n>`, which the SDK's
 *   numeric ids cannot collide with.
 * - the answer: a result becomes the raw result object with a `resultType` key removed (what the
 *   session-era codec and `RAW_RESULT_SCHEMA` make of it); a JSON-RPC error becomes
 *   `ProtocolError.fromError(code, message, data)`. Session-era results are never `input_required`
 *   (that codec decodes every result as complete), so `allowInputRequired` changes nothing here.
 * - cancellation: when the caller's signal or the clock aborts first, `notifications/cancelled`
 *   goes out with the id and `String(reason)`, and the call rejects with an `SdkError`
 *   (`RequestTimeout`, `String(reason)`) or the reason itself when it is an `SdkError`.
 * - the connection closing rejects every call still waiting with `SdkError(ConnectionClosed)`.
 *
 * Answers to the lane's ids are taken off the transport's `onmessage` before the SDK's handler
 * sees them; everything else goes on to the SDK unchanged. Classifying a message by its keys is
 * enough because every line from a stdio server has already been checked as JSON-RPC by
 * `checked-read-buffer.ts` (or by the SDK's own read buffer, if that one could not be replaced);
 * a malformed response that carries a lane id arrives as a JSON-RPC error for that id and fails
 * its call at once.
 */
import type { Client, JSONRPCMessage, Transport } from '@modelcontextprotocol/client';
import { ProtocolError, SdkError, SdkErrorCode } from '@modelcontextprotocol/client';

import type { CallClock } from './call-clock.js';
import type { RawResult } from './raw-result.js';
import { RAW_RESULT_ISSUE } from './raw-result.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The error an aborted request rejects with on the SDK path. */
const asCancelError = (reason: unknown): SdkError =>
  reason instanceof SdkError ? reason : new SdkError(SdkErrorCode.RequestTimeout, String(reason));

/** The call's own timer ran out (a function, not a closure per call). */
const expireCall = (call: LeanCall): void => call.expire();

/** One call in flight: its promise's settlers, its timer and its abort listener. */
export class LeanCall {
  readonly id: string;
  readonly promise: Promise<RawResult>;
  private readonly lane: LeanCallLane;
  private readonly signal: AbortSignal | undefined;
  private readonly clock: CallClock | undefined;
  private resolve!: (result: RawResult) => void;
  private reject!: (error: unknown) => void;
  private timer: NodeJS.Timeout | undefined;
  private settled = false;
  private armed = false;
  private expiredValue = false;

  /**
   * `signal`: the caller's (aborting it cancels the call at the server). `clock`: the call's
   * clock, when the caller keeps one; otherwise `arm` starts the call's own timer.
   */
  constructor(
    lane: LeanCallLane,
    id: string,
    signal: AbortSignal | undefined,
    clock: CallClock | undefined,
  ) {
    this.lane = lane;
    this.id = id;
    this.signal = signal;
    this.clock = clock;
    this.promise = new Promise<RawResult>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Starts following the clock (or its own timer of `timeoutMs`) and the caller's signal. */
  arm(timeoutMs: number): void {
    this.armed = true;
    if (this.clock) this.clock.signal.addEventListener('abort', this);
    else this.timer = setTimeout(expireCall, timeoutMs, this);
    this.signal?.addEventListener('abort', this);
  }

  /** The call's own timer ran out. */
  expire(): void {
    this.expiredValue = true;
    // The reason the clock's `AbortController.abort()` gives on the SDK path.
    this.abort(new DOMException('This operation was aborted', 'AbortError'));
  }

  /** The call's deadline passed (its clock's, or its own timer's). */
  get expired(): boolean {
    return this.clock ? this.clock.expired : this.expiredValue;
  }

  /** The abort listener of the caller's signal and the clock's signal. */
  handleEvent(): void {
    // As on the SDK path, where the caller's signal is linked first: its reason wins.
    const reason: unknown = this.signal?.aborted ? this.signal.reason : this.clock?.signal.reason;
    this.abort(reason);
  }

  /** The server answered with a result. */
  succeed(raw: Json): void {
    if (this.settled) return;
    let result = raw;
    if ('resultType' in raw) {
      result = { ...raw };
      delete result.resultType;
    }
    this.finish();
    this.resolve(result);
  }

  /** The server answered with an error, or the call failed before an answer could come. */
  fail(error: unknown): void {
    if (this.settled) return;
    this.finish();
    this.reject(error);
  }

  private abort(reason: unknown): void {
    if (this.settled) return;
    this.lane.cancel(this.id, reason);
    this.fail(asCancelError(reason));
  }

  private finish(): void {
    this.settled = true;
    this.lane.forget(this.id);
    if (!this.armed) return;
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this);
    this.clock?.signal.removeEventListener('abort', this);
  }
}

/** The lean `tools/call` lane of one connected client and its stdio transport. */
export class LeanCallLane {
  readonly client: Client;
  private readonly transport: Transport;
  private readonly pending = new Map<string, LeanCall>();
  private seq = 0;
  private closed = false;

  /**
   * Installs the lane on `client`'s transport: wraps the `onmessage` and `onclose` the SDK set in
   * `client.connect`, so call it once the client is connected.
   */
  constructor(client: Client, transport: Transport) {
    this.client = client;
    this.transport = transport;
    const sdkMessage = transport.onmessage;
    transport.onmessage = (message, extra) => {
      if (this.pending.size === 0 || !this.take(message)) sdkMessage?.(message, extra);
    };
    const sdkClose = transport.onclose;
    transport.onclose = () => {
      try {
        sdkClose?.();
      } finally {
        this.close();
      }
    };
  }

  /**
   * Sends one `tools/call` and returns the call (its `promise` settles as the SDK path's request
   * would, before the gateway translates errors).
   */
  call(
    params: Json | undefined,
    signal: AbortSignal | undefined,
    clock: CallClock | undefined,
    timeoutMs: number,
  ): LeanCall {
    const id = `gh-${++this.seq}`;
    const call = new LeanCall(this, id, signal, clock);
    if (this.closed) {
      call.fail(new Error('Not connected'));
      return call;
    }
    const aborted = signal?.aborted ? signal : clock?.signal.aborted ? clock.signal : undefined;
    if (aborted) {
      // Aborted before it was sent: nothing to cancel at the server.
      call.fail(asCancelError(aborted.reason));
      return call;
    }
    call.arm(timeoutMs);
    this.pending.set(id, call);
    // The SDK's key order: the request (`method`, `params`), then `jsonrpc` and `id`.
    const message = params
      ? { method: 'tools/call', params, jsonrpc: '2.0', id }
      : { method: 'tools/call', jsonrpc: '2.0', id };
    this.transport.send(message as JSONRPCMessage).catch((error: unknown) => call.fail(error));
    return call;
  }

  /** Sends `notifications/cancelled` for `id`, as the SDK does when a request is aborted. */
  cancel(id: string, reason: unknown): void {
    if (this.closed) return;
    const notification = {
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: id, reason: String(reason) },
    };
    this.transport.send(notification as JSONRPCMessage).catch((error: unknown) => {
      this.client.onerror?.(new Error(`Failed to send cancellation: ${String(error)}`));
    });
  }

  /** Drops a settled call from the pending map. */
  forget(id: string): void {
    this.pending.delete(id);
  }

  /** Takes an answer to one of the lane's calls; false for any other message. */
  private take(message: JSONRPCMessage): boolean {
    const answer = message as Json;
    const id = answer.id;
    if (typeof id !== 'string' || 'method' in answer) return false;
    const call = this.pending.get(id);
    if (call === undefined) return false;
    if ('result' in answer) {
      const result = answer.result;
      if (isObject(result)) call.succeed(result);
      else
        call.fail(
          new SdkError(
            SdkErrorCode.InvalidResult,
            `Invalid result for tools/call: ${RAW_RESULT_ISSUE}`,
          ),
        );
      return true;
    }
    const error = answer.error;
    if (isObject(error)) {
      call.fail(ProtocolError.fromError(error.code as number, error.message as string, error.data));
      return true;
    }
    // Not reachable for checked lines; the SDK's handler reports it as it would.
    return false;
  }

  private close(): void {
    this.closed = true;
    if (this.pending.size === 0) return;
    const calls = [...this.pending.values()];
    this.pending.clear();
    const error = new SdkError(SdkErrorCode.ConnectionClosed, 'Connection closed');
    for (const call of calls) call.fail(error);
  }
}
