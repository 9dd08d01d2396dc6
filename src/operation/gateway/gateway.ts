/**
 * @module operation/gateway/gateway
 * The gateway: upstream connections, the merged catalog, and every downstream session, wired
 * together. Definitions flow up (upstream lists -> catalog -> hosts' `list_changed`); calls flow
 * down (session handler -> route -> relay -> upstream) and whatever the upstream sends mid-call
 * flows back to the caller that caused it. Hosts and upstreams may each speak either protocol era.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';

import type {
  LoggingLevel,
  RequestStateCodec,
  ServerContext,
  ServerEvent,
} from '@modelcontextprotocol/server';
import {
  createRequestStateCodec,
  ProtocolError,
  ProtocolErrorCode,
} from '@modelcontextprotocol/server';

import type { GatehouseConfig } from '../../shared/config/schema.js';
import type { Logger } from '../../shared/logging/index.js';
import { GatewayMetrics } from '../../shared/observability/index.js';
import type { AuditLog } from '../audit/index.js';
import type { PinStore } from '../pins/index.js';
import type { Policy } from '../policy/index.js';
import type { SandboxLauncher } from '../sandbox/index.js';
import { Catalog } from './catalog/catalog.js';
import type { FrontKind } from './downstream/gateway-session.js';
import { GatewaySession } from './downstream/gateway-session.js';
import { toProtocolError } from './downstream/protocol-errors.js';
import type { GatewayServices } from './downstream/request-handlers.js';
import { registerRequestHandlers } from './downstream/request-handlers.js';
import { buildInstructions } from './instructions.js';
import type { CallStage } from './pipeline/call-pipeline.js';
import { CallPipeline } from './pipeline/call-pipeline.js';
import type { DefinitionScanner } from './pipeline/definition-gate.js';
import { DefinitionGate } from './pipeline/definition-gate.js';
import { DefinitionViews } from './pipeline/definition-views.js';
import { PolicyStage } from './pipeline/policy-stage.js';
import type { AuditNote } from './pipeline/request-audit.js';
import { RequestAudit } from './pipeline/request-audit.js';
import { registerProcessMetrics } from './process-metrics.js';
import type { CallContext, Root, StateHandle } from './relay/index.js';
import {
  CallRegistry,
  CallRelay,
  filterRoots,
  LogLevels,
  normaliseRootEntry,
  prepareForHost,
  relayServerRequest,
  requestLogLevel,
  SERVER_LABEL_META_KEY,
  SubscriptionTable,
  UpstreamLogLevels,
} from './relay/index.js';
import type {
  CatalogKind,
  RawResult,
  UpstreamHooks,
  UpstreamServerRequestMethod,
} from './upstream/index.js';
import { UpstreamConnection } from './upstream/index.js';

type Json = Record<string, unknown>;

/**
 * How long a 2026-era host has to answer an `input_required` round unless `gateway.inputTimeoutMs`
 * says otherwise, and how many parked calls may wait.
 */
const INPUT_ROUND_TTL_MS = 15 * 60_000;
const MAX_PARKED_CALLS = 1_000;

/** The kind of item a routed method acts on, for audit records. */
const ITEM_KIND: Readonly<Record<string, 'tool' | 'prompt' | 'resource' | undefined>> = {
  'tools/call': 'tool',
  'prompts/get': 'prompt',
  'resources/read': 'resource',
};

export interface GatewayOptions {
  readonly config: GatehouseConfig;
  readonly logger: Logger;
  readonly version: string;
  /** Starts every stdio server in its sandbox (required: there is no unsandboxed default). */
  readonly launcher: SandboxLauncher;
  /** Folder of the config file; relative `roots` entries resolve against it. */
  readonly configDir?: string;
  /** Where pins and quarantines are kept; without one nothing is pinned. */
  readonly pins?: PinStore;
  /** The definition scanner; without one nothing is scanned. */
  readonly scanner?: DefinitionScanner;
  /** Compare with the pins but record nothing (`gatehouse check`). */
  readonly readOnlyPins?: boolean;
  /** Prometheus metrics; one registry per gateway. */
  readonly metrics?: GatewayMetrics;
  /** The compiled policy; without one every call is allowed. */
  readonly policy?: Policy;
  /** Further stages every routed call passes after the policy, in order. */
  readonly stages?: readonly CallStage[];
  /** The audit log every request is recorded in; without one nothing is recorded. */
  readonly audit?: AuditLog;
  /**
   * One worker of a pool (`--workers`): the mark (`w<id>.`) put in front of every `requestState`
   * it seals, so a retry that lands on another worker is passed on to this one, which holds the
   * parked call or the confirmation.
   */
  readonly stateMark?: string;
}

/** A change hosts on 2026-07-28 may follow through `subscriptions/listen`. */
export type ChangeListener = (event: ServerEvent) => void;

/** Gatehouse's operation-phase core. */
export class Gateway implements UpstreamHooks, GatewayServices {
  readonly catalog: Catalog;
  readonly upstreams: readonly UpstreamConnection[];
  private readonly upstreamByKey: ReadonlyMap<string, UpstreamConnection>;
  private readonly logger: Logger;
  private readonly options: GatewayOptions;
  /** Long-lived sessions: every session-era host, and a 2026-era host on stdio. */
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly calls = new CallRegistry<GatewaySession, CallContext>();
  private readonly subscriptions = new SubscriptionTable();
  private readonly logLevels = new LogLevels();
  private readonly allowedRoots = new Map<string, string[] | undefined>();
  private readonly changeListeners = new Set<ChangeListener>();
  private readonly callRelay: CallRelay;
  private readonly verifyState: (state: string, ctx: ServerContext) => Promise<unknown>;
  private readonly upstreamLevels: UpstreamLogLevels;
  /** The definitions flow: each server's lists after the scan and the pins. */
  readonly views: DefinitionViews;
  readonly metrics: GatewayMetrics;
  private readonly pipeline: CallPipeline;
  private readonly requestAudit: RequestAudit;

  constructor(options: GatewayOptions) {
    this.options = options;
    this.logger = options.logger;
    const clientInfo = { name: 'gatehouse', version: options.version };
    const enabled = Object.entries(options.config.servers).filter(([, s]) => s.enabled !== false);
    this.upstreams = enabled.map(
      ([key, server]) =>
        new UpstreamConnection(key, server, {
          logger: options.logger,
          hooks: this,
          defaultTimeoutMs: options.config.gateway.requestTimeoutMs,
          clientInfo,
          launcher: options.launcher,
        }),
    );
    this.upstreamByKey = new Map(this.upstreams.map((u) => [u.key, u]));
    const baseDir = options.configDir ?? process.cwd();
    for (const [key, server] of enabled) {
      this.allowedRoots.set(
        key,
        server.roots?.map((r) => normaliseRootEntry(r, baseDir)),
      );
    }
    this.views = new DefinitionViews({
      gate: new DefinitionGate({
        logger: this.logger,
        ...(options.scanner ? { scanner: options.scanner } : {}),
        ...(options.pins ? { pins: options.pins } : {}),
        ...(options.readOnlyPins ? { readOnly: true } : {}),
      }),
      pins: options.readOnlyPins ? undefined : options.pins,
      logger: this.logger,
      changed: () => this.publishCatalogChange(),
      recheckMs: options.config.gateway.recheckSeconds * 1000,
    });
    this.catalog = new Catalog(this.upstreams, {
      maxLength: options.config.gateway.names.maxLength,
      view: (u) => this.views.view(u),
    });
    // Threat: forged or tampered requestState. Handles are HMAC-sealed; gateways of one fleet share
    // the key so a 2026-era retry may land on any of them.
    const inputTtlMs = options.config.gateway.inputTimeoutMs ?? INPUT_ROUND_TTL_MS;
    const codec = markedCodec(
      createRequestStateCodec<StateHandle>({
        key: options.config.gateway.requestStateKey ?? randomBytes(32),
        ttlSeconds: Math.ceil(inputTtlMs / 1000),
      }),
      options.stateMark,
    );
    this.verifyState = (state, ctx) => codec.verify(state, ctx);
    this.upstreamLevels = new UpstreamLogLevels(this.logger);
    this.metrics = options.metrics ?? new GatewayMetrics();
    registerProcessMetrics(this.metrics.registry);
    const policyStage = options.policy
      ? [
          new PolicyStage({
            policy: options.policy,
            codec,
            annotations: (call) => this.toolAnnotations(call.upstream, call.item),
          }),
        ]
      : [];
    this.requestAudit = new RequestAudit({
      views: this.views,
      logger: this.logger,
      metrics: this.metrics,
      ...(options.audit ? { log: options.audit } : {}),
    });
    this.pipeline = new CallPipeline({
      metrics: this.metrics,
      stages: [...policyStage, ...(options.stages ?? [])],
    });
    this.callRelay = new CallRelay({
      raiseLevel: (upstream, level) => this.upstreamLevels.raise(upstream, level),
      calls: this.calls,
      parkedTtlMs: inputTtlMs,
      maxParked: MAX_PARKED_CALLS,
      codec,
      logLevels: this.logLevels,
      logger: this.logger,
      prepare: (key, method, params) =>
        prepareForHost(key, method, params, { label: this.labelled(key), logger: this.logger }),
      filterRoots: (key, result) => this.filterRootsResult(key, result),
    });
  }

  /** Connects every upstream; waits up to `timeoutMs` for all first attempts. */
  async start(timeoutMs = 60_000): Promise<void> {
    await Promise.all(
      this.upstreams.map(async (u) => {
        await Promise.race([u.start(), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
      }),
    );
    this.catalog.rebuild();
    this.views.start(this.upstreams);
  }

  async stop(): Promise<void> {
    this.views.stop();
    this.callRelay.close();
    for (const session of this.sessions.values()) await this.closeSession(session);
    await Promise.all(this.upstreams.map((u) => u.stop()));
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  upstream(key: string): UpstreamConnection | undefined {
    return this.upstreamByKey.get(key);
  }

  /** Follows catalog changes and resource updates (for 2026-era `subscriptions/listen`). */
  onChange(listener: ChangeListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * Opens a downstream session; connect its `server` to a transport next. Session-era sessions
   * and stdio sessions live until closed; a 2026-era HTTP request gets a short-lived one.
   */
  openSession(
    front: FrontKind,
    principal: string,
    era: 'legacy' | 'modern' = 'legacy',
  ): GatewaySession {
    const instructions = buildInstructions(this.upstreams, this.catalog, (u) =>
      this.views.instructions(u),
    );
    const session = new GatewaySession({
      id: randomUUID(),
      front,
      era,
      principal,
      serverInfo: { name: 'gatehouse', version: this.options.version },
      ...(instructions ? { instructions } : {}),
      ...(era === 'modern' ? { verifyRequestState: this.verifyState } : {}),
      toolSchema: (name) => {
        const schema = this.catalog.publicTool(name)?.inputSchema;
        return typeof schema === 'object' && schema !== null ? (schema as Json) : undefined;
      },
    });
    registerRequestHandlers(session, this);
    const longLived = era === 'legacy' || front === 'stdio';
    if (longLived) this.sessions.set(session.id, session);
    session.server.onclose = () => {
      void this.closeSession(session);
    };
    session.server.oninitialized = () => {
      // Servers asked for roots before any host was there (and were refused); now that the one
      // host with roots has arrived, they may ask again.
      if (session.supports('roots') && this.sessions.size === 1) this.rootsChanged(session);
    };
    return session;
  }

  /** Forgets a session: its subscriptions and log level go, its calls in flight are cancelled. */
  async closeSession(session: GatewaySession): Promise<void> {
    if (session.closed) return;
    session.markClosed();
    this.sessions.delete(session.id);
    this.logLevels.delete(session.id);
    await this.unfollowAll(session.id);
    await this.syncUpstreamLogLevel();
    await session.server.close().catch(() => undefined);
  }

  /** A 2026-era listen stream follows `publicUris` until `unfollowAll(followerId)`. */
  async follow(followerId: string, publicUris: readonly string[]): Promise<void> {
    for (const uri of publicUris) {
      const routed = this.catalog.resolveUri(uri);
      if (!routed?.upstream.capabilities?.resources?.subscribe) continue;
      if (this.subscriptions.add(followerId, routed.upstream.key, routed.uri)) {
        await routed.upstream.subscribe(routed.uri).catch((error: unknown) => {
          this.subscriptions.remove(followerId, routed.upstream.key, routed.uri);
          this.logger.debug({ err: error, uri }, 'follow failed');
        });
      }
    }
  }

  async unfollowAll(followerId: string): Promise<void> {
    for (const subject of this.subscriptions.removeSession(followerId)) {
      await this.upstreamByKey.get(subject.serverKey)?.unsubscribe(subject.uri);
    }
  }

  // ---- GatewayServices: what downstream handlers call ----

  relay(
    session: GatewaySession,
    ctx: ServerContext,
    upstream: UpstreamConnection,
    method: string,
    params: Json,
  ): Promise<Json> {
    const named = params.name ?? params.uri;
    const item = typeof named === 'string' ? named : method;
    const note = this.requestAudit.note(ctx);
    note.upstream = upstream;
    note.item = item;
    const kind = ITEM_KIND[method];
    if (kind) note.itemKind = kind;
    if (params.arguments !== undefined) note.arguments = params.arguments;
    else if (params.argument !== undefined) note.arguments = params.argument;
    return this.pipeline.run({ session, ctx, upstream, method, item, params, note }, (forwarded) =>
      this.callRelay.relay(session, ctx, upstream, method, forwarded, item),
    );
  }

  audited<T>(
    session: GatewaySession,
    ctx: ServerContext,
    method: string,
    run: () => T | Promise<T>,
  ): Promise<T> {
    return this.requestAudit.around(session, ctx, method, run);
  }

  auditNote(ctx: ServerContext): AuditNote {
    return this.requestAudit.note(ctx);
  }

  withheldResource(
    upstream: UpstreamConnection,
    uri: string,
  ): { decision: 'quarantined' | 'withheld'; message: string } | undefined {
    const reason = this.views.withheldResource(upstream, uri);
    if (!reason) return undefined;
    return {
      decision: reason.kind === 'quarantine' ? 'quarantined' : 'withheld',
      message: reason.message,
    };
  }

  withheldAs(
    upstream: UpstreamConnection,
    kind: 'tool' | 'prompt',
    name: string,
  ): 'quarantined' | 'withheld' {
    return this.views.blocked(upstream, kind, name)?.kind === 'quarantine'
      ? 'quarantined'
      : 'withheld';
  }

  async subscribe(session: GatewaySession, publicUri: string): Promise<void> {
    const routed = this.catalog.resolveUri(publicUri);
    if (!routed) {
      throw new ProtocolError(
        ProtocolErrorCode.ResourceNotFound,
        `Resource not found: ${publicUri}`,
        {
          uri: publicUri,
        },
      );
    }
    if (!routed.upstream.capabilities?.resources?.subscribe) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Server "${routed.upstream.key}" does not support resource subscriptions`,
      );
    }
    if (!this.subscriptions.add(session.id, routed.upstream.key, routed.uri)) return;
    try {
      await routed.upstream.subscribe(routed.uri);
    } catch (error) {
      this.subscriptions.remove(session.id, routed.upstream.key, routed.uri);
      throw toProtocolError(error);
    }
  }

  async unsubscribe(session: GatewaySession, publicUri: string): Promise<void> {
    const routed = this.catalog.resolveUri(publicUri);
    if (!routed) return;
    if (this.subscriptions.remove(session.id, routed.upstream.key, routed.uri)) {
      await routed.upstream.unsubscribe(routed.uri);
    }
  }

  async setLogLevel(session: GatewaySession, level: string): Promise<void> {
    this.logLevels.set(session.id, level as LoggingLevel);
    await this.syncUpstreamLogLevel();
  }

  rootsChanged(_session: GatewaySession): void {
    for (const upstream of this.upstreams) {
      void upstream.notify('notifications/roots/list_changed');
    }
  }

  // ---- UpstreamHooks: what upstream connections report ----

  onReady(upstream: UpstreamConnection, _changed: readonly CatalogKind[]): void {
    if (this.views.refresh(upstream)) this.publishCatalogChange();
    void this.upstreamLevels.restore(upstream);
  }

  onUnavailable(_upstream: UpstreamConnection, _reason: string): void {
    // The catalog keeps the server's last known lists: hosts do not churn through a restart, and
    // calls meanwhile get a clear "not connected" error.
  }

  onCatalogChanged(upstream: UpstreamConnection, _changed: readonly CatalogKind[]): void {
    if (this.views.refresh(upstream)) this.publishCatalogChange();
  }

  onLogMessage(upstream: UpstreamConnection, params: Json): void {
    // Labelled with the server, except behind an empty prefix: that server is served
    // transparently, as if the host were connected to it directly.
    const labelled = !this.labelled(upstream.key)
      ? params
      : {
          ...params,
          _meta: {
            ...((params._meta as Json | undefined) ?? {}),
            [SERVER_LABEL_META_KEY]: upstream.key,
          },
        };
    const notification = { method: 'notifications/message', params: labelled };
    const attribution = this.calls.attribute(upstream.key, [...this.sessions.values()]);
    if (attribution.ok) {
      const { session, call } = attribution;
      if (session.era === 'modern') {
        // A 2026-era request carries its own level; without one it asked for no log messages.
        const level = call ? requestLogLevel(call.context.ctx) : undefined;
        if (!call || level === undefined || !LogLevels.atLeast(params.level, level)) return;
        void call.context.ctx.mcpReq.notify(notification).catch(() => undefined);
        return;
      }
      if (!this.logLevels.admits(session.id, params.level)) return;
      const send = call
        ? call.context.ctx.mcpReq.notify(notification)
        : session.server.notification(notification);
      void send.catch(() => undefined);
      return;
    }
    // Not attributable to one caller: only sessions that asked for logs (setLevel) get it.
    for (const id of this.logLevels.sessions()) {
      const session = this.sessions.get(id);
      if (session && this.logLevels.admits(id, params.level)) {
        void session.server.notification(notification).catch(() => undefined);
      }
    }
  }

  onResourceUpdated(upstream: UpstreamConnection, params: Json): void {
    if (typeof params.uri !== 'string') return;
    const publicUri = this.catalog.uris.encode(upstream.key, params.uri);
    const notification = {
      method: 'notifications/resources/updated',
      params: { ...params, uri: publicUri },
    };
    let followed = false;
    for (const id of this.subscriptions.subscribers(upstream.key, params.uri)) {
      const session = this.sessions.get(id);
      if (session) void session.server.notification(notification).catch(() => undefined);
      else followed = true;
    }
    if (followed) this.emit({ kind: 'resource_updated', uri: publicUri });
  }

  async onServerRequest(
    upstream: UpstreamConnection,
    method: UpstreamServerRequestMethod,
    params: Json,
    signal: AbortSignal,
  ): Promise<RawResult> {
    return relayServerRequest(
      {
        calls: this.calls,
        sessions: () => [...this.sessions.values()],
        filterRoots: (key, result) => this.filterRootsResult(key, result),
        labelled: (key) => this.labelled(key),
        logger: this.logger,
      },
      upstream.key,
      method,
      params,
      signal,
    );
  }

  // ---- internals ----

  /** A server behind an empty prefix is served transparently: nothing of it is labelled. */
  private labelled(upstreamKey: string): boolean {
    return this.catalog.prefixOf(upstreamKey) !== '';
  }

  private filterRootsResult(upstreamKey: string, result: Json): Json {
    const roots = Array.isArray(result.roots) ? (result.roots as Root[]) : [];
    return { ...result, roots: filterRoots(roots, this.allowedRoots.get(upstreamKey)) };
  }

  private emit(event: ServerEvent): void {
    for (const listener of this.changeListeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn({ err: error }, 'change listener failed');
      }
    }
  }

  /** A tool's annotations as pinned (for the policy's `destructiveHint` rule). */
  private toolAnnotations(upstream: UpstreamConnection, name: string): Json | undefined {
    const tool = this.views.view(upstream).catalog.tools.find((t) => t.name === name);
    const annotations = tool?.annotations;
    return typeof annotations === 'object' && annotations !== null
      ? (annotations as Json)
      : undefined;
  }

  /** Brings the gauges up to date (sessions, upstream health, quarantines). */
  refreshGauges(): void {
    const byFront = new Map<string, number>();
    for (const session of this.sessions.values())
      byFront.set(session.front, (byFront.get(session.front) ?? 0) + 1);
    for (const front of ['stdio', 'streamable-http', 'sse'])
      this.metrics.setSessions(front, byFront.get(front) ?? 0);
    const quarantined = new Map<string, number>();
    for (const item of this.views.withheld()) {
      if (item.reason.kind === 'quarantine')
        quarantined.set(item.server, (quarantined.get(item.server) ?? 0) + 1);
    }
    this.metrics.setFindings(this.views.findingCounts());
    for (const upstream of this.upstreams) {
      this.metrics.setUpstream(upstream.key, upstream.state === 'ready');
      this.metrics.setQuarantined(upstream.key, quarantined.get(upstream.key) ?? 0);
    }
  }

  private publishCatalogChange(): void {
    this.refreshGauges();
    const diff = this.catalog.rebuild();
    for (const session of this.sessions.values()) {
      if (diff.tools) void session.server.sendToolListChanged().catch(() => undefined);
      if (diff.prompts) void session.server.sendPromptListChanged().catch(() => undefined);
      if (diff.resources) void session.server.sendResourceListChanged().catch(() => undefined);
    }
    if (diff.tools) this.emit({ kind: 'tools_list_changed' });
    if (diff.prompts) this.emit({ kind: 'prompts_list_changed' });
    if (diff.resources) this.emit({ kind: 'resources_list_changed' });
  }

  /** Session-era upstreams get at least the most verbose level any session-era host chose. */
  private async syncUpstreamLogLevel(): Promise<void> {
    const level = this.logLevels.mostVerbose();
    if (level === undefined) return;
    await Promise.all(this.upstreams.map((u) => this.upstreamLevels.raise(u, level)));
  }
}

/** A worker's mark in front of a sealed `requestState` (`w<id>.`); see `worker-routing.ts`. */
const STATE_MARK = /^w[1-9][0-9]{0,5}\./;

/**
 * The codec with `mark` in front of what it seals. The mark only routes (the HMAC inside decides
 * what is accepted), so any mark is taken off before verifying.
 */
function markedCodec(
  codec: RequestStateCodec<StateHandle>,
  mark: string | undefined,
): RequestStateCodec<StateHandle> {
  return {
    mint: async (payload, ctx) => `${mark ?? ''}${await codec.mint(payload, ctx)}`,
    verify: (state, ctx) => codec.verify(state.replace(STATE_MARK, ''), ctx),
  };
}

export function configDirOf(file: string): string {
  return path.dirname(path.resolve(file));
}
