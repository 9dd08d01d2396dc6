/**
 * @module operation/gateway/pipeline/definition-gate
 * The definitions flow, between an upstream's raw lists and the merged catalog: every tool,
 * prompt, resource template and the server's `instructions` is scanned (cached by definition
 * hash) and compared with its pin. What the host may see comes out as `accepted` (the pinned
 * content, exactly); everything else is `blocked` with the reason, so a call to it can be refused
 * with a message that names the finding or the change. Static resources are data, not
 * instructions to a model: they pass through unscanned and unpinned.
 */
import { jcsHash } from '../../../shared/canonical/index.js';
import type { Logger } from '../../../shared/logging/index.js';
import type {
  Definition,
  PinKind,
  PinStore,
  QuarantineEntry,
  ServerIdentity,
} from '../../pins/index.js';
import { checkPins, describeQuarantine, pinKey } from '../../pins/index.js';
import type { UpstreamCatalog } from '../upstream/index.js';

/** What the gate needs from the scanner. */
export interface DefinitionScanner {
  scan(item: { kind: PinKind; name: string; definition: unknown }): ScanVerdict;
}

export interface ScanFinding {
  readonly ruleId: string;
  readonly severity: 'high' | 'medium' | 'low';
  readonly pointer: string;
  readonly message: string;
  readonly evidence?: string;
}

export interface ScanVerdict {
  readonly verdict: 'clean' | 'low' | 'medium' | 'high';
  readonly findings: readonly ScanFinding[];
}

/** How scan verdicts are acted on for one server (`servers.<key>.scan`). */
export interface ScanAction {
  readonly high: 'withhold' | 'warn';
  readonly medium: 'withhold' | 'warn';
}

export const DEFAULT_SCAN_ACTION: ScanAction = { high: 'withhold', medium: 'warn' };

export type BlockReason =
  | {
      readonly kind: 'finding';
      readonly findings: readonly ScanFinding[];
      readonly message: string;
    }
  | {
      readonly kind: 'quarantine';
      readonly entry: QuarantineEntry;
      readonly message: string;
      /** Set when the changed definition is also withheld by the scan. */
      readonly findings?: readonly ScanFinding[];
    };

export interface GatedCatalog {
  readonly catalog: UpstreamCatalog;
  readonly instructions: string | undefined;
  /** Withheld items by `pinKey(kind, name)`. */
  readonly blocked: ReadonlyMap<string, BlockReason>;
  /** Findings that let the item through with a warning (medium by default), by `pinKey`. */
  readonly warnings: ReadonlyMap<string, readonly ScanFinding[]>;
  /** The canonical hash of every accepted definition, by `pinKey` (for audit records). */
  readonly hashes: ReadonlyMap<string, string>;
}

export interface GateInput {
  readonly serverKey: string;
  readonly identity: ServerIdentity;
  readonly catalog: UpstreamCatalog;
  readonly instructions: string | undefined;
  readonly action: ScanAction;
}

/** Scans and pins one server's definitions. */
export class DefinitionGate {
  private readonly scanner: DefinitionScanner | undefined;
  private readonly pins: PinStore | undefined;
  private readonly logger: Logger;

  private readonly readOnly: boolean;

  /** `readOnly`: compare with the pins but record nothing (for `gatehouse check`). */
  constructor(options: {
    scanner?: DefinitionScanner;
    pins?: PinStore;
    logger: Logger;
    readOnly?: boolean;
  }) {
    this.scanner = options.scanner;
    this.pins = options.pins;
    this.logger = options.logger;
    this.readOnly = options.readOnly ?? false;
  }

  gate(input: GateInput, options: { pins: boolean } = { pins: true }): GatedCatalog {
    const blocked = new Map<string, BlockReason>();
    const warnings = new Map<string, readonly ScanFinding[]>();
    const offered = definitionsOf(input.catalog, input.instructions);
    /** Withheld by the scan, whatever the pins say, by `pinKey`. */
    const flagged = new Map<
      string,
      { hash: string; findings: readonly ScanFinding[]; message: string }
    >();
    for (const definition of offered) {
      const key = pinKey(definition.kind, definition.name);
      const verdict = this.scanner?.scan(definition);
      const act = verdict ? actionFor(verdict.verdict, input.action) : 'pass';
      if (act === 'withhold' && verdict) {
        const top =
          verdict.findings.find((f) => f.severity === verdict.verdict) ?? verdict.findings[0];
        const finding = top ? `${top.ruleId} (${top.severity}) ${top.message}` : verdict.verdict;
        flagged.set(key, { hash: definition.hash, findings: verdict.findings, message: finding });
        blocked.set(key, {
          kind: 'finding',
          findings: verdict.findings,
          message: `withheld by the definition scan: ${finding}`,
        });
      } else if (act === 'warn' && verdict) {
        warnings.set(key, verdict.findings);
        this.logger.warn(
          {
            server: input.serverKey,
            item: definition.name,
            kind: definition.kind,
            findings: verdict.findings.map((f) => f.ruleId),
          },
          'definition scan findings',
        );
      }
    }
    // A flag applies to the definition scanned: changed instructions are replaced by their pinned
    // text, which is served even though the new text is flagged.
    const passes = (d: Definition): boolean => flagged.get(pinKey(d.kind, d.name))?.hash !== d.hash;
    let accepted: readonly Definition[] = offered.filter(passes);
    if (this.pins && options.pins) {
      // Every offered definition is compared with its pin, flagged or not: a change is
      // quarantined (and shown by `gatehouse approve`) even when the scan also withholds it.
      const state = this.pins.load(input.identity.id);
      const result = checkPins(offered, state, input.serverKey);
      const write = !this.readOnly;
      // Threat: trusting a poisoned definition on first use. Only what passed the scan is pinned.
      if (result.establish && write)
        this.pins.establish(
          input.identity.id,
          input.identity.label,
          result.establish.filter(passes),
        );
      for (const entry of result.quarantined) {
        const key = pinKey(entry.kind, entry.name);
        const scan = flagged.get(key);
        // Never pinned because the scan withholds it: it stays withheld by the scan alone, and
        // `gatehouse approve` is not asked about it.
        if (scan && entry.change === 'added') {
          if (write) this.pins.release(input.identity.id, entry.kind, entry.name);
          continue;
        }
        if (write) this.pins.quarantine(input.identity.id, entry);
        blocked.set(key, {
          kind: 'quarantine',
          entry,
          ...(scan ? { findings: scan.findings } : {}),
          message: `quarantined: ${describeQuarantine(entry)}; approve with \`gatehouse approve ${input.serverKey}/${entry.name || 'instructions'}\`${scan ? `; the definition scan also withholds it: ${scan.message}` : ''}`,
        });
      }
      if (write)
        for (const gone of result.released)
          this.pins.release(input.identity.id, gone.kind, gone.name);
      const quarantined = result.quarantined.filter(
        (q) => blocked.get(pinKey(q.kind, q.name))?.kind === 'quarantine',
      );
      if (quarantined.length > 0) {
        this.logger.warn(
          {
            server: input.serverKey,
            quarantined: quarantined.map((q) => `${q.kind}:${q.name}`),
          },
          'definitions quarantined until approved',
        );
      }
      accepted = result.accepted.filter(passes);
    }
    const hashes = new Map(accepted.map((d) => [pinKey(d.kind, d.name), d.hash]));
    return { ...assemble(input.catalog, accepted), blocked, warnings, hashes };
  }
}

function actionFor(
  verdict: ScanVerdict['verdict'],
  action: ScanAction,
): 'withhold' | 'warn' | 'pass' {
  if (verdict === 'high') return action.high;
  if (verdict === 'medium') return action.medium;
  return 'pass';
}

/** Every pinnable definition of a catalog, with its canonical hash. */
export function definitionsOf(
  catalog: UpstreamCatalog,
  instructions: string | undefined,
): Definition[] {
  const out: Definition[] = [];
  const add = (kind: PinKind, name: string, definition: unknown): void => {
    out.push({ kind, name, definition, hash: jcsHash(definition) });
  };
  for (const tool of catalog.tools) add('tool', tool.name, tool);
  for (const prompt of catalog.prompts) add('prompt', prompt.name, prompt);
  for (const template of catalog.resourceTemplates)
    add('resourceTemplate', template.uriTemplate, template);
  if (instructions !== undefined && instructions !== '') add('instructions', '', instructions);
  return out;
}

/** The catalog made of accepted (pinned) definitions; resources pass through as they are. */
function assemble(
  catalog: UpstreamCatalog,
  accepted: readonly Definition[],
): { catalog: UpstreamCatalog; instructions: string | undefined } {
  const of = <T>(kind: PinKind): T[] =>
    accepted.filter((d) => d.kind === kind).map((d) => d.definition as T);
  const instructions = accepted.find((d) => d.kind === 'instructions')?.definition;
  return {
    catalog: {
      tools: of('tool'),
      prompts: of('prompt'),
      resources: catalog.resources,
      resourceTemplates: of('resourceTemplate'),
    },
    instructions: typeof instructions === 'string' ? instructions : undefined,
  };
}
