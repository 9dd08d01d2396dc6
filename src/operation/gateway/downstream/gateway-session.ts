/**
 * @module operation/gateway/downstream/gateway-session
 * One connected downstream client (a host): an SDK v2 `Server` instance whose handlers route
 * every request through the gateway. A stdio front has exactly one; the HTTP front has one per
 * MCP session.
 */
import type {
  Implementation,
  Server,
  ServerCapabilities,
  ServerContext,
} from '@modelcontextprotocol/server';
import { McpServer } from '@modelcontextprotocol/server';

import type { CallerSession } from '../relay/index.js';

export type FrontKind = 'stdio' | 'streamable-http' | 'sse';

/** The capabilities Gatehouse offers every host, whatever its upstreams offer right now. */
export const GATEWAY_CAPABILITIES: ServerCapabilities = {
  tools: { listChanged: true },
  prompts: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  logging: {},
  completions: {},
};

export interface SessionInit {
  readonly id: string;
  readonly front: FrontKind;
  /** `legacy`: an `initialize`d session (2025-11-25 and older); `modern`: 2026-07-28. */
  readonly era: 'legacy' | 'modern';
  /** Verifies `requestState` before any handler runs (2026-07-28 multi-round-trip retries). */
  readonly verifyRequestState?: (state: string, ctx: ServerContext) => Promise<unknown>;
  /** Who is calling: an API key id on HTTP, the local user on stdio. */
  readonly principal: string;
  readonly serverInfo: { name: string; version: string };
  readonly instructions?: string;
  /** The `inputSchema` of a public tool, for the SDK's SEP-2243 `Mcp-Param-*` header checks. */
  readonly toolSchema?: (publicName: string) => Record<string, unknown> | undefined;
}

/**
 * The SDK's 2026-07-28 HTTP entry checks `Mcp-Param-*` headers against a tool's `x-mcp-header`
 * declarations only for `McpServer` products, reading the schema through `toolInputSchemaJson`.
 * The gateway registers no tools with the SDK (it routes every call itself), so it answers that
 * lookup from its merged catalog; the `McpServer` installs no handlers of its own (it is built
 * without capabilities, which are registered on the underlying `Server` instead).
 */
class CatalogMcpServer extends McpServer {
  private readonly lookup: (publicName: string) => Record<string, unknown> | undefined;

  constructor(
    info: Implementation,
    options: ConstructorParameters<typeof McpServer>[1],
    lookup: (publicName: string) => Record<string, unknown> | undefined,
  ) {
    super(info, options);
    this.lookup = lookup;
  }

  override toolInputSchemaJson(name: string): Record<string, unknown> | undefined {
    return this.lookup(name);
  }
}

/** A downstream client connected to the gateway. */
export class GatewaySession implements CallerSession {
  readonly id: string;
  readonly front: FrontKind;
  readonly era: 'legacy' | 'modern';
  readonly principal: string;
  /** What the SDK serving entries take (`createMcpHandler`, `serveStdio`). */
  readonly product: McpServer;
  readonly server: Server;
  readonly openedAt = Date.now();
  lastActivity = Date.now();
  private closedValue = false;

  constructor(init: SessionInit) {
    this.id = init.id;
    this.front = init.front;
    this.era = init.era;
    this.principal = init.principal;
    this.product = new CatalogMcpServer(
      init.serverInfo,
      {
        ...(init.instructions ? { instructions: init.instructions } : {}),
        ...(init.verifyRequestState ? { requestState: { verify: init.verifyRequestState } } : {}),
      },
      init.toolSchema ?? (() => undefined),
    );
    this.server = this.product.server;
    this.server.registerCapabilities(GATEWAY_CAPABILITIES);
  }

  get closed(): boolean {
    return this.closedValue;
  }

  markClosed(): void {
    this.closedValue = true;
  }

  /** True if the client declared `capability` in `initialize`. */
  supports(capability: 'sampling' | 'elicitation' | 'roots'): boolean {
    return this.server.getClientCapabilities()?.[capability] !== undefined;
  }

  /** True if the client accepts elicitation in `mode` (form is implied by a bare `{}`). */
  supportsElicitationMode(mode: 'form' | 'url'): boolean {
    const elicitation = this.server.getClientCapabilities()?.elicitation as
      Record<string, unknown> | undefined;
    if (elicitation === undefined) return false;
    if (mode === 'url') return elicitation.url !== undefined;
    return elicitation.form !== undefined || elicitation.url === undefined;
  }
}
