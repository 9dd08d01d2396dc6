/**
 * @module shared/observability/metrics
 * Prometheus metrics (prom-client) on a registry of its own (so several gateways in one process,
 * as in tests, never share counters): relayed calls, errors, latency per server and item, scan
 * findings, quarantines, sessions and upstream health. Served at `/metrics`.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type CallOutcome = 'ok' | 'error' | 'denied' | 'withheld';

interface ItemLabels {
  readonly item: { server: string; method: string; item: string };
  readonly outcomes: Record<
    CallOutcome,
    { server: string; method: string; item: string; outcome: string }
  >;
}

/** The gateway's metrics. */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly calls: Counter<'server' | 'method' | 'item' | 'outcome'>;
  private readonly latency: Histogram<'server' | 'method' | 'item'>;
  private readonly findings: Gauge<'severity'>;
  private readonly quarantined: Gauge<'server'>;
  private readonly sessions: Gauge<'front'>;
  private readonly upstreamUp: Gauge<'server'>;
  private readonly stages: Histogram<'stage'>;
  private readonly labelCache = new Map<string, Map<string, Map<string, ItemLabels>>>();
  private readonly stageLabels = new Map<string, { stage: string }>();

  constructor() {
    this.calls = new Counter({
      name: 'gatehouse_calls_total',
      help: 'Requests relayed to servers, by outcome',
      labelNames: ['server', 'method', 'item', 'outcome'],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: 'gatehouse_call_duration_seconds',
      help: 'Time from a host request to its reply, through the whole pipeline',
      labelNames: ['server', 'method', 'item'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    this.findings = new Gauge({
      name: 'gatehouse_scan_findings',
      help: 'Definition-scan findings on the current catalogs, by severity',
      labelNames: ['severity'],
      registers: [this.registry],
    });
    this.quarantined = new Gauge({
      name: 'gatehouse_quarantined_definitions',
      help: 'Definitions withheld until approved, by server',
      labelNames: ['server'],
      registers: [this.registry],
    });
    this.sessions = new Gauge({
      name: 'gatehouse_sessions',
      help: 'Open host sessions, by front',
      labelNames: ['front'],
      registers: [this.registry],
    });
    this.stages = new Histogram({
      name: 'gatehouse_stage_seconds',
      help: 'Time spent in each stage of the call pipeline (policy, audit, relay, ...)',
      labelNames: ['stage'],
      buckets: [
        0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25,
        1,
      ],
      registers: [this.registry],
    });
    this.upstreamUp = new Gauge({
      name: 'gatehouse_upstream_up',
      help: '1 when the server is connected, 0 otherwise',
      labelNames: ['server'],
      registers: [this.registry],
    });
  }

  /** One relayed request. */
  call(server: string, method: string, item: string, outcome: CallOutcome, seconds: number): void {
    const labels = this.callLabels(server, method, item);
    this.calls.inc(labels.outcomes[outcome], 1);
    this.latency.observe(labels.item, seconds);
  }

  /** Time one pipeline stage took for one call. */
  stage(stage: string, seconds: number): void {
    let labels = this.stageLabels.get(stage);
    if (labels === undefined) {
      labels = { stage };
      this.stageLabels.set(stage, labels);
    }
    this.stages.observe(labels, seconds);
  }

  /**
   * The label objects of one item, made once (issue 7, per-call allocations: two objects per
   * call). As many as the series prom-client keeps for them anyway.
   */
  private callLabels(server: string, method: string, item: string): ItemLabels {
    let byMethod = this.labelCache.get(server);
    if (byMethod === undefined) {
      byMethod = new Map();
      this.labelCache.set(server, byMethod);
    }
    let byItem = byMethod.get(method);
    if (byItem === undefined) {
      byItem = new Map();
      byMethod.set(method, byItem);
    }
    let labels = byItem.get(item);
    if (labels === undefined) {
      const of = (outcome: CallOutcome) => ({ server, method, item, outcome });
      labels = {
        item: { server, method, item },
        outcomes: {
          ok: of('ok'),
          error: of('error'),
          denied: of('denied'),
          withheld: of('withheld'),
        },
      };
      byItem.set(item, labels);
    }
    return labels;
  }

  setFindings(counts: Record<'high' | 'medium' | 'low', number>): void {
    for (const [severity, value] of Object.entries(counts)) this.findings.set({ severity }, value);
  }

  setQuarantined(server: string, count: number): void {
    this.quarantined.set({ server }, count);
  }

  setSessions(front: string, count: number): void {
    this.sessions.set({ front }, count);
  }

  setUpstream(server: string, up: boolean): void {
    this.upstreamUp.set({ server }, up ? 1 : 0);
  }

  /** The text exposition format. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
