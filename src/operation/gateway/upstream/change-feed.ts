/**
 * @module operation/gateway/upstream/change-feed
 * How an upstream tells the gateway about changes, in either protocol era. A 2025-era server sends
 * `list_changed` unsolicited and resource updates after `resources/subscribe`; a 2026-07-28
 * server sends nothing unless a `subscriptions/listen` stream asks for it. This keeps one such
 * stream open per modern upstream, with a filter covering every list the server can announce and
 * every resource some host follows, and re-opens it when the filter changes or the stream drops.
 * Either way the notifications reach the same client handlers.
 */
import type { Client, ServerCapabilities } from '@modelcontextprotocol/client';

import type { Logger } from '../../../shared/logging/index.js';

type Subscription = Awaited<ReturnType<Client['listen']>>;

const RELISTEN_DELAY_MS = 500;

/** Resource subscriptions and the listen stream of one upstream connection. */
export class ChangeFeed {
  private readonly uris = new Set<string>();
  private readonly logger: Logger;
  private client: Client | undefined;
  private modern = false;
  private capabilities: ServerCapabilities | undefined;
  private stream: Subscription | undefined;
  private reopening: Promise<void> | undefined;
  private generation = 0;

  constructor(logger: Logger) {
    this.logger = logger;
  }

  /** The URIs some host follows at this server. */
  get subscribed(): readonly string[] {
    return [...this.uris];
  }

  /** After every (re)connect: re-establishes what was followed before. */
  async attach(client: Client, capabilities: ServerCapabilities | undefined): Promise<void> {
    this.client = client;
    this.capabilities = capabilities;
    this.modern = client.getProtocolEra() === 'modern';
    this.generation += 1;
    if (this.modern) {
      await this.reopen();
      return;
    }
    for (const uri of this.uris) await this.legacy('resources/subscribe', uri);
  }

  /** The connection is gone; nothing to tear down on the wire. */
  detach(): void {
    this.client = undefined;
    this.stream = undefined;
    this.generation += 1;
  }

  async add(uri: string): Promise<void> {
    if (this.uris.has(uri)) return;
    this.uris.add(uri);
    if (!this.client) return;
    if (this.modern) await this.reopen();
    else await this.legacy('resources/subscribe', uri, true);
  }

  async remove(uri: string): Promise<void> {
    if (!this.uris.delete(uri) || !this.client) return;
    if (this.modern) await this.reopen();
    else await this.legacy('resources/unsubscribe', uri);
  }

  private async legacy(
    method: 'resources/subscribe' | 'resources/unsubscribe',
    uri: string,
    rethrow = false,
  ): Promise<void> {
    try {
      await this.client?.request({ method, params: { uri } });
    } catch (error) {
      this.logger.debug({ err: error, method, uri }, 'subscription request failed');
      if (rethrow) {
        this.uris.delete(uri);
        throw error;
      }
    }
  }

  /** Opens (or re-opens) the listen stream with the current filter. Calls coalesce. */
  private async reopen(): Promise<void> {
    const previous = this.reopening ?? Promise.resolve();
    const run = previous.then(() => this.openStream());
    this.reopening = run;
    await run;
  }

  private async openStream(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const generation = this.generation;
    const old = this.stream;
    this.stream = undefined;
    if (old) await old.close().catch(() => undefined);
    const caps = this.capabilities;
    const filter = {
      ...(caps?.tools?.listChanged ? { toolsListChanged: true } : {}),
      ...(caps?.prompts?.listChanged ? { promptsListChanged: true } : {}),
      ...(caps?.resources?.listChanged ? { resourcesListChanged: true } : {}),
      ...(caps?.resources?.subscribe && this.uris.size > 0
        ? { resourceSubscriptions: [...this.uris] }
        : {}),
    };
    if (Object.keys(filter).length === 0) return;
    try {
      const stream = await client.listen(filter);
      if (generation !== this.generation || this.client !== client) {
        await stream.close().catch(() => undefined);
        return;
      }
      this.stream = stream;
      void stream.closed.then((reason) => {
        // Only a dropped stream is re-opened; 'local' is our own close, 'graceful' the server's.
        if (reason !== 'remote' || this.stream !== stream || this.client !== client) return;
        this.stream = undefined;
        setTimeout(() => {
          if (this.client === client && generation === this.generation) void this.reopen();
        }, RELISTEN_DELAY_MS).unref();
      });
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'subscriptions/listen failed');
    }
  }
}
