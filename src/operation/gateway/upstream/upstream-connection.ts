/**
 * @module operation/gateway/upstream/upstream-connection
 * One live connection to one configured MCP server, on the SDK v2 `Client`: connect, discover
 * its whole catalog, follow `list_changed`, relay requests with a per-call timeout and
 * cancellation, and reconnect with backoff when the server crashes or the link drops. Calls in
 * flight when the link goes answer at once with a clear error instead of hanging.
 */
import { randomUUID } from 'node:crypto';

import type {
  Implementation,
  PriorDiscovery,
  ServerCapabilities,
  Transport,
  VersionNegotiationOptions,
} from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/client';

import type { ServerConfig } from '../../../shared/config/schema.js';
import { ErrorCode, GatehouseError } from '../../../shared/errors/index.js';
import type { Logger } from '../../../shared/logging/index.js';
import type { PreparedLaunch, SandboxLauncher } from '../../sandbox/index.js';
import type { BackoffOptions } from './backoff.js';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { CallClock } from './call-clock.js';
import { ChangeFeed } from './change-feed.js';
import { LeanCallLane } from './lean-call.js';
import type { ParamHeaderScan } from './param-headers.js';
import { buildParamHeaders, scanParamHeaders } from './param-headers.js';
import { ProgressRouter } from './progress-router.js';
import type { RawResult } from './raw-result.js';
import { RAW_RESULT_SCHEMA } from './raw-result.js';
import { createUpstreamTransport } from './transport-factory.js';
import type { CatalogKind, UpstreamCatalog } from './upstream-catalog.js';
import { CATALOG_KINDS, CatalogSync } from './upstream-catalog.js';
import { translateUpstreamError } from './upstream-errors.js';
import type { UpstreamHooks, UpstreamServerRequestMethod } from './upstream-hooks.js';

export type { CatalogKind, UpstreamCatalog } from './upstream-catalog.js';

export type UpstreamState = 'idle' | 'connecting' | 'ready' | 'waiting' | 'stopped';

export interface UpstreamOptions {
  readonly logger: Logger;
  readonly hooks: UpstreamHooks;
  /** Timeout for relayed calls when the server config sets none. */
  readonly defaultTimeoutMs: number;
  readonly clientInfo: Implementation;
  readonly backoff?: BackoffOptions;
  /** Starts stdio servers in their sandboxes; without one they run as configured (tests only). */
  readonly launcher?: SandboxLauncher;
}

export interface RelayOptions {
  readonly signal?: AbortSignal;
  readonly onprogress?: (progress: { progress: number; total?: number; message?: string }) => void;
  readonly timeoutMs?: number;
  /**
   * Return a 2026-07-28 `input_required` result as it is instead of fulfilling it through the
   * server-request hooks (for hosts that speak 2026-07-28 themselves).
   */
  readonly allowInputRequired?: boolean;
  /** The call's deadline, when the caller needs to pause it; otherwise one is made per call. */
  readonly clock?: CallClock;
}

/** How long the `server/discover` probe of `protocol: auto` waits for an answer. */
const PROBE_TIMEOUT_MS = 5_000;

/**
 * The signal a call runs under: `target`, aborted by the caller's `source` and by the clock (when
 * the clock does not abort `target` itself). `release` removes the listeners once the call ended.
 */
function linkAbort(
  source: AbortSignal,
  target: AbortController,
  clock: CallClock,
): { signal: AbortSignal; release: () => void } {
  const abort = (): void => target.abort(source.reason);
  const fromClock = clock.signal === target.signal ? undefined : (): void => target.abort();
  if (source.aborted) abort();
  else source.addEventListener('abort', abort, { once: true });
  if (fromClock) {
    if (clock.signal.aborted) fromClock();
    else clock.signal.addEventListener('abort', fromClock, { once: true });
  }
  return {
    signal: target.signal,
    release: () => {
      source.removeEventListener('abort', abort);
      if (fromClock) clock.signal.removeEventListener('abort', fromClock);
    },
  };
}

/** The SDK's own timer is set out of reach; the gateway runs the call's clock (see `request`). */
const NO_SDK_TIMEOUT_MS = 2_147_483_647;

const SERVER_REQUEST_METHODS: readonly UpstreamServerRequestMethod[] = [
  'sampling/createMessage',
  'elicitation/create',
  'roots/list',
];

/** A connection to one upstream MCP server that keeps itself alive. */
export class UpstreamConnection {
  readonly key: string;
  readonly config: ServerConfig;
  private readonly options: UpstreamOptions;
  private readonly logger: Logger;
  private client: Client | undefined;
  private stateValue: UpstreamState = 'idle';
  private readonly catalogSync: CatalogSync;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryAt = 0;
  private lastErrorValue: string | undefined;
  private readyWaiters: (() => void)[] = [];
  private readonly progress: ProgressRouter;
  private readonly feed: ChangeFeed;
  private readonly headerScans = new WeakMap<object, ParamHeaderScan>();
  /** The era verdict of the last successful connect, reused on reconnects (no second probe). */
  private prior: PriorDiscovery | undefined;
  /** The lean `tools/call` lane of the current client, when it can carry calls (see lean-call.ts). */
  private lane: LeanCallLane | undefined;

  constructor(key: string, config: ServerConfig, options: UpstreamOptions) {
    this.key = key;
    this.config = config;
    this.options = options;
    this.logger = options.logger.child({ server: key });
    this.progress = new ProgressRouter(`gatehouse-${randomUUID().slice(0, 8)}`);
    this.feed = new ChangeFeed(this.logger);
    this.catalogSync = new CatalogSync(this.logger, () => this.timeoutMs);
  }

  get state(): UpstreamState {
    return this.stateValue;
  }

  get catalog(): UpstreamCatalog {
    return this.catalogSync.current;
  }

  get lastError(): string | undefined {
    return this.lastErrorValue;
  }

  get capabilities(): ServerCapabilities | undefined {
    return this.client?.getServerCapabilities();
  }

  get serverInfo(): Implementation | undefined {
    return this.client?.getServerVersion();
  }

  get instructions(): string | undefined {
    return this.client?.getInstructions();
  }

  get protocolVersion(): string | undefined {
    return this.client?.getNegotiatedProtocolVersion();
  }

  /** `modern` (2026-07-28) or `legacy` (session-based revisions), once connected. */
  get era(): 'legacy' | 'modern' | undefined {
    return this.client?.getProtocolEra();
  }

  /** Follows updates of `uri` (whichever era the server speaks); rejects if the server refuses. */
  async subscribe(uri: string): Promise<void> {
    try {
      await this.feed.add(uri);
    } catch (error) {
      throw this.translateError(error, 'resources/subscribe', this.timeoutMs);
    }
  }

  /** Stops following `uri`. */
  async unsubscribe(uri: string): Promise<void> {
    await this.feed.remove(uri);
  }

  /** The timeout applied to relayed calls. */
  get timeoutMs(): number {
    return this.config.timeoutMs ?? this.options.defaultTimeoutMs;
  }

  /** Makes the first connection attempt; resolves when it succeeded or failed (never rejects). */
  async start(): Promise<void> {
    if (this.stateValue !== 'idle') return;
    await this.connect();
  }

  /** Resolves when the server is ready or `timeoutMs` passed, whichever is first. */
  async whenReady(timeoutMs: number): Promise<boolean> {
    if (this.stateValue === 'ready') return true;
    if (this.stateValue === 'stopped') return false;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve(this.stateValue === 'ready');
      };
      this.readyWaiters.push(done);
    });
  }

  /** Stops the connection for good and ends a stdio server's process. */
  async stop(): Promise<void> {
    this.stateValue = 'stopped';
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    this.lane = undefined;
    this.flushReadyWaiters();
    if (client) await client.close().catch(() => undefined);
  }

  /**
   * Relays one request to the server and returns its raw result. Upstream JSON-RPC errors are
   * rethrown unchanged (`ProtocolError`); transport failures become a `GatehouseError` whose
   * message names the server.
   */
  request(
    method: string,
    params: Record<string, unknown> | undefined,
    options: RelayOptions = {},
  ): Promise<RawResult> {
    const lane = this.lane;
    // Progress relaying stays on the SDK path (ProgressRouter); the lane carries the plain calls.
    if (
      lane !== undefined &&
      this.stateValue === 'ready' &&
      lane.client === this.client &&
      method === 'tools/call' &&
      !options.onprogress
    ) {
      return this.leanRequest(lane, params, options);
    }
    return this.sdkRequest(method, params, options);
  }

  /** `request` on the SDK client. */
  private async sdkRequest(
    method: string,
    params: Record<string, unknown> | undefined,
    options: RelayOptions,
  ): Promise<RawResult> {
    const client = this.readyClient();
    // One controller per call, aborted by the deadline or by the caller (cheaper than combining
    // two signals with AbortSignal.any on every call).
    const callController = options.clock ? undefined : new AbortController();
    const clock =
      options.clock ?? new CallClock(options.timeoutMs ?? this.timeoutMs, callController);
    const timeout = clock.timeoutMs;
    const progress = options.onprogress
      ? this.progress.open((p) => {
          clock.restart();
          options.onprogress?.(p);
        })
      : undefined;
    let forwarded = params;
    if (progress) {
      const meta = (params?._meta ?? {}) as Record<string, unknown>;
      forwarded = { ...params, _meta: { ...meta, progressToken: progress.token } };
    }
    const unlink = options.signal
      ? linkAbort(options.signal, callController ?? new AbortController(), clock)
      : undefined;
    const signal = unlink?.signal ?? clock.signal;
    const headers = method === 'tools/call' ? this.paramHeaders(forwarded) : undefined;
    try {
      return await client.request(
        { method, ...(forwarded ? { params: forwarded } : {}) },
        RAW_RESULT_SCHEMA,
        {
          timeout: NO_SDK_TIMEOUT_MS,
          signal,
          ...(options.allowInputRequired ? { allowInputRequired: true } : {}),
          ...(headers ? { headers } : {}),
        },
      );
    } catch (error) {
      throw this.relayFailure(error, method, timeout, clock.expired, options.signal);
    } finally {
      if (!options.clock) clock.stop();
      unlink?.release();
      progress?.close();
    }
  }

  /** `request` on the lean lane: same answers, same errors, less work per call. */
  private leanRequest(
    lane: LeanCallLane,
    params: Record<string, unknown> | undefined,
    options: RelayOptions,
  ): Promise<RawResult> {
    const timeout = options.clock?.timeoutMs ?? options.timeoutMs ?? this.timeoutMs;
    const call = lane.call(params, options.signal, options.clock, timeout);
    return call.promise.then(undefined, (error: unknown) => {
      throw this.relayFailure(error, 'tools/call', timeout, call.expired, options.signal);
    });
  }

  /** The error a failed relay throws: its deadline passed, or the SDK's error translated. */
  private relayFailure(
    error: unknown,
    method: string,
    timeout: number,
    expired: boolean,
    signal: AbortSignal | undefined,
  ): unknown {
    if (expired && !signal?.aborted) {
      return new GatehouseError(
        ErrorCode.UpstreamTimeout,
        `Server "${this.key}" did not answer ${method} within ${timeout} ms`,
        { cause: error, data: { server: this.key, timeoutMs: timeout } },
      );
    }
    return this.translateError(error, method, timeout);
  }

  /** SEP-2243 `Mcp-Param-*` headers mirroring a `tools/call`'s arguments, for 2026-era HTTP. */
  private paramHeaders(
    params: Record<string, unknown> | undefined,
  ): Record<string, string> | undefined {
    if (this.era !== 'modern' || this.config.transport !== 'http' || !params) return undefined;
    const tool = this.catalog.tools.find((t) => t.name === params.name);
    if (!tool) return undefined;
    let scan = this.headerScans.get(tool);
    if (!scan) {
      scan = scanParamHeaders(tool.inputSchema);
      this.headerScans.set(tool, scan);
    }
    if (!scan.valid || scan.declarations.length === 0) return undefined;
    return buildParamHeaders(scan.declarations, params.arguments);
  }

  /** Sends a notification to the server if it is connected; dropped otherwise. */
  async notify(method: string, params?: Record<string, unknown>): Promise<void> {
    const client = this.client;
    if (this.stateValue !== 'ready' || !client) return;
    await client.notification({ method, ...(params ? { params } : {}) }).catch((error: unknown) => {
      this.logger.debug({ err: error, method }, 'notification to server failed');
    });
  }

  private readyClient(): Client {
    if (this.stateValue === 'ready' && this.client) return this.client;
    if (this.stateValue === 'stopped') {
      throw new GatehouseError(ErrorCode.UpstreamUnavailable, `Server "${this.key}" is stopped`);
    }
    const retry =
      this.stateValue === 'waiting'
        ? ` (next attempt in ${Math.max(0, this.retryAt - Date.now())} ms)`
        : ' (connecting)';
    const last = this.lastErrorValue ? `; last error: ${this.lastErrorValue}` : '';
    throw new GatehouseError(
      ErrorCode.UpstreamUnavailable,
      `Server "${this.key}" is not connected${retry}${last}`,
    );
  }

  private translateError(error: unknown, method: string, timeout: number): unknown {
    return translateUpstreamError(this.key, error, method, timeout);
  }

  private async connect(): Promise<void> {
    if (this.stateValue === 'stopped') return;
    this.stateValue = 'connecting';
    this.attempt += 1;
    const client = new Client(this.options.clientInfo, {
      capabilities: {
        sampling: {},
        elicitation: { form: {}, url: {} },
        roots: { listChanged: true },
      },
      versionNegotiation: negotiationFor(this.config.protocol),
    });
    this.installHandlers(client);
    let launch: PreparedLaunch | undefined;
    if (this.config.transport === 'stdio' && this.options.launcher) {
      try {
        launch = await this.options.launcher.prepare(this.key, this.config);
      } catch (error) {
        // Fail closed: a server whose sandbox cannot be built is not started.
        this.fail(error instanceof Error ? error.message : String(error));
        return;
      }
      // `stop()` may have run while the package was being resolved.
      if ((this.stateValue as UpstreamState) === 'stopped') {
        launch.ended(null, null);
        return;
      }
    }
    const built = createUpstreamTransport(this.config, this.logger, this.key, launch);
    let closedDuringConnect = false;
    client.onclose = () => {
      if (this.client === client) this.onDisconnected('connection closed');
      else closedDuringConnect = true;
    };
    client.onerror = (error: Error) => {
      this.logger.warn({ err: error.message }, 'transport error');
    };
    try {
      await client.connect(built.transport, this.prior ? { prior: this.prior } : undefined);
      if (closedDuringConnect) throw new Error('connection closed during the handshake');
      this.client = client;
      this.lane = this.leanLaneFor(client, built.transport);
      const discover = client.getDiscoverResult();
      this.prior = discover ? { kind: 'modern', discover } : { kind: 'legacy' };
      await this.feed.attach(client, client.getServerCapabilities());
      const catalog = await this.catalogSync.fetchAll(client);
      if (this.client !== client) return;
      const changed = this.catalogSync.replace(catalog);
      this.stateValue = 'ready';
      this.lastErrorValue = undefined;
      this.logger.info(
        {
          pid: built.pid(),
          protocolVersion: client.getNegotiatedProtocolVersion(),
          era: client.getProtocolEra(),
          tools: catalog.tools.length,
          prompts: catalog.prompts.length,
          resources: catalog.resources.length,
          resourceTemplates: catalog.resourceTemplates.length,
        },
        'server connected',
      );
      this.attempt = 0;
      this.flushReadyWaiters();
      this.options.hooks.onReady(this, changed);
    } catch (error) {
      if (this.client === client) {
        this.client = undefined;
        this.lane = undefined;
      }
      await client.close().catch(() => undefined);
      this.fail(error instanceof Error ? error.message : String(error));
    }
  }

  /** The lean lane for a session-era stdio server (see lean-call.ts); none for the others. */
  private leanLaneFor(client: Client, transport: Transport): LeanCallLane | undefined {
    if (this.config.transport !== 'stdio' || client.getProtocolEra() !== 'legacy') return undefined;
    // The lane wraps the handlers the SDK set on the transport it is attached to.
    if (client.transport !== transport) return undefined;
    return new LeanCallLane(client, transport);
  }

  private installHandlers(client: Client): void {
    for (const method of SERVER_REQUEST_METHODS) {
      // The SDK validates each answer against the method's result schema before it leaves.
      client.setRequestHandler(
        method,
        (request, ctx) =>
          this.options.hooks.onServerRequest(
            this,
            method,
            request.params ?? {},
            ctx.mcpReq.signal,
          ) as Promise<never>,
      );
    }
    client.setNotificationHandler('notifications/tools/list_changed', () => {
      this.refresh('tools');
    });
    client.setNotificationHandler('notifications/prompts/list_changed', () => {
      this.refresh('prompts');
    });
    client.setNotificationHandler('notifications/resources/list_changed', () => {
      this.refresh('resources');
      this.refresh('resourceTemplates');
    });
    // Replaces the SDK's own progress dispatch; see ProgressRouter for why.
    client.setNotificationHandler('notifications/progress', (notification) => {
      this.progress.dispatch(notification.params);
    });
    client.setNotificationHandler('notifications/message', (notification) => {
      this.options.hooks.onLogMessage(this, notification.params);
    });
    client.setNotificationHandler('notifications/resources/updated', (notification) => {
      this.options.hooks.onResourceUpdated(this, notification.params);
    });
  }

  /** Re-lists every kind (the periodic check for changes made without `list_changed`). */
  relistAll(): void {
    for (const kind of CATALOG_KINDS) this.refresh(kind);
  }

  /** Re-lists one kind after `list_changed`. */
  private refresh(kind: CatalogKind): void {
    const client = this.client;
    if (!client || this.stateValue !== 'ready') return;
    this.catalogSync.refresh(
      client,
      kind,
      () => this.client === client,
      (changed) => this.options.hooks.onCatalogChanged(this, [changed]),
    );
  }

  private onDisconnected(reason: string): void {
    if (this.stateValue === 'stopped') return;
    this.client = undefined;
    this.lane = undefined;
    this.feed.detach();
    this.fail(reason);
  }

  private fail(reason: string): void {
    if (this.stateValue === 'stopped') return;
    this.lastErrorValue = reason;
    this.stateValue = 'waiting';
    const delay = backoffDelay(this.attempt, this.options.backoff ?? DEFAULT_BACKOFF);
    this.retryAt = Date.now() + delay;
    this.logger.warn({ reason, attempt: this.attempt, retryInMs: delay }, 'server unavailable');
    this.flushReadyWaiters();
    this.options.hooks.onUnavailable(this, reason);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  private flushReadyWaiters(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const waiter of waiters) waiter();
  }
}

/** The SDK's version negotiation for a server's `protocol` setting (default `auto`). */
function negotiationFor(protocol: ServerConfig['protocol']): VersionNegotiationOptions {
  if (protocol === 'legacy') return { mode: 'legacy' };
  if (protocol === '2026-07-28') return { mode: { pin: '2026-07-28' } };
  // A stdio server that ignores an unknown pre-initialize request is legacy; five seconds of
  // silence decide it instead of the SDK's default full request timeout.
  return { mode: 'auto', probe: { timeoutMs: PROBE_TIMEOUT_MS } };
}
