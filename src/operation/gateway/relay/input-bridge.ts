/**
 * @module operation/gateway/relay/input-bridge
 * Bridges server-to-client requests between protocol eras for hosts on 2026-07-28, which cannot
 * receive pushed requests: a session-era upstream's mid-call `elicitation/create`,
 * `sampling/createMessage` or `roots/list` becomes an `input_required` result, while the upstream
 * call stays open ("parked"), bound to its caller, until the host retries with `inputResponses`.
 *
 * Threats:
 * - Another caller finishing someone's parked call (answering Alice's elicitation as Bob): a
 *   parked call is claimed only by the principal that parked it.
 * - Replay: every round mints a fresh nonce; a handle is good for exactly one retry.
 * - Forgery: handles travel inside `requestState`, sealed with HMAC by the SDK's codec (verified
 *   before any handler runs); the nonce is also checked here.
 * - Resource exhaustion: parked calls expire, and their number is capped.
 */
import { randomUUID } from 'node:crypto';

type Json = Record<string, unknown>;

/** One server-to-client request waiting for the host's answer. */
export interface PendingInput {
  readonly key: string;
  readonly request: { readonly method: string; readonly params: Json };
  resolve(result: Json): void;
  reject(error: Error): void;
}

/** The channel through which an upstream's mid-call requests reach a 2026-era call. */
export class CallInputChannel {
  private pending: PendingInput[] = [];
  private waiters: (() => void)[] = [];
  private seq = 0;

  /** Queues a request for the host; resolves with the host's answer. */
  ask(method: string, params: Json): Promise<Json> {
    return new Promise<Json>((resolve, reject) => {
      this.pending.push({ key: `r${++this.seq}`, request: { method, params }, resolve, reject });
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    });
  }

  /** Resolves as soon as at least one request is queued. */
  waitForInput(): Promise<void> {
    if (this.pending.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Takes every queued request. */
  drain(): PendingInput[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /**
   * Fails every queued request (the call ended or was abandoned). The error is made only when a
   * request is queued: an `Error` captures a stack trace, and most calls end with none queued.
   */
  failAll(error: Error | (() => Error)): void {
    if (this.pending.length === 0) return;
    const reason = typeof error === 'function' ? error() : error;
    for (const p of this.drain()) p.reject(reason);
  }
}

/** What a parked-call handle inside `requestState` carries. */
export interface ParkHandle {
  readonly k: 'park';
  readonly id: string;
  readonly nonce: string;
  readonly p: string;
}

/** A call waiting for the host to answer its requests; `data` is the relay's own state. */
export interface ParkedCall<T> {
  readonly principal: string;
  /** The server the call is open at: a retry must be routed to the same one. */
  readonly server: string;
  readonly method: string;
  /** The tool or prompt name (or resource URI) the call was for: a retry must name the same. */
  readonly target: string;
  readonly data: T;
  /** Ends the parked call for good: fails its pending requests, releases the upstream call. */
  readonly abandon: (reason: Error) => void;
}

interface Slot<T> {
  readonly call: ParkedCall<T>;
  nonce: string;
  readonly timer: NodeJS.Timeout;
}

export type Claim<T> =
  | { readonly ok: true; readonly call: ParkedCall<T> }
  | { readonly ok: false; readonly reason: string };

/** Parked calls of this process. */
export class ParkedCalls<T> {
  private readonly slots = new Map<string, Slot<T>>();
  private readonly ttlMs: number;
  private readonly max: number;

  constructor(options: { ttlMs: number; max: number }) {
    this.ttlMs = options.ttlMs;
    this.max = options.max;
  }

  get size(): number {
    return this.slots.size;
  }

  /** Parks a call; returns the handle to seal into `requestState`, or undefined when full. */
  park(call: ParkedCall<T>): ParkHandle | undefined {
    if (this.slots.size >= this.max) return undefined;
    const id = randomUUID();
    const nonce = randomUUID();
    const timer = setTimeout(() => {
      if (this.slots.delete(id)) {
        call.abandon(
          new Error(`the host did not answer within ${Math.round(this.ttlMs / 1000)} s`),
        );
      }
    }, this.ttlMs);
    timer.unref();
    this.slots.set(id, { call, nonce, timer });
    return { k: 'park', id, nonce, p: call.principal };
  }

  /** Takes a parked call for its retry: right caller, right target, fresh nonce, not expired. */
  claim(
    handle: ParkHandle,
    principal: string,
    server: string,
    method: string,
    target: string,
  ): Claim<T> {
    const slot = this.slots.get(handle.id);
    if (!slot || slot.nonce !== handle.nonce) {
      return {
        ok: false,
        reason:
          'this requestState was already used, has expired, or was issued by another Gatehouse process',
      };
    }
    if (slot.call.principal !== principal || handle.p !== principal) {
      return { ok: false, reason: 'this requestState belongs to another caller' };
    }
    // The server is compared too: two servers may well have a tool of the same name, and a retry
    // routed to the other one must not resume (and answer with) this server's call.
    const call = slot.call;
    if (call.server !== server || call.method !== method || call.target !== target) {
      return {
        ok: false,
        reason: `this requestState belongs to ${call.method} "${call.target}" at server "${call.server}", not ${method} "${target}" at server "${server}"`,
      };
    }
    clearTimeout(slot.timer);
    this.slots.delete(handle.id);
    return { ok: true, call: slot.call };
  }

  /** Abandons every parked call (shutdown). */
  clear(): void {
    for (const [id, slot] of this.slots) {
      clearTimeout(slot.timer);
      this.slots.delete(id);
      slot.call.abandon(new Error('the gateway is shutting down'));
    }
  }
}
