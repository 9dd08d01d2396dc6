/**
 * @module operation/gateway/gateway
 * The gateway: upstream connections, the merged catalog, and every downstream session, wired
 * together. Definitions flow up (upstream lists -> catalog -> sessions' `list_changed`); calls
 * flow down (session handler -> route -> upstream) and whatever the upstream sends mid-call flows
 * back to the caller that caused it.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';

import type { LoggingLevel, ServerContext } from '@modelcontextprotocol/server';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';

import type { GatehouseConfig } from '../../shared/config/schema.js';
import type { Logger } from '../../shared/logging/index.js';
import { Catalog } from './catalog/catalog.js';
import type { FrontKind } from './downstream/gateway-session.js';
import { GatewaySession } from './downstream/gateway-session.js';
import { toProtocolError } from './downstream/protocol-errors.js';
import type { GatewayServices } from './downstream/request-handlers.js';
import { registerRequestHandlers } from './downstream/request-handlers.js';
import { buildInstructions } from './instructions.js';
import type { Root } from './relay/index.js';
import {
  CallRegistry,
  filterRoots,
  LogLevels,
  normaliseRootEntry,
  prepareElicitation,
  prepareSampling,
  SERVER_LABEL_META_KEY,
  SubscriptionTable,
} from './relay/index.js';
import type {
  CatalogKind,
  RawResult,
  UpstreamHooks,
  UpstreamServerRequestMethod,
} from './upstream/index.js';
import { RAW_RESULT_SCHEMA, UpstreamConnection } from './upstream/index.js';

type Json = Record<string, unknown>;

/** How long a relayed sampling or elicitation request may wait for the host (a human). */
const HUMAN_REQUEST_TIMEOUT_MS = 15 * 60_000;

export interface GatewayOptions {
  readonly config: GatehouseConfig;
  readonly logger: Logger;
  readonly version: string;
  /** Folder of the config file; relative `roots` entries resolve against it. */
  readonly configDir?: string;
}

/** Gatehouse's operation-phase core. */
export class Gateway implements UpstreamHooks, GatewayServices {
  readonly catalog: Catalog;
  readonly upstreams: readonly UpstreamConnection[];
  private readonly upstreamByKey: ReadonlyMap<string, UpstreamConnection>;
  private readonly logger: Logger;
  private readonly options: GatewayOptions;
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly calls = new CallRegistry<GatewaySession, ServerContext>();
  private readonly subscriptions = new SubscriptionTable();
  private readonly logLevels = new LogLevels();
  private readonly allowedRoots = new Map<string, string[] | undefined>();
  private upstreamLevel: LoggingLevel | undefined;

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
    this.catalog = new Catalog(this.upstreams, {
      maxLength: options.config.gateway.names.maxLength,
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
  }

  async stop(): Promise<void> {
    for (const session of this.sessions.values()) await this.closeSession(session);
    await Promise.all(this.upstreams.map((u) => u.stop()));
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  upstream(key: string): UpstreamConnection | undefined {
    return this.upstreamByKey.get(key);
  }

  /** Opens a downstream session; connect its `server` to a transport next. */
  openSession(front: FrontKind, principal: string): GatewaySession {
    const instructions = buildInstructions(this.upstreams, this.catalog);
    const session = new GatewaySession({
      id: randomUUID(),
      front,
      principal,
      serverInfo: { name: 'gatehouse', version: this.options.version },
      ...(instructions ? { instructions } : {}),
    });
    registerRequestHandlers(session, this);
    this.sessions.set(session.id, session);
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
    for (const subject of this.subscriptions.removeSession(session.id)) {
      const upstream = this.upstreamByKey.get(subject.serverKey);
      await upstream
        ?.request('resources/unsubscribe', { uri: subject.uri })
        .catch((error: unknown) => this.logger.debug({ err: error }, 'unsubscribe failed'));
    }
    await this.syncUpstreamLogLevel();
    await session.server.close().catch(() => undefined);
  }

  // ---- GatewayServices: what downstream handlers call ----

  async relay(
    session: GatewaySession,
    ctx: ServerContext,
    upstream: UpstreamConnection,
    method: string,
    params: Json,
  ): Promise<Json> {
    const meta = (params._meta ?? undefined) as Json | undefined;
    const progressToken = meta?.progressToken;
    let forwarded = params;
    if (meta && 'progressToken' in meta) {
      // The upstream connection mints its own progress token per call; the host's token is
      // restored on every progress notification relayed back.
      const { progressToken: _dropped, ...rest } = meta;
      forwarded = { ...params, _meta: rest };
      if (Object.keys(rest).length === 0) delete forwarded._meta;
    }
    const end = this.calls.begin(upstream.key, session, ctx);
    // Relayed progress must reach the host before the result does: the result is released only
    // after every progress notification of the call has been handed to the transport.
    const sent: Promise<unknown>[] = [];
    try {
      const result = await upstream.request(method, forwarded, {
        signal: ctx.mcpReq.signal,
        ...(progressToken === undefined
          ? {}
          : {
              onprogress: (progress) => {
                sent.push(
                  ctx.mcpReq
                    .notify({
                      method: 'notifications/progress',
                      params: { ...progress, progressToken },
                    })
                    .catch(() => undefined),
                );
              },
            }),
      });
      await Promise.all(sent);
      return result;
    } catch (error) {
      throw toProtocolError(error);
    } finally {
      end();
    }
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
    const first = this.subscriptions.add(session.id, routed.upstream.key, routed.uri);
    if (!first) return;
    try {
      await routed.upstream.request('resources/subscribe', { uri: routed.uri });
    } catch (error) {
      this.subscriptions.remove(session.id, routed.upstream.key, routed.uri);
      throw toProtocolError(error);
    }
  }

  async unsubscribe(session: GatewaySession, publicUri: string): Promise<void> {
    const routed = this.catalog.resolveUri(publicUri);
    if (!routed) return;
    if (this.subscriptions.remove(session.id, routed.upstream.key, routed.uri)) {
      await routed.upstream
        .request('resources/unsubscribe', { uri: routed.uri })
        .catch((error: unknown) => this.logger.debug({ err: error }, 'unsubscribe failed'));
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

  onReady(upstream: UpstreamConnection, changed: readonly CatalogKind[]): void {
    if (changed.length > 0) this.publishCatalogChange();
    void this.restoreUpstreamState(upstream);
  }

  onUnavailable(_upstream: UpstreamConnection, _reason: string): void {
    // The catalog keeps the server's last known lists: hosts do not churn through a restart, and
    // calls meanwhile get a clear "not connected" error.
  }

  onCatalogChanged(_upstream: UpstreamConnection, _changed: readonly CatalogKind[]): void {
    this.publishCatalogChange();
  }

  onLogMessage(upstream: UpstreamConnection, params: Json): void {
    // Labelled with the server, except behind an empty prefix: that server is served
    // transparently, as if the host were connected to it directly.
    const labelled =
      this.catalog.prefixOf(upstream.key) === ''
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
      if (!this.logLevels.admits(attribution.session.id, params.level)) return;
      const send = attribution.call
        ? attribution.call.context.mcpReq.notify(notification)
        : attribution.session.server.notification(notification);
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
    for (const id of this.subscriptions.subscribers(upstream.key, params.uri)) {
      const session = this.sessions.get(id);
      void session?.server
        .notification({
          method: 'notifications/resources/updated',
          params: { ...params, uri: publicUri },
        })
        .catch(() => undefined);
    }
  }

  async onServerRequest(
    upstream: UpstreamConnection,
    method: UpstreamServerRequestMethod,
    params: Json,
    signal: AbortSignal,
  ): Promise<RawResult> {
    const attribution = this.calls.attribute(upstream.key, [...this.sessions.values()]);
    if (!attribution.ok) {
      // With no host connected yet (servers often ask for roots right after starting) the
      // refusal is expected; with hosts connected it means an ambiguous caller.
      const level = this.sessions.size === 0 ? 'info' : 'warn';
      this.logger[level](
        { server: upstream.key, method, reason: attribution.reason },
        'server request refused',
      );
      throw new ProtocolError(
        ProtocolErrorCode.InternalError,
        `Gatehouse cannot relay ${method}: ${attribution.reason}`,
      );
    }
    const session = attribution.session;
    const send = (request: { method: string; params?: Json }): Promise<RawResult> => {
      const options = { signal, timeout: HUMAN_REQUEST_TIMEOUT_MS };
      return attribution.call
        ? attribution.call.context.mcpReq.send(request, RAW_RESULT_SCHEMA, options)
        : session.server.request(request, RAW_RESULT_SCHEMA, options);
    };
    if (method === 'roots/list') {
      if (!session.supports('roots')) return { roots: [] };
      const result = await send({ method: 'roots/list' });
      const roots = Array.isArray(result.roots) ? (result.roots as Root[]) : [];
      return { ...result, roots: filterRoots(roots, this.allowedRoots.get(upstream.key)) };
    }
    if (method === 'sampling/createMessage') {
      if (!session.supports('sampling')) {
        throw new ProtocolError(
          ProtocolErrorCode.MethodNotFound,
          'The connected client does not support sampling',
        );
      }
      const prepared = prepareSampling(params, upstream.key);
      if (prepared.downgraded) {
        this.logger.info(
          { server: upstream.key, from: prepared.downgraded },
          'includeContext downgraded to "none"',
        );
      }
      return send({ method, params: prepared.params });
    }
    const mode = params.mode === 'url' ? 'url' : 'form';
    if (!session.supportsElicitationMode(mode)) {
      throw new ProtocolError(
        ProtocolErrorCode.MethodNotFound,
        `The connected client does not support ${mode} elicitation`,
      );
    }
    return send({ method, params: prepareElicitation(params, upstream.key) });
  }

  // ---- internals ----

  private publishCatalogChange(): void {
    const diff = this.catalog.rebuild();
    for (const session of this.sessions.values()) {
      if (diff.tools) void session.server.sendToolListChanged().catch(() => undefined);
      if (diff.prompts) void session.server.sendPromptListChanged().catch(() => undefined);
      if (diff.resources) void session.server.sendResourceListChanged().catch(() => undefined);
    }
  }

  /** After a (re)connect: the log level and subscriptions the sessions hold are applied again. */
  private async restoreUpstreamState(upstream: UpstreamConnection): Promise<void> {
    if (this.upstreamLevel !== undefined && upstream.capabilities?.logging) {
      await upstream
        .request('logging/setLevel', { level: this.upstreamLevel })
        .catch((error: unknown) => this.logger.debug({ err: error }, 'setLevel failed'));
    }
    for (const uri of this.subscriptions.urisOf(upstream.key)) {
      await upstream
        .request('resources/subscribe', { uri })
        .catch((error: unknown) => this.logger.debug({ err: error }, 'resubscribe failed'));
    }
  }

  private async syncUpstreamLogLevel(): Promise<void> {
    const level = this.logLevels.mostVerbose();
    if (level === this.upstreamLevel || level === undefined) return;
    this.upstreamLevel = level;
    await Promise.all(
      this.upstreams
        .filter((u) => u.state === 'ready' && u.capabilities?.logging)
        .map((u) =>
          u
            .request('logging/setLevel', { level })
            .catch((error: unknown) => this.logger.debug({ err: error }, 'setLevel failed')),
        ),
    );
  }
}

export function configDirOf(file: string): string {
  return path.dirname(path.resolve(file));
}
