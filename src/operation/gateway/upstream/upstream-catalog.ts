/**
 * @module operation/gateway/upstream/upstream-catalog
 * One upstream's catalog (tools, prompts, resources, resource templates) and how it is kept
 * current: fetched whole at every (re)connect, re-fetched per kind on `list_changed`, with
 * concurrent notifications for one kind coalesced into a single re-run.
 */
import type { Client, ServerCapabilities } from '@modelcontextprotocol/client';

import type { Logger } from '../../../shared/logging/index.js';
import type { PromptItem, ResourceItem, TemplateItem, ToolItem } from './catalog-items.js';
import { validateItems } from './catalog-items.js';
import type { ListMethod } from './list-all.js';
import { listAll } from './list-all.js';
import { scanParamHeaders } from './param-headers.js';

export type CatalogKind = 'tools' | 'prompts' | 'resources' | 'resourceTemplates';

export interface UpstreamCatalog {
  readonly tools: readonly ToolItem[];
  readonly prompts: readonly PromptItem[];
  readonly resources: readonly ResourceItem[];
  readonly resourceTemplates: readonly TemplateItem[];
}

export const CATALOG_KINDS: readonly CatalogKind[] = [
  'tools',
  'prompts',
  'resources',
  'resourceTemplates',
];

const EMPTY_CATALOG: UpstreamCatalog = {
  tools: [],
  prompts: [],
  resources: [],
  resourceTemplates: [],
};

const KIND_METHOD: Record<CatalogKind, ListMethod> = {
  tools: 'tools/list',
  prompts: 'prompts/list',
  resources: 'resources/list',
  resourceTemplates: 'resources/templates/list',
};

const KIND_CAPABILITY: Record<CatalogKind, keyof ServerCapabilities> = {
  tools: 'tools',
  prompts: 'prompts',
  resources: 'resources',
  resourceTemplates: 'resources',
};

/** The last known catalog of one upstream. */
export class CatalogSync {
  private value: UpstreamCatalog = EMPTY_CATALOG;
  private readonly refreshing = new Set<CatalogKind>();
  private readonly again = new Set<CatalogKind>();
  private readonly logger: Logger;
  private readonly timeoutMs: () => number;

  constructor(logger: Logger, timeoutMs: () => number) {
    this.logger = logger;
    this.timeoutMs = timeoutMs;
  }

  get current(): UpstreamCatalog {
    return this.value;
  }

  /** Fetches every kind the server offers (every page, invalid items dropped and logged). */
  async fetchAll(client: Client): Promise<UpstreamCatalog> {
    const [tools, prompts, resources, resourceTemplates] = await Promise.all(
      CATALOG_KINDS.map((kind) => this.fetchKind(client, kind)),
    );
    return {
      tools: tools as ToolItem[],
      prompts: prompts as PromptItem[],
      resources: resources as ResourceItem[],
      resourceTemplates: resourceTemplates as TemplateItem[],
    };
  }

  /** Installs a freshly fetched catalog; returns the kinds that differ from the last one. */
  replace(next: UpstreamCatalog): CatalogKind[] {
    const before = this.value;
    this.value = next;
    return CATALOG_KINDS.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]));
  }

  /**
   * Re-lists one kind after `list_changed` and reports a difference through `changed`.
   * `stillCurrent` says whether `client` is still the live connection when the answer arrives.
   */
  refresh(
    client: Client,
    kind: CatalogKind,
    stillCurrent: () => boolean,
    changed: (kind: CatalogKind) => void,
  ): void {
    if (this.refreshing.has(kind)) {
      this.again.add(kind);
      return;
    }
    this.refreshing.add(kind);
    void (async () => {
      try {
        const items = await this.fetchKind(client, kind);
        if (!stillCurrent()) return;
        const before = this.value[kind];
        this.value = { ...this.value, [kind]: items };
        if (JSON.stringify(before) !== JSON.stringify(items)) changed(kind);
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, kind }, 'refreshing the list failed');
      } finally {
        this.refreshing.delete(kind);
        if (this.again.delete(kind) && stillCurrent())
          this.refresh(client, kind, stillCurrent, changed);
      }
    })();
  }

  private async fetchKind(client: Client, kind: CatalogKind): Promise<unknown[]> {
    if (!client.getServerCapabilities()?.[KIND_CAPABILITY[kind]]) return [];
    const method = KIND_METHOD[kind];
    const raw = await listAll(client, method, { timeoutMs: this.timeoutMs() });
    const { items, dropped } = validateItems(method, raw);
    for (const item of dropped) {
      this.logger.warn(
        { method, index: item.index, problem: item.problem },
        'dropped an invalid item the server listed',
      );
    }
    if (kind !== 'tools' || client.getProtocolEra() !== 'modern') return items;
    // SEP-2243: a client MUST exclude tools whose x-mcp-header declarations break the rules.
    return items.filter((item) => {
      const scan = scanParamHeaders((item as ToolItem).inputSchema);
      if (scan.valid) return true;
      this.logger.warn(
        { tool: (item as ToolItem).name, problem: scan.reason },
        'dropped a tool with invalid x-mcp-header',
      );
      return false;
    });
  }
}
