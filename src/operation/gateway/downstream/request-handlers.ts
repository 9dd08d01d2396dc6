/**
 * @module operation/gateway/downstream/request-handlers
 * The per-method handlers of a downstream session: list from the merged catalog, route calls by
 * public name or URI to their server, rewrite URIs in results on the way back. Unknown names and
 * URIs are refused with the spec's errors; nothing reaches an upstream unrouted.
 */
import type { ServerContext } from '@modelcontextprotocol/server';
import {
  isCallToolResult,
  ProtocolError,
  ProtocolErrorCode,
  specTypeSchemas,
} from '@modelcontextprotocol/server';

import { ErrorCode } from '../../../shared/errors/index.js';
import type { Catalog } from '../catalog/catalog.js';
import {
  rewritePromptResult,
  rewriteReadResult,
  rewriteToolResult,
} from '../catalog/rewrite-uris.js';
import type { AuditNote } from '../pipeline/request-audit.js';
import { isLogLevel } from '../relay/index.js';
import type { UpstreamConnection } from '../upstream/index.js';
import type { GatewaySession } from './gateway-session.js';

type Json = Record<string, unknown>;

/** What the handlers need from the gateway. */
export interface GatewayServices {
  readonly catalog: Catalog;
  /** Relays one request to `upstream` on behalf of `session`, with progress and cancellation. */
  relay(
    session: GatewaySession,
    ctx: ServerContext,
    upstream: UpstreamConnection,
    method: string,
    params: Json,
  ): Promise<Json>;
  subscribe(session: GatewaySession, publicUri: string): Promise<void>;
  unsubscribe(session: GatewaySession, publicUri: string): Promise<void>;
  setLogLevel(session: GatewaySession, level: string): Promise<void>;
  rootsChanged(session: GatewaySession): void;
  /** Runs a handler and records the request in the audit log before the reply is released. */
  audited<T>(
    session: GatewaySession,
    ctx: ServerContext,
    method: string,
    run: () => T | Promise<T>,
  ): Promise<T>;
  /** What the audit record of the request `ctx` will say about it. */
  auditNote(ctx: ServerContext): AuditNote;
  /** Why a read of a server's `uri` is refused (a withheld template matches it), if it is. */
  withheldResource(
    upstream: UpstreamConnection,
    uri: string,
  ): { decision: 'quarantined' | 'withheld'; message: string } | undefined;
  /** Whether a withheld item is quarantined (a changed pin) or withheld by the scan. */
  withheldAs(
    upstream: UpstreamConnection,
    kind: 'tool' | 'prompt',
    name: string,
  ): 'quarantined' | 'withheld';
}

function rejectCursor(params: Json | undefined): void {
  // The gateway answers every list in one page, so it never hands out a cursor.
  if (params?.cursor !== undefined) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      'Invalid cursor: this server does not paginate',
    );
  }
}

function requireString(params: Json, field: string, method: string): string {
  const value = params[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `${method}: "${field}" must be a non-empty string`,
    );
  }
  return value;
}

/**
 * Bad-input fix: an upstream's malformed `tools/call` result gets an error that names the server.
 * Left to the SDK, it became an Invalid Params (-32602) schema dump that blamed the host's request.
 * A result without `content` is left alone: the SDK fills in an empty one.
 */
function checkToolResult(result: Json, serverKey: string): void {
  if (result.content === undefined || isPlainTextResult(result) || isCallToolResult(result)) return;
  const checked = specTypeSchemas.CallToolResult['~standard'].validate(result);
  const issue = checked instanceof Promise ? undefined : checked.issues?.[0];
  const path = (issue?.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
  const problem = `${path ? `${path}: ` : ''}${issue?.message ?? 'not a CallToolResult'}`;
  throw new ProtocolError(
    ProtocolErrorCode.InternalError,
    `Server "${serverKey}" returned an invalid tools/call result: ${problem}`,
    { code: ErrorCode.UpstreamProtocol, server: serverKey },
  );
}

/**
 * The common result, text content only, told apart without a schema parse (the SDK validates
 * every result against the schema once more before it leaves). Only shapes the schema certainly
 * accepts pass here: anything else goes through the full check.
 */
export function isPlainTextResult(result: Json): boolean {
  for (const key in result) if (key !== 'content' && key !== 'isError') return false;
  if (result.isError !== undefined && typeof result.isError !== 'boolean') return false;
  const content = result.content;
  if (!Array.isArray(content)) return false;
  for (const item of content as unknown[]) {
    if (typeof item !== 'object' || item === null) return false;
    const block = item as Json;
    let keys = 0;
    for (const _ in block) keys++;
    if (keys !== 2 || block.type !== 'text' || typeof block.text !== 'string') return false;
  }
  return true;
}

/**
 * Bad-input fix: an upstream's "resource not found" (-32002, or -32602 since SEP-2164) reaches the
 * host about the URI the host asked for, with `data.uri` so SDK clients recognise it. Passed through
 * as it was, it named the server's own URI and, without `data.uri`, read as a generic bad-params.
 */
function publicNotFound(error: unknown, publicUri: string): unknown {
  if (!(error instanceof ProtocolError)) return error;
  const notFound: readonly number[] = [
    ProtocolErrorCode.ResourceNotFound,
    ProtocolErrorCode.InvalidParams,
  ];
  if (!notFound.includes(error.code)) return error;
  const data = typeof error.data === 'object' && error.data !== null ? (error.data as Json) : {};
  return new ProtocolError(ProtocolErrorCode.ResourceNotFound, `Resource not found: ${publicUri}`, {
    ...data,
    uri: publicUri,
    upstreamMessage: error.message,
  });
}

/** Routes a call by public name to its server, with the item's own name. */
async function relayByName(
  gateway: GatewayServices,
  session: GatewaySession,
  kind: 'tool' | 'prompt',
  method: 'tools/call' | 'prompts/get',
  params: Json,
  ctx: ServerContext,
): Promise<{ result: Json; upstream: UpstreamConnection }> {
  const name = requireString(params, 'name', method);
  const routed =
    kind === 'tool' ? gateway.catalog.resolveTool(name) : gateway.catalog.resolvePrompt(name);
  if (!routed) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `${kind === 'tool' ? 'Tool' : 'Prompt'} ${name} not found`,
    );
  }
  if (routed.withheld !== undefined) {
    // Threats: poisoned definitions and rug pulls. A withheld item is never called.
    Object.assign(gateway.auditNote(ctx), {
      upstream: routed.upstream,
      itemKind: kind,
      item: routed.name,
      arguments: params.arguments,
      decision: gateway.withheldAs(routed.upstream, kind, routed.name),
    } satisfies AuditNote);
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `${kind === 'tool' ? 'Tool' : 'Prompt'} ${name} is withheld: ${routed.withheld}`,
    );
  }
  const result = await gateway.relay(session, ctx, routed.upstream, method, {
    ...params,
    name: routed.name,
  });
  return { result, upstream: routed.upstream };
}

/**
 * The body of a `tools/call` (inside its audit record): route by public name, relay, check the
 * server's result, rewrite its URIs. Shared by the SDK handler and the lean lane
 * (`lean-tool-calls.ts`), so both answer alike.
 */
export async function callTool(
  gateway: GatewayServices,
  session: GatewaySession,
  params: Json,
  ctx: ServerContext,
): Promise<Json> {
  const { result, upstream } = await relayByName(
    gateway,
    session,
    'tool',
    'tools/call',
    params,
    ctx,
  );
  checkToolResult(result, upstream.key);
  return rewriteToolResult(result, gateway.catalog.encoderFor(upstream.key));
}

/** Registers every handler on the session's SDK server. */
export function registerRequestHandlers(session: GatewaySession, gateway: GatewayServices): void {
  const catalog = gateway.catalog;
  // Every request is audited around its handler (lists included), before the reply is released.
  const server = {
    setRequestHandler: (
      method: string,
      handler: (request: { params: Json }, ctx: ServerContext) => unknown,
    ): void => {
      session.server.setRequestHandler(
        method as never,
        ((request: { params: Json }, ctx: ServerContext) =>
          gateway.audited(session, ctx, method, () => handler(request, ctx))) as never,
      );
    },
    setNotificationHandler: session.server.setNotificationHandler.bind(session.server),
  };
  const touch = (): void => {
    session.lastActivity = Date.now();
  };

  server.setRequestHandler('tools/list', (request) => {
    touch();
    rejectCursor(request.params);
    return { tools: catalog.publicLists().tools };
  });

  server.setRequestHandler('tools/call', (request, ctx) => {
    touch();
    return callTool(gateway, session, request.params, ctx);
  });

  server.setRequestHandler('prompts/list', (request) => {
    touch();
    rejectCursor(request.params);
    return { prompts: catalog.publicLists().prompts };
  });

  server.setRequestHandler('prompts/get', async (request, ctx) => {
    touch();
    const { result, upstream } = await relayByName(
      gateway,
      session,
      'prompt',
      'prompts/get',
      request.params,
      ctx,
    );
    return rewritePromptResult(result, catalog.encoderFor(upstream.key));
  });

  server.setRequestHandler('resources/list', (request) => {
    touch();
    rejectCursor(request.params);
    return { resources: catalog.publicLists().resources };
  });

  server.setRequestHandler('resources/templates/list', (request) => {
    touch();
    rejectCursor(request.params);
    return { resourceTemplates: catalog.publicLists().resourceTemplates };
  });

  server.setRequestHandler('resources/read', async (request, ctx) => {
    touch();
    const params = request.params;
    const uri = requireString(params, 'uri', 'resources/read');
    const routed = catalog.resolveUri(uri);
    if (!routed) {
      throw new ProtocolError(ProtocolErrorCode.ResourceNotFound, `Resource not found: ${uri}`, {
        uri,
      });
    }
    const withheld = gateway.withheldResource(routed.upstream, routed.uri);
    if (withheld) {
      Object.assign(gateway.auditNote(ctx), {
        upstream: routed.upstream,
        itemKind: 'resource',
        item: routed.uri,
        decision: withheld.decision,
      } satisfies AuditNote);
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Resource ${uri} is withheld: ${withheld.message}`,
        { uri },
      );
    }
    const result = await gateway
      .relay(session, ctx, routed.upstream, 'resources/read', { ...params, uri: routed.uri })
      .catch((error: unknown) => {
        throw publicNotFound(error, uri);
      });
    return rewriteReadResult(result, catalog.encoderFor(routed.upstream.key));
  });

  server.setRequestHandler('resources/subscribe', async (request) => {
    touch();
    await gateway.subscribe(session, requireString(request.params, 'uri', 'resources/subscribe'));
    return {};
  });

  server.setRequestHandler('resources/unsubscribe', async (request) => {
    touch();
    await gateway.unsubscribe(
      session,
      requireString(request.params, 'uri', 'resources/unsubscribe'),
    );
    return {};
  });

  server.setRequestHandler('logging/setLevel', async (request) => {
    touch();
    const level = request.params.level;
    if (!isLogLevel(level)) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `logging/setLevel: unknown level ${JSON.stringify(level)}`,
      );
    }
    await gateway.setLogLevel(session, level);
    return {};
  });

  server.setRequestHandler('completion/complete', async (request, ctx) => {
    touch();
    const params = request.params;
    const ref = params.ref as Json | undefined;
    let upstream: UpstreamConnection | undefined;
    let forwardedRef: Json | undefined;
    if (ref?.type === 'ref/prompt' && typeof ref.name === 'string') {
      const routed = catalog.resolvePrompt(ref.name);
      if (routed) {
        upstream = routed.upstream;
        forwardedRef = { ...ref, name: routed.name };
      }
    } else if (ref?.type === 'ref/resource' && typeof ref.uri === 'string') {
      const routed = catalog.resolveUri(ref.uri);
      if (routed) {
        upstream = routed.upstream;
        forwardedRef = { ...ref, uri: routed.uri };
      }
    }
    if (!upstream || !forwardedRef) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `completion/complete: unknown reference ${JSON.stringify(ref ?? null)}`,
      );
    }
    if (!upstream.capabilities?.completions) {
      return { completion: { values: [], hasMore: false } };
    }
    return await gateway.relay(session, ctx, upstream, 'completion/complete', {
      ...params,
      ref: forwardedRef,
    });
  });

  server.setNotificationHandler('notifications/roots/list_changed', () => {
    touch();
    gateway.rootsChanged(session);
  });
}
