/**
 * @module operation/scanner/engine/context
 * The state of one scan: the item, its caps and what is left of its budgets, and the signals and
 * directives rules have emitted so far. Rules only ever add to it.
 */
import { excerpt } from '../text/evidence.js';
import type { TextField } from '../text/extract.js';
import type { ItemKind, RuleId, ScanLimits } from '../types.js';
import type { Segment } from './segment.js';
import type { Directive, Facet, Signal, Span, Strength } from './signal.js';

/** What a rule says about a match. */
export interface SignalSpec {
  readonly ruleId: RuleId;
  readonly facet: Facet;
  readonly strength: Strength;
  readonly message: string;
  readonly mention?: boolean;
}

/** Most signals kept for one definition: the thousand-and-first adds nothing. */
const MAX_SIGNALS = 1024;

/** Everything one scan accumulates. */
export class ScanContext {
  readonly signals: Signal[] = [];
  readonly directives: Directive[] = [];
  /** Characters the phrase rules may still read. */
  phraseBudget: number;
  /** Characters of decoded text that may still be scanned. */
  decodeBudget: number;
  /** The phrase budget ran out and that was reported. */
  budgetSpent = false;
  private nextId = 1;
  private readonly regionFields = new Set<number>();

  constructor(
    readonly kind: ItemKind,
    readonly limits: ScanLimits,
  ) {
    this.phraseBudget = limits.phraseBudget;
    this.decodeBudget = limits.decodeBudget;
  }

  /** A signal at normalised [start, end) of `seg`; `region` (normalised) is what it hides. */
  add(
    seg: Segment,
    start: number,
    end: number,
    spec: SignalSpec,
    region?: [number, number],
  ): Signal {
    return this.push({
      id: this.nextId++,
      ruleId: spec.ruleId,
      facet: spec.facet,
      strength: spec.strength,
      pointer: seg.field.pointer,
      evidence: () => seg.evidence(start, end),
      message: spec.message,
      mention: spec.mention === true,
      span: seg.span(start, end),
      region: region === undefined ? undefined : seg.span(region[0], region[1]),
      hiddenBy: seg.hiddenBy,
      key: () => `${spec.ruleId}|${spec.strength}|${seg.text.slice(start, end)}`,
    });
  }

  /** A signal at raw [start, end) of a field, from the per-character pass. */
  addRaw(
    field: TextField,
    fieldIndex: number,
    start: number,
    end: number,
    spec: SignalSpec,
    region?: [number, number],
    evidence?: string,
  ): Signal {
    return this.push({
      id: this.nextId++,
      ruleId: spec.ruleId,
      facet: spec.facet,
      strength: spec.strength,
      pointer: field.pointer,
      evidence: evidence === undefined ? () => excerpt(field.text, start, end) : () => evidence,
      message: spec.message,
      mention: spec.mention === true,
      span: { field: fieldIndex, start, end },
      region:
        region === undefined ? undefined : { field: fieldIndex, start: region[0], end: region[1] },
      hiddenBy: undefined,
      key: undefined,
    });
  }

  /**
   * A signal about a whole field or the whole definition (caps hit, decoded text); `id` is one
   * taken earlier with {@link reserveId}, `hiddenBy` the signal hiding the text it is in.
   */
  addWhole(
    pointer: string,
    spec: SignalSpec,
    evidence: string,
    id?: number,
    hiddenBy?: number,
  ): Signal {
    return this.push({
      id: id ?? this.nextId++,
      ruleId: spec.ruleId,
      facet: spec.facet,
      strength: spec.strength,
      pointer,
      evidence: () => evidence,
      message: spec.message,
      mention: spec.mention === true,
      span: undefined,
      region: undefined,
      hiddenBy,
      key: undefined,
    });
  }

  /** An id for a signal that is added later (once its hidden text proved to matter). */
  reserveId(): number {
    return this.nextId++;
  }

  /** Drops signals and directives added since the given counts. */
  truncate(signals: number, directives: number): void {
    this.signals.length = Math.min(this.signals.length, signals);
    this.directives.length = Math.min(this.directives.length, directives);
  }

  /** Whether a hiding signal frames or hides part of string `field` (directives count there). */
  hasRegionIn(field: number): boolean {
    return this.regionFields.has(field);
  }

  /** An instruction to the model at normalised [start, end) of `seg`. */
  directive(seg: Segment, start: number, end: number): void {
    if (this.directives.length >= 256) return;
    this.directives.push({
      evidence: () => seg.evidence(start, end),
      span: seg.span(start, end),
      hiddenBy: seg.hiddenBy,
    });
  }

  private push(signal: Signal): Signal {
    if (signal.region !== undefined) this.regionFields.add(signal.region.field);
    if (this.signals.length < MAX_SIGNALS) this.signals.push(signal);
    return signal;
  }
}

/** Whether raw span `inner` lies in `outer` (same field). */
export function within(inner: Span | undefined, outer: Span | undefined): boolean {
  if (inner === undefined || outer === undefined || inner.field !== outer.field) return false;
  return inner.start >= outer.start && inner.start < outer.end;
}
