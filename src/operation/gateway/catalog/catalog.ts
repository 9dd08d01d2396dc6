/**
 * @module operation/gateway/catalog/catalog
 * The merged catalog the host sees: every upstream's tools, prompts, resources and templates
 * under collision-free public names and URIs, and the reverse map a call is routed with. Rebuilt
 * for the whole gateway whenever one server's lists change (names of other servers never move,
 * by construction of the naming rules); public lists are built once per change, not per request.
 */
import type {
  NameTable,
  NamingFinding,
  ServerPrefixResult,
  UriIssue,
  UriNamespaces,
} from '../naming/index.js';
import {
  buildNameTable,
  buildUriNamespaces,
  namingFindings,
  resolvePrefix,
  slashCommandFindings,
} from '../naming/index.js';
import type { UpstreamCatalog, UpstreamConnection } from '../upstream/index.js';
import { rewriteUiMeta } from './rewrite-uris.js';

/** What the catalog shows of one server: its gated lists and what is withheld, with why. */
export interface CatalogView {
  readonly catalog: UpstreamCatalog;
  /** Withheld tools and prompts: still named (names never move), never listed or called. */
  readonly withheld: ReadonlyMap<string, string>;
}

/** `kind:name` key of a withheld item in a {@link CatalogView}. */
export function withheldKey(kind: 'tool' | 'prompt', name: string): string {
  return `${kind}:${name}`;
}

type Json = Record<string, unknown>;

export interface RoutedName {
  readonly upstream: UpstreamConnection;
  readonly name: string;
  /** Set when the item is withheld (scan finding or quarantine): the call must be refused. */
  readonly withheld?: string;
}

export interface RoutedUri {
  readonly upstream: UpstreamConnection;
  readonly uri: string;
}

interface PublicLists {
  readonly tools: Json[];
  readonly prompts: Json[];
  readonly resources: Json[];
  readonly resourceTemplates: Json[];
}

/** The aggregate view over all upstreams. */
export class Catalog {
  private readonly upstreams: ReadonlyMap<string, UpstreamConnection>;
  private readonly prefixes: ReadonlyMap<string, string>;
  private readonly prefixResults: readonly ServerPrefixResult[];
  private readonly maxLength: number;
  readonly uris: UriNamespaces;
  private table: NameTable;
  private lists: PublicLists | undefined;
  private toolsByName: Map<string, Json> | undefined;

  private readonly view: (upstream: UpstreamConnection) => CatalogView;

  constructor(
    upstreams: readonly UpstreamConnection[],
    options: { maxLength: number; view?: (upstream: UpstreamConnection) => CatalogView },
  ) {
    this.upstreams = new Map(upstreams.map((u) => [u.key, u]));
    this.view = options.view ?? ((u) => ({ catalog: u.catalog, withheld: new Map() }));
    this.prefixResults = upstreams.map((u) => ({
      serverKey: u.key,
      ...resolvePrefix(u.key, u.config.prefix),
    }));
    this.prefixes = new Map(this.prefixResults.map((p) => [p.serverKey, p.prefix]));
    this.maxLength = options.maxLength;
    this.uris = buildUriNamespaces(
      upstreams.map((u) => ({ key: u.key, prefix: this.prefixes.get(u.key) ?? u.key })),
    );
    this.table = this.buildTable();
  }

  /** Recomputes names after any upstream's lists changed. Returns the kinds whose public lists differ. */
  rebuild(): { tools: boolean; prompts: boolean; resources: boolean } {
    const before = this.publicLists();
    this.table = this.buildTable();
    this.lists = undefined;
    this.toolsByName = undefined;
    const after = this.publicLists();
    return {
      tools: JSON.stringify(before.tools) !== JSON.stringify(after.tools),
      prompts: JSON.stringify(before.prompts) !== JSON.stringify(after.prompts),
      resources:
        JSON.stringify(before.resources) !== JSON.stringify(after.resources) ||
        JSON.stringify(before.resourceTemplates) !== JSON.stringify(after.resourceTemplates),
    };
  }

  get names(): NameTable {
    return this.table;
  }

  /** Changed prefixes, name clashes and URI issues, for `gatehouse check` and the start-up log. */
  findings(): NamingFinding[] {
    const uriIssues: UriIssue[] = [...this.uris.issues];
    const passthrough = this.uris.passthroughKey;
    const upstream = passthrough === undefined ? undefined : this.upstreams.get(passthrough);
    if (upstream) {
      const offered = [
        ...this.view(upstream).catalog.resources.map((r) => r.uri),
        ...this.view(upstream).catalog.resourceTemplates.map((t) => t.uriTemplate),
      ];
      for (const uri of offered) {
        const check = this.uris.checkPassthroughUri(uri);
        if (!check.ok) uriIssues.push(check.issue);
      }
    }
    const slash = slashCommandFindings(
      this.table
        .entries('prompt')
        .map((e) => ({ serverKey: e.serverKey, name: e.name, publicName: e.publicName })),
    ).map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      details: {
        prompts: f.prompts,
        seen: f.seen,
        ...(f.host ? { host: f.host, builtin: f.builtin } : {}),
      },
    }));
    return [
      ...namingFindings({ prefixes: this.prefixResults, clashes: this.table.clashes, uriIssues }),
      ...slash,
    ];
  }

  prefixOf(serverKey: string): string | undefined {
    return this.prefixes.get(serverKey);
  }

  publicLists(): PublicLists {
    this.lists ??= this.buildLists();
    return this.lists;
  }

  /** A tool as the host sees it (public name, rewritten URIs), by its public name. */
  publicTool(publicName: string): Json | undefined {
    this.toolsByName ??= new Map(this.publicLists().tools.map((t) => [String(t.name), t]));
    return this.toolsByName.get(publicName);
  }

  resolveTool(publicName: string): RoutedName | undefined {
    return this.resolveName('tool', publicName);
  }

  resolvePrompt(publicName: string): RoutedName | undefined {
    return this.resolveName('prompt', publicName);
  }

  /** Maps a public URI back to (server, original URI). */
  resolveUri(publicUri: string): RoutedUri | undefined {
    const decoded = this.uris.decode(publicUri);
    if (!decoded) return undefined;
    const upstream = this.upstreams.get(decoded.serverKey);
    return upstream ? { upstream, uri: decoded.uri } : undefined;
  }

  /** An encoder bound to one server, for rewriting that server's results. */
  encoderFor(serverKey: string): (uri: string) => string {
    return (uri) => this.uris.encode(serverKey, uri);
  }

  private resolveName(kind: 'tool' | 'prompt', publicName: string): RoutedName | undefined {
    const entry = this.table.resolve(kind, publicName);
    if (!entry) return undefined;
    const upstream = this.upstreams.get(entry.serverKey);
    if (!upstream) return undefined;
    const withheld = this.view(upstream).withheld.get(withheldKey(kind, entry.name));
    return withheld === undefined
      ? { upstream, name: entry.name }
      : { upstream, name: entry.name, withheld };
  }

  private buildTable(): NameTable {
    return buildNameTable(
      [...this.upstreams.values()].map((u) => {
        const view = this.view(u);
        const withheld = [...view.withheld.keys()].map((key) => {
          const at = key.indexOf(':');
          return { kind: key.slice(0, at) as 'tool' | 'prompt', name: key.slice(at + 1) };
        });
        return {
          key: u.key,
          prefix: this.prefixes.get(u.key) ?? u.key,
          items: [
            ...view.catalog.tools.map((t) => ({ kind: 'tool' as const, name: t.name })),
            ...view.catalog.prompts.map((p) => ({ kind: 'prompt' as const, name: p.name })),
            ...withheld,
          ],
        };
      }),
      { maxLength: this.maxLength },
    );
  }

  private buildLists(): PublicLists {
    const lists: PublicLists = { tools: [], prompts: [], resources: [], resourceTemplates: [] };
    for (const upstream of this.upstreams.values()) {
      const key = upstream.key;
      const encode = this.encoderFor(key);
      const { catalog } = this.view(upstream);
      for (const tool of catalog.tools) {
        const name = this.table.publicNameOf(key, 'tool', tool.name);
        if (name === undefined) continue;
        const renamed: Json = { ...tool, name };
        if (tool._meta !== undefined) renamed._meta = rewriteUiMeta(tool._meta, encode);
        lists.tools.push(renamed);
      }
      for (const prompt of catalog.prompts) {
        const name = this.table.publicNameOf(key, 'prompt', prompt.name);
        if (name !== undefined) lists.prompts.push({ ...prompt, name });
      }
      for (const resource of catalog.resources) {
        lists.resources.push({ ...resource, uri: encode(resource.uri) });
      }
      for (const template of catalog.resourceTemplates) {
        lists.resourceTemplates.push({ ...template, uriTemplate: encode(template.uriTemplate) });
      }
    }
    return lists;
  }
}
