/**
 * @module operation/gateway/pipeline/definition-views
 * Keeps, for every upstream, the view the host may have of it: its lists after the definition
 * gate (scan + pins) and what is withheld. Re-gated whenever the server's lists change
 * (`list_changed`, a reconnect), on a periodic re-list that catches a server changing its lists
 * without saying so, and when an approval is recorded (the CLI writes to the shared store; the
 * store's version counter is polled).
 */
import { UriTemplate } from '@modelcontextprotocol/server';

import type { Logger } from '../../../shared/logging/index.js';
import type { PinStore } from '../../pins/index.js';
import { pinKey, serverIdentity } from '../../pins/index.js';
import type { CatalogView } from '../catalog/catalog.js';
import { withheldKey } from '../catalog/catalog.js';
import type { UpstreamConnection } from '../upstream/index.js';
import type { BlockReason, DefinitionGate, GatedCatalog, ScanFinding } from './definition-gate.js';
import { DEFAULT_SCAN_ACTION } from './definition-gate.js';

const EMPTY: CatalogView = {
  catalog: { tools: [], prompts: [], resources: [], resourceTemplates: [] },
  withheld: new Map(),
};

export interface DefinitionViewsOptions {
  readonly gate: DefinitionGate;
  readonly pins: PinStore | undefined;
  readonly logger: Logger;
  /** Called after a view changed (the catalog is rebuilt and hosts are told). */
  readonly changed: () => void;
  /** Re-list every server this often to catch changes made without `list_changed` (0: never). */
  readonly recheckMs: number;
  /** How often to look for approvals recorded by another process. */
  readonly approvalPollMs?: number;
}

interface Entry {
  gated: GatedCatalog;
  view: CatalogView;
}

/** Gated views of every upstream. */
export class DefinitionViews {
  private readonly o: DefinitionViewsOptions;
  private readonly entries = new Map<string, Entry>();
  private readonly upstreams = new Map<string, UpstreamConnection>();
  private timers: NodeJS.Timeout[] = [];
  private pinVersion = -1;

  constructor(options: DefinitionViewsOptions) {
    this.o = options;
  }

  /** Starts the periodic re-list and the approval poll. */
  start(upstreams: readonly UpstreamConnection[]): void {
    for (const u of upstreams) this.upstreams.set(u.key, u);
    if (this.o.recheckMs > 0) {
      const timer = setInterval(() => {
        for (const u of this.upstreams.values()) u.relistAll();
      }, this.o.recheckMs);
      timer.unref();
      this.timers.push(timer);
    }
    if (this.o.pins) {
      this.pinVersion = this.o.pins.version();
      const timer = setInterval(() => this.pollApprovals(), this.o.approvalPollMs ?? 1_000);
      timer.unref();
      this.timers.push(timer);
    }
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  view(upstream: UpstreamConnection): CatalogView {
    return this.entries.get(upstream.key)?.view ?? EMPTY;
  }

  /** The server's instructions as pinned (undefined while withheld or absent). */
  instructions(upstream: UpstreamConnection): string | undefined {
    return this.entries.get(upstream.key)?.gated.instructions;
  }

  /** Scan findings of an item: those it passed with, or those that withheld it. */
  findings(
    upstream: UpstreamConnection,
    kind: 'tool' | 'prompt',
    name: string,
  ): readonly ScanFinding[] {
    const gated = this.entries.get(upstream.key)?.gated;
    if (!gated) return [];
    const key = pinKey(kind, name);
    const blocked = gated.blocked.get(key);
    if (blocked?.findings) return blocked.findings;
    return gated.warnings.get(key) ?? [];
  }

  /** Why an item is withheld right now, if it is. */
  blocked(
    upstream: UpstreamConnection,
    kind: 'tool' | 'prompt',
    name: string,
  ): BlockReason | undefined {
    return this.entries.get(upstream.key)?.gated.blocked.get(pinKey(kind, name));
  }

  /**
   * Why a read of `uri` is refused, if a withheld resource template of the server matches it (and
   * the server does not list `uri` as a resource of its own).
   * Threat: reaching a quarantined or poisoned template's resources by guessing its URIs.
   */
  withheldResource(upstream: UpstreamConnection, uri: string): BlockReason | undefined {
    const gated = this.entries.get(upstream.key)?.gated;
    if (!gated || gated.catalog.resources.some((r) => r.uri === uri)) return undefined;
    for (const [key, reason] of gated.blocked) {
      if (!key.startsWith('resourceTemplate\u0000')) continue;
      const template = compileTemplate(key.slice('resourceTemplate\u0000'.length));
      if (template?.match(uri)) return reason;
    }
    return undefined;
  }

  /** The canonical hash of the item's definition as the host sees it (pinned, when pinning). */
  definitionHash(
    upstream: UpstreamConnection,
    kind: 'tool' | 'prompt',
    name: string,
  ): string | undefined {
    return this.entries.get(upstream.key)?.gated.hashes.get(pinKey(kind, name));
  }

  /** Scan findings on the current lists, across servers, by severity (for `/metrics`). */
  findingCounts(): Record<'high' | 'medium' | 'low', number> {
    const counts = { high: 0, medium: 0, low: 0 };
    const add = (findings: readonly ScanFinding[]): void => {
      for (const finding of findings) counts[finding.severity] += 1;
    };
    for (const { gated } of this.entries.values()) {
      for (const findings of gated.warnings.values()) add(findings);
      for (const reason of gated.blocked.values())
        if (reason.kind === 'finding') add(reason.findings);
    }
    return counts;
  }

  /** Everything withheld right now, across servers (for reports). */
  withheld(): { server: string; key: string; reason: BlockReason }[] {
    const out: { server: string; key: string; reason: BlockReason }[] = [];
    for (const [server, entry] of this.entries) {
      for (const [key, reason] of entry.gated.blocked) out.push({ server, key, reason });
    }
    return out;
  }

  /** Re-gates one upstream from its current raw lists; returns true if the view changed. */
  refresh(upstream: UpstreamConnection): boolean {
    this.upstreams.set(upstream.key, upstream);
    const config = upstream.config;
    const gated = this.o.gate.gate(
      {
        serverKey: upstream.key,
        identity: serverIdentity(config),
        catalog: upstream.catalog,
        instructions: upstream.instructions,
        action: config.scan ?? DEFAULT_SCAN_ACTION,
      },
      { pins: config.pins !== false },
    );
    const withheld = new Map<string, string>();
    for (const [key, reason] of gated.blocked) {
      const at = key.indexOf('\u0000');
      const kind = key.slice(0, at);
      if (kind === 'tool' || kind === 'prompt')
        withheld.set(withheldKey(kind, key.slice(at + 1)), reason.message);
    }
    const before = this.entries.get(upstream.key);
    const view: CatalogView = { catalog: gated.catalog, withheld };
    this.entries.set(upstream.key, { gated, view });
    return (
      !before ||
      JSON.stringify(summary(before.view)) !== JSON.stringify(summary(view)) ||
      before.gated.instructions !== gated.instructions
    );
  }

  private pollApprovals(): void {
    const pins = this.o.pins;
    if (!pins) return;
    let version: number;
    try {
      version = pins.version();
    } catch (error) {
      this.o.logger.warn({ err: (error as Error).message }, 'reading the pin store failed');
      return;
    }
    if (version === this.pinVersion) return;
    this.pinVersion = version;
    let changed = false;
    for (const upstream of this.upstreams.values()) {
      if (upstream.state === 'ready' && this.refresh(upstream)) changed = true;
    }
    if (changed) {
      this.o.logger.info('an approval was recorded; definitions re-checked');
      this.o.changed();
    }
  }
}

const templates = new Map<string, UriTemplate | undefined>();

/** A parsed URI template (cached); undefined when the server's template does not parse. */
function compileTemplate(source: string): UriTemplate | undefined {
  if (!templates.has(source)) {
    if (templates.size > 10_000) templates.clear();
    let compiled: UriTemplate | undefined;
    try {
      compiled = new UriTemplate(source);
    } catch {
      compiled = undefined;
    }
    templates.set(source, compiled);
  }
  return templates.get(source);
}

function summary(view: CatalogView): unknown {
  return { catalog: view.catalog, withheld: [...view.withheld.entries()] };
}
