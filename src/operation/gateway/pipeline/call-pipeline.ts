/**
 * @module operation/gateway/pipeline/call-pipeline
 * The calls flow, around the relay of one routed request: a span that continues the host's trace
 * (and whose context the upstream receives), the policy decision for the caller (allow, deny, or
 * ask the host to confirm), the relay itself, the audit record (written before the reply is
 * released), and the metrics. Every stage is optional so the gateway runs with any subset.
 */
import type { ServerContext } from '@modelcontextprotocol/server';

import type { GatewayMetrics } from '../../../shared/observability/index.js';
import {
  injectTraceContext,
  tracingInactive,
  withSpan,
} from '../../../shared/observability/index.js';
import type { AuditDecision } from '../../audit/index.js';
import type { GatewaySession } from '../downstream/gateway-session.js';
import type { UpstreamConnection } from '../upstream/index.js';

type Json = Record<string, unknown>;

/** A routed request on its way to a server. */
export interface RoutedCall {
  readonly session: GatewaySession;
  readonly ctx: ServerContext;
  readonly upstream: UpstreamConnection;
  readonly method: string;
  /** Tool or prompt name at the server, or the resource URI. */
  readonly item: string;
  readonly params: Json;
  /** What the audit record will say; stages set the decision they reached. */
  readonly note: { decision?: AuditDecision };
}

/** A stage around the relay: it may refuse (throw), and it sees the outcome. */
export interface CallStage {
  /** Names the stage in records of a refusal (`policy`, `confirmation`, ...). */
  readonly name: string;
  /**
   * Runs before the relay. May refuse (throw), hand the relay other params, or answer the host
   * itself without relaying (e.g. an `input_required` round asking for a confirmation).
   */
  before?(call: RoutedCall): StageResult | undefined | Promise<StageResult | undefined>;
  /** Runs after the relay (or its failure), before the reply is released. */
  after?(call: RoutedCall, outcome: CallOutcomeRecord): Promise<void>;
}

export type StageResult = { readonly params: Json } | { readonly reply: Json };

export interface CallOutcomeRecord {
  readonly ok: boolean;
  readonly error?: unknown;
  readonly latencyMs: number;
  /** Set when a stage refused the call before the relay. */
  readonly refusedBy?: string;
  /** The host was answered by a stage (e.g. asked to confirm); the call was not relayed yet. */
  readonly interim?: boolean;
}

export interface CallPipelineOptions {
  readonly metrics?: GatewayMetrics;
  readonly stages?: readonly CallStage[];
}

const NO_STAGES: readonly CallStage[] = [];

/**
 * Marks a relayed call that succeeded: its record (with the latency) is built only when a stage
 * has an `after` to hand it to.
 */
const OK: CallOutcomeRecord = { ok: true, latencyMs: 0 };

/** Runs routed calls through the stages. */
export class CallPipeline {
  private readonly o: CallPipelineOptions;
  /** `<stage>.before` of each stage, built once: the stage metric's label, per call. */
  private readonly beforeNames: readonly string[];
  /** Whether any stage has an `after` hook (without one, finishing a call makes no promise). */
  private readonly hasAfter: boolean;

  constructor(options: CallPipelineOptions) {
    this.o = options;
    this.beforeNames = (options.stages ?? []).map((stage) => `${stage.name}.before`);
    this.hasAfter = (options.stages ?? []).some((stage) => stage.after !== undefined);
  }

  run(call: RoutedCall, relay: (params: Json) => Promise<Json>): Promise<Json> {
    const started = performance.now();
    // Per-call allocations (issue 7, heap sampler on the `gatehouse-http` row): with no
    // OpenTelemetry SDK registered, no span, no attribute object and no closure is made; the stages
    // run straight, and the relay gets the params as they are (injecting from an inactive context
    // writes nothing).
    if (tracingInactive()) return this.stages(call, relay, started, false);
    return withSpan(
      `mcp ${call.method}`,
      call.params._meta,
      {
        'mcp.method': call.method,
        'mcp.server': call.upstream.key,
        'mcp.item': call.item,
        'gatehouse.principal': call.session.principal,
      },
      () => this.stages(call, relay, started, true),
    );
  }

  private async stages(
    call: RoutedCall,
    relay: (params: Json) => Promise<Json>,
    started: number,
    traced: boolean,
  ): Promise<Json> {
    let params = call.params;
    let refusedBy: string | undefined;
    try {
      const stages = this.o.stages ?? NO_STAGES;
      for (let index = 0; index < stages.length; index++) {
        const stage = stages[index] as CallStage;
        let outcome: StageResult | undefined;
        const stageStarted = performance.now();
        try {
          const pending = stage.before?.(params === call.params ? call : { ...call, params });
          // A stage that decided synchronously costs no await (issue 7, per-call allocations).
          outcome = pending instanceof Promise ? await pending : pending;
        } catch (error) {
          refusedBy = stage.name;
          call.note.decision ??= 'deny';
          throw error;
        } finally {
          this.o.metrics?.stage(
            this.beforeNames[index] ?? `${stage.name}.before`,
            (performance.now() - stageStarted) / 1000,
          );
        }
        if (outcome && 'reply' in outcome) {
          await this.finish(
            call,
            { ok: true, latencyMs: performance.now() - started, interim: true },
            started,
          );
          return outcome.reply;
        }
        if (outcome) params = outcome.params;
      }
      const meta = traced ? injectTraceContext(params._meta as Json | undefined) : undefined;
      const relayStarted = performance.now();
      const result = await relay(meta ? { ...params, _meta: meta } : params);
      this.o.metrics?.stage('relay', (performance.now() - relayStarted) / 1000);
      const finished = this.finish(call, OK, started);
      if (finished !== undefined) await finished;
      return result;
    } catch (error) {
      await this.finish(
        call,
        {
          ok: false,
          error,
          latencyMs: performance.now() - started,
          ...(refusedBy ? { refusedBy } : {}),
        },
        started,
      );
      throw error;
    }
  }

  /** The after hooks (a promise only when a stage has one), then the call's metrics. */
  private finish(
    call: RoutedCall,
    outcome: CallOutcomeRecord,
    started: number,
  ): Promise<void> | undefined {
    if (!this.hasAfter) {
      this.count(call, outcome, started);
      return undefined;
    }
    return this.finishAfter(call, outcome, started);
  }

  private async finishAfter(
    call: RoutedCall,
    outcome: CallOutcomeRecord,
    started: number,
  ): Promise<void> {
    let record = outcome === OK ? undefined : outcome;
    const stages = this.o.stages ?? NO_STAGES;
    for (let index = 0; index < stages.length; index++) {
      const stage = stages[index] as CallStage;
      if (stage.after === undefined) continue;
      record ??= { ok: true, latencyMs: performance.now() - started };
      await stage.after(call, record);
    }
    this.count(call, outcome, started);
  }

  private count(call: RoutedCall, outcome: CallOutcomeRecord, started: number): void {
    this.o.metrics?.call(
      call.upstream.key,
      call.method,
      call.item,
      outcome.ok ? 'ok' : outcome.refusedBy ? 'denied' : 'error',
      (performance.now() - started) / 1000,
    );
  }
}
