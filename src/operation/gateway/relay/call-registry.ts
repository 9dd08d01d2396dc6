/**
 * @module operation/gateway/relay/call-registry
 * Which downstream caller has which call in flight at which upstream, so that what an upstream
 * sends back mid-call (sampling, elicitation, roots requests, log messages) reaches the caller
 * that caused it and nobody else.
 *
 * Threat: cross-client leakage. One upstream process is shared by every downstream session; an
 * elicitation meant for Alice must never be shown to Bob. Over stdio the protocol carries no link
 * between a server-to-client request and the call that caused it, so attribution is by elimination:
 * it succeeds only when exactly one session has calls in flight at that server (or, with none in
 * flight, exactly one session exists). Anything ambiguous fails closed with an error to the server.
 */

/** The part of a downstream session the relays need. */
export interface CallerSession {
  readonly id: string;
}

export interface ActiveCall<S extends CallerSession, C> {
  readonly seq: number;
  /** The caller; replaced when a 2026-era caller retries a parked call from a new request. */
  session: S;
  readonly upstreamKey: string;
  /** The SDK request context of the downstream request (sends land on its stream). */
  context: C;
}

/** A call in flight: end it when done; rebind it when its caller continues from a new request. */
export interface CallHandle<S extends CallerSession, C> {
  readonly call: ActiveCall<S, C>;
  end(): void;
  rebind(session: S, context: C): void;
}

export type Attribution<S extends CallerSession, C> =
  | { readonly ok: true; readonly session: S; readonly call?: ActiveCall<S, C> }
  | { readonly ok: false; readonly reason: string };

/** Tracks calls in flight per upstream. */
export class CallRegistry<S extends CallerSession, C> {
  private readonly byUpstream = new Map<string, Map<number, ActiveCall<S, C>>>();
  private nextSeq = 1;

  /** Records a call; end it with the handle (in `finally`). */
  begin(upstreamKey: string, session: S, context: C): CallHandle<S, C> {
    const seq = this.nextSeq++;
    let calls = this.byUpstream.get(upstreamKey);
    if (!calls) {
      calls = new Map();
      this.byUpstream.set(upstreamKey, calls);
    }
    const call = new RegisteredCall(this.byUpstream, seq, session, upstreamKey, context);
    calls.set(seq, call);
    return call;
  }

  /** Number of calls in flight at `upstreamKey`. */
  inFlight(upstreamKey: string): number {
    return this.byUpstream.get(upstreamKey)?.size ?? 0;
  }

  /**
   * Finds the one caller an unsolicited message from `upstreamKey` belongs to. `sessions` are all
   * live downstream sessions (used when nothing is in flight).
   */
  attribute(upstreamKey: string, sessions: readonly S[]): Attribution<S, C> {
    const calls = [...(this.byUpstream.get(upstreamKey)?.values() ?? [])];
    const callers = new Set(calls.map((call) => call.session.id));
    if (callers.size === 1) {
      // The most recent call of the one caller: its stream is the likeliest still open.
      const call = calls.reduce((a, b) => (b.seq > a.seq ? b : a));
      return { ok: true, session: call.session, call };
    }
    if (callers.size > 1) {
      return {
        ok: false,
        reason: `${callers.size} clients have calls in flight at this server, so the request cannot be attributed to one of them`,
      };
    }
    if (sessions.length === 1 && sessions[0]) return { ok: true, session: sessions[0] };
    return {
      ok: false,
      reason:
        sessions.length === 0
          ? 'no client is connected'
          : `no call is in flight and ${sessions.length} clients are connected, so the request cannot be attributed to one of them`,
    };
  }

  /** Every call a session has in flight (used to cancel them when it disconnects). */
  callsOf(sessionId: string): ActiveCall<S, C>[] {
    const out: ActiveCall<S, C>[] = [];
    for (const calls of this.byUpstream.values()) {
      for (const call of calls.values()) if (call.session.id === sessionId) out.push(call);
    }
    return out;
  }
}

/**
 * A call in flight that is its own handle: one object per call instead of a record and a handle
 * of two closures (issue 7, per-call allocations on the hot path).
 */
class RegisteredCall<S extends CallerSession, C> implements ActiveCall<S, C>, CallHandle<S, C> {
  constructor(
    private readonly registry: Map<string, Map<number, ActiveCall<S, C>>>,
    readonly seq: number,
    public session: S,
    readonly upstreamKey: string,
    public context: C,
  ) {}

  get call(): ActiveCall<S, C> {
    return this;
  }

  end(): void {
    const current = this.registry.get(this.upstreamKey);
    current?.delete(this.seq);
    if (current?.size === 0) this.registry.delete(this.upstreamKey);
  }

  rebind(next: S, nextContext: C): void {
    this.session = next;
    this.context = nextContext;
  }
}
