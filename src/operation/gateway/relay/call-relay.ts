/**
 * @module operation/gateway/relay/call-relay
 * Relays one host request to one upstream, for hosts of either protocol era, with progress,
 * cancellation and the call's clock, and bridges multi-round-trip input across eras:
 *
 * - A 2026-07-28 host and a session-era upstream that pushes a request mid-call: the call is
 *   parked (see input-bridge) and the host gets `input_required`; its retry resumes the call.
 * - A 2026-07-28 host and a 2026-07-28 upstream that answers `input_required`: passed through,
 *   labelled, with the upstream's `requestState` sealed inside the gateway's own handle, bound to
 *   the caller, so the retry can land on any gateway process sharing the state key.
 * - A session-era host and a 2026-07-28 upstream: the SDK client fulfils `input_required`
 *   through the gateway's server-request hooks, which push the requests to that host.
 */
import type { RequestStateCodec, ServerContext } from '@modelcontextprotocol/server';
import {
  isInputRequiredResult,
  ProtocolError,
  ProtocolErrorCode,
} from '@modelcontextprotocol/server';

import type { Logger } from '../../../shared/logging/index.js';
import type { GatewaySession } from '../downstream/gateway-session.js';
import { toProtocolError } from '../downstream/protocol-errors.js';
import type { RawResult, UpstreamConnection } from '../upstream/index.js';
import { CallClock } from '../upstream/index.js';
import type { CallHandle, CallRegistry } from './call-registry.js';
import type { ParkHandle, PendingInput } from './input-bridge.js';
import { CallInputChannel, ParkedCalls } from './input-bridge.js';
import type { LogLevels } from './log-levels.js';
import {
  forwardParams,
  requestCapabilities,
  requestLogLevel,
  stripResultEnvelope,
} from './request-meta.js';

type Json = Record<string, unknown>;

/** What a relayed call remembers about its caller's current request. */
export interface CallContext {
  readonly ctx: ServerContext;
  /** Present for 2026-era callers: mid-call requests queue here instead of being pushed. */
  readonly input?: CallInputChannel;
}

/** A pass-through handle: the upstream's own state, bound to the caller and the call. */
export interface WrapHandle {
  readonly k: 'wrap';
  readonly p: string;
  readonly u: string;
  readonly m: string;
  readonly t: string;
  /** The server's own `requestState`. */
  readonly s: string;
}

/** A confirmation round of the policy stage: the id of the question the host was asked. */
export interface ConfirmHandle {
  readonly k: 'confirm';
  readonly id: string;
  readonly p: string;
}

export type StateHandle = ParkHandle | WrapHandle | ConfirmHandle;

/** The relay's state of a parked call. */
interface Round {
  readonly handle: CallHandle<GatewaySession, CallContext>;
  readonly upstream: UpstreamConnection;
  readonly continuation: Promise<RawResult>;
  readonly channel: CallInputChannel;
  readonly clock: CallClock;
  readonly cancel: AbortController;
  readonly pending: readonly PendingInput[];
}

export interface CallRelayOptions {
  readonly calls: CallRegistry<GatewaySession, CallContext>;
  /** Raises a session-era upstream's logging level for a 2026-era caller that asked for one. */
  readonly raiseLevel: (upstream: UpstreamConnection, level: string) => Promise<void>;
  /** How long a parked call waits for the host's retry, and how many may wait at once. */
  readonly parkedTtlMs: number;
  readonly maxParked: number;
  readonly codec: RequestStateCodec<StateHandle>;
  readonly logLevels: LogLevels;
  readonly logger: Logger;
  /** Labels an embedded or pushed request with the server that asks (see server-requests). */
  readonly prepare: (upstreamKey: string, method: string, params: Json) => Json;
  /** Filters a `roots/list` answer to what `upstreamKey` may see. */
  readonly filterRoots: (upstreamKey: string, result: Json) => Json;
}

const ROUND_METHODS: Record<string, keyof NonNullable<ClientCaps>> = {
  'elicitation/create': 'elicitation',
  'sampling/createMessage': 'sampling',
  'roots/list': 'roots',
};

type ClientCaps = { elicitation?: unknown; sampling?: unknown; roots?: unknown };

/** Relays calls for every session of one gateway. */
export class CallRelay {
  private readonly o: CallRelayOptions;
  private readonly parked: ParkedCalls<Round>;

  constructor(options: CallRelayOptions) {
    this.o = options;
    this.parked = new ParkedCalls<Round>({ ttlMs: options.parkedTtlMs, max: options.maxParked });
  }

  /** Calls parked for their hosts' answers right now. */
  get parkedCount(): number {
    return this.parked.size;
  }

  /** Abandons every parked call (shutdown). */
  close(): void {
    this.parked.clear();
  }

  /** Relays `method` to `upstream`; `target` names the tool, prompt or resource. */
  async relay(
    session: GatewaySession,
    ctx: ServerContext,
    upstream: UpstreamConnection,
    method: string,
    params: Json,
    target: string,
  ): Promise<Json> {
    if (session.era === 'legacy')
      return this.relaySessionCall(session, ctx, upstream, method, params);
    const state = ctx.mcpReq.requestState<StateHandle>();
    if (state?.k === 'park') return this.resume(state, session, ctx, upstream, method, target);
    const logLevel = requestLogLevel(ctx);
    if (logLevel !== undefined && upstream.era === 'legacy')
      await this.o.raiseLevel(upstream, logLevel);
    const forwarded = forwardParams(params, {
      logLevel,
      upstreamEra: upstream.era,
      clientCapabilities: requestCapabilities(ctx) ?? {},
    });
    const upstreamParams: Json = { ...forwarded.params };
    if (state?.k === 'wrap') {
      this.checkWrap(state, session, upstream, method, target);
      upstreamParams.requestState = state.s;
    }
    const responses = ctx.mcpReq.inputResponses;
    if (responses !== undefined && upstream.era === 'modern') {
      // Answers travel on to the server that asked (it validates them itself); roots answers are
      // filtered to what that server may see, whether or not the round came with a handle.
      upstreamParams.inputResponses = this.filterResponses(upstream.key, responses);
    }
    const channel = new CallInputChannel();
    const handle = this.o.calls.begin(upstream.key, session, { ctx, input: channel });
    const clock = new CallClock(upstream.timeoutMs);
    const cancel = new AbortController();
    const continuation = upstream.request(method, upstreamParams, {
      signal: cancel.signal,
      clock,
      allowInputRequired: true,
      ...this.progressOption(handle, forwarded.progressToken),
    });
    // A parked call's continuation may settle while nobody awaits it.
    continuation.catch(() => undefined);
    return this.round(
      { handle, upstream, continuation, channel, clock, cancel, pending: [] },
      session,
      ctx,
      method,
      target,
    );
  }

  /** Session-era callers: a plain relay; pushed requests go straight to them. */
  private async relaySessionCall(
    session: GatewaySession,
    ctx: ServerContext,
    upstream: UpstreamConnection,
    method: string,
    params: Json,
  ): Promise<Json> {
    const forwarded = forwardParams(params, {
      logLevel: this.o.logLevels.get(session.id),
      upstreamEra: upstream.era,
      clientCapabilities: session.server.getClientCapabilities() ?? {},
    });
    const handle = this.o.calls.begin(upstream.key, session, { ctx });
    // Per-call allocations (issue 7): the progress relay and its list of sends are made only for
    // a call that asked for progress.
    const sent: Promise<unknown>[] | undefined =
      forwarded.progressToken === undefined ? undefined : [];
    try {
      const result = await upstream.request(
        method,
        forwarded.params,
        sent === undefined
          ? { signal: ctx.mcpReq.signal }
          : {
              signal: ctx.mcpReq.signal,
              ...this.progressOption(handle, forwarded.progressToken, sent),
            },
      );
      // Relayed progress reaches the host before the result does.
      if (sent !== undefined && sent.length > 0) await Promise.all(sent);
      return stripResultEnvelope(result);
    } catch (error) {
      throw toProtocolError(error);
    } finally {
      handle.end();
    }
  }

  /** Progress relay bound to whatever request the caller is on now (it changes across rounds). */
  private progressOption(
    handle: CallHandle<GatewaySession, CallContext>,
    progressToken: unknown,
    sent: Promise<unknown>[] = [],
  ): { onprogress?: (p: { progress: number; total?: number; message?: string }) => void } {
    if (progressToken === undefined) return {};
    return {
      onprogress: (progress) => {
        sent.push(
          handle.call.context.ctx.mcpReq
            .notify({ method: 'notifications/progress', params: { ...progress, progressToken } })
            .catch(() => undefined),
        );
      },
    };
  }

  /** Waits for the call to finish or to need the host; parks it in the latter case. */
  private async round(
    round: Round,
    session: GatewaySession,
    ctx: ServerContext,
    method: string,
    target: string,
  ): Promise<Json> {
    const unlink = link(ctx.mcpReq.signal, round.cancel);
    const outcome = await Promise.race([
      round.continuation.then(
        (result) => ({ kind: 'done' as const, result }),
        (error: unknown) => ({ kind: 'failed' as const, error }),
      ),
      round.channel.waitForInput().then(() => ({ kind: 'input' as const })),
    ]);
    unlink();
    if (outcome.kind === 'failed') {
      this.finish(round);
      throw toProtocolError(outcome.error);
    }
    if (outcome.kind === 'done') {
      this.finish(round);
      if (isInputRequiredResult(outcome.result)) {
        return this.wrap(outcome.result, session, round.upstream, method, target);
      }
      return stripResultEnvelope(outcome.result);
    }
    return this.park(round, session, ctx, method, target);
  }

  private finish(round: Round): void {
    round.clock.stop();
    round.channel.failAll(() => new Error('the call has ended'));
    round.handle.end();
  }

  /** Parks the call and answers the host with the requests it must fulfil. */
  private async park(
    round: Round,
    session: GatewaySession,
    ctx: ServerContext,
    method: string,
    target: string,
  ): Promise<Json> {
    const pending = round.channel.drain();
    const declared = requestCapabilities(ctx) as ClientCaps | undefined;
    const answerable = pending.filter((p) => {
      const capability = ROUND_METHODS[p.request.method];
      if (capability !== undefined && declared?.[capability] !== undefined) return true;
      // Fail closed: a request the host never said it can answer goes back to the server at once.
      p.reject(
        new Error(`the host did not declare the ${capability ?? p.request.method} capability`),
      );
      return false;
    });
    if (answerable.length === 0)
      return this.round({ ...round, pending: [] }, session, ctx, method, target);
    round.clock.pause();
    const parked = { ...round, pending: answerable };
    const handle = this.parked.park({
      principal: session.principal,
      server: round.upstream.key,
      method,
      target,
      data: parked,
      abandon: (reason) => {
        for (const p of answerable) p.reject(reason);
        round.cancel.abort(reason);
        this.finish(round);
      },
    });
    if (!handle) {
      for (const p of answerable) p.reject(new Error('too many calls are waiting for their hosts'));
      round.cancel.abort();
      this.finish(round);
      throw new ProtocolError(
        ProtocolErrorCode.InternalError,
        'Gatehouse: too many calls are waiting for input; try again later',
      );
    }
    this.o.logger.debug(
      { server: round.upstream.key, method, requests: answerable.length },
      'parked a call for input',
    );
    return {
      resultType: 'input_required',
      inputRequests: Object.fromEntries(answerable.map((p) => [p.key, p.request])),
      requestState: await this.o.codec.mint(handle),
    };
  }

  /** A retry of a parked call: hand the answers to the upstream and carry on. */
  private async resume(
    state: ParkHandle,
    session: GatewaySession,
    ctx: ServerContext,
    upstream: UpstreamConnection,
    method: string,
    target: string,
  ): Promise<Json> {
    const claim = this.parked.claim(state, session.principal, upstream.key, method, target);
    if (!claim.ok) {
      this.o.logger.warn({ reason: claim.reason, method, target }, 'refused a requestState');
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `requestState refused: ${claim.reason}`,
      );
    }
    const round = claim.call.data;
    round.handle.rebind(session, { ctx, input: round.channel });
    const responses = ctx.mcpReq.inputResponses ?? {};
    for (const p of round.pending) {
      const answer = responses[p.key];
      if (isObject(answer)) p.resolve(answer);
      else p.reject(new Error('the host answered the retry without this input'));
    }
    round.clock.resume();
    return this.round({ ...round, pending: [] }, session, ctx, method, target);
  }

  /** A 2026 upstream's `input_required`, labelled and sealed for a 2026 host. */
  private async wrap(
    result: RawResult,
    session: GatewaySession,
    upstream: UpstreamConnection,
    method: string,
    target: string,
  ): Promise<Json> {
    const requests = isObject(result.inputRequests) ? result.inputRequests : {};
    const labelled: Json = {};
    for (const [key, request] of Object.entries(requests)) {
      if (!isObject(request) || typeof request.method !== 'string') continue;
      labelled[key] = isObject(request.params)
        ? { ...request, params: this.o.prepare(upstream.key, request.method, request.params) }
        : request;
    }
    const { requestState: inner, ...rest } = stripResultEnvelope(result);
    if (typeof inner !== 'string') {
      // Nothing of the server's to protect: the retry carries its answers and nothing else.
      return { ...rest, inputRequests: labelled };
    }
    // Threat: one caller finishing another's round. The server's state is sealed inside a handle
    // bound to this caller, server and call.
    const handle: WrapHandle = {
      k: 'wrap',
      p: session.principal,
      u: upstream.key,
      m: method,
      t: target,
      s: inner,
    };
    return { ...rest, inputRequests: labelled, requestState: await this.o.codec.mint(handle) };
  }

  private checkWrap(
    state: WrapHandle,
    session: GatewaySession,
    upstream: UpstreamConnection,
    method: string,
    target: string,
  ): void {
    const problem =
      state.p !== session.principal
        ? 'this requestState belongs to another caller'
        : state.u !== upstream.key || state.m !== method || state.t !== target
          ? `this requestState belongs to ${state.m} "${state.t}" at server "${state.u}"`
          : undefined;
    if (problem) {
      this.o.logger.warn({ reason: problem, method, target }, 'refused a requestState');
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `requestState refused: ${problem}`);
    }
  }

  private filterResponses(upstreamKey: string, responses: Json): Json {
    const out: Json = {};
    for (const [key, value] of Object.entries(responses)) {
      // The gateway's own rounds (a policy confirmation) are answered here, never upstream.
      if (key.startsWith('gatehouse.')) continue;
      out[key] =
        isObject(value) && Array.isArray(value.roots)
          ? this.o.filterRoots(upstreamKey, value)
          : value;
    }
    return out;
  }
}

/** Aborts `target` when `source` aborts, until the returned function is called. */
function link(source: AbortSignal, target: AbortController): () => void {
  if (source.aborted) {
    target.abort(source.reason);
    return () => undefined;
  }
  const forward = (): void => target.abort(source.reason);
  source.addEventListener('abort', forward, { once: true });
  return () => source.removeEventListener('abort', forward);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
