/**
 * @module operation/scanner/combine
 * The severity combiner. Severity comes from signals together, not from one marker:
 *
 * - a signal alone counts at its own strength (an `<IMPORTANT>` tag is low; "ignore all previous
 *   instructions" or a request to read `~/.ssh/id_rsa` is high);
 * - hidden or framed text (a tag block, an HTML comment, invisible or decoded text, text after
 *   padding) that holds instructions to the model or any payload signal is high;
 * - hidden or framed text anywhere, with a medium payload signal anywhere, is high;
 * - secrecy toward the user, with anything actionable, is high;
 * - two different medium payload signals (say steering and tampering) are high;
 * - mentions (quoted, or in a sentence about detecting such text) stay low and never combine.
 *
 * See docs/scanner.md for the reasoning and the calibration corpus.
 */
import type { ScanContext } from './engine/context.js';
import { within } from './engine/context.js';
import type { Directive, Signal, Strength } from './engine/signal.js';
import { HIDING_FACETS, PAYLOAD_FACETS } from './engine/signal.js';
import type { Finding, ScanItem, ScanResult, Severity, Verdict } from './types.js';

const SEVERITY: Record<1 | 2 | 3, Severity> = { 1: 'low', 2: 'medium', 3: 'high' };
const RANK: Record<Verdict, number> = { clean: 0, low: 1, medium: 2, high: 3 };

/** Links signals and directives to the hiding signal whose region holds them. */
function linkHidden(signals: readonly Signal[], directives: readonly Directive[]): void {
  const hiders = signals.filter(
    (s) => HIDING_FACETS.has(s.facet) && s.region !== undefined && s.strength >= 1 && !s.mention,
  );
  if (hiders.length === 0) return;
  for (const s of signals) {
    if (s.hiddenBy !== undefined || s.span === undefined) continue;
    const h = hiders.find((x) => x.id !== s.id && within(s.span, x.region));
    if (h !== undefined) s.hiddenBy = h.id;
  }
  for (const d of directives) {
    if (d.hiddenBy !== undefined || d.span === undefined) continue;
    const h = hiders.find((x) => within(d.span, x.region));
    if (h !== undefined) d.hiddenBy = h.id;
  }
}

class Levels {
  private readonly level = new Map<number, Strength>();
  private readonly why = new Map<number, string>();

  constructor(signals: readonly Signal[]) {
    for (const s of signals)
      this.level.set(s.id, s.mention ? (Math.min(s.strength, 1) as Strength) : s.strength);
  }

  of(s: Signal): Strength {
    return this.level.get(s.id) ?? 0;
  }

  raise(s: Signal, reason: string): void {
    if (this.of(s) < 3) {
      this.level.set(s.id, 3);
      if (!this.why.has(s.id)) this.why.set(s.id, reason);
    }
  }

  reason(s: Signal): string | undefined {
    return this.why.get(s.id);
  }
}

function names(signals: readonly Signal[], except: Signal): string {
  const ids = [...new Set(signals.filter((s) => s !== except).map((s) => s.ruleId))];
  return ids.length === 0 ? '' : ids.join(', ');
}

function combineLevels(ctx: ScanContext): Levels {
  const { signals, directives } = ctx;
  linkHidden(signals, directives);
  const levels = new Levels(signals);
  const active = signals.filter((s) => !s.mention);
  const payload = active.filter((s) => PAYLOAD_FACETS.has(s.facet));
  const hiding = active.filter((s) => HIDING_FACETS.has(s.facet) && s.strength >= 1);
  // Hidden or framed text that holds instructions or a payload.
  for (const h of hiding) {
    const inner = payload.filter((p) => p.hiddenBy === h.id && p.strength >= 1);
    const orders = directives.filter((d) => d.hiddenBy === h.id);
    if (inner.length === 0 && orders.length === 0) continue;
    const what =
      orders[0] !== undefined
        ? `instructions to the model (${orders[0].evidence()})`
        : names(inner, h);
    levels.raise(h, `it holds ${what}`);
    for (const p of inner) levels.raise(p, `inside hidden or framed text (${h.ruleId})`);
  }
  const medium = payload.filter((s) => s.strength >= 2);
  if (hiding.length > 0 && medium.length > 0) {
    for (const h of hiding) levels.raise(h, `together with ${names(medium, h)}`);
    for (const p of medium) levels.raise(p, `together with ${names(hiding, p)}`);
  }
  const secrecy = payload.filter((s) => s.facet === 'secrecy' && s.strength >= 2);
  const actionable = payload.filter((s) => s.facet !== 'secrecy' && s.strength >= 1);
  if (secrecy.length > 0 && (actionable.length > 0 || hiding.length > 0)) {
    const partners = [...actionable, ...hiding];
    for (const s of secrecy) levels.raise(s, `together with ${names(partners, s)}`);
    for (const p of partners) levels.raise(p, 'while keeping it from the user (secrecy)');
  }
  if (new Set(medium.map((s) => s.facet)).size >= 2) {
    for (const s of medium) levels.raise(s, `together with ${names(medium, s)}`);
  }
  return levels;
}

/** Findings and verdict of a finished scan. */
export function combine(item: ScanItem, ctx: ScanContext): ScanResult {
  const levels = combineLevels(ctx);
  interface Kept {
    readonly signal: Signal;
    readonly severity: Severity;
    readonly order: number;
    more: number;
  }
  const byKey = new Map<string, Kept>();
  ctx.signals.forEach((signal, order) => {
    const level = levels.of(signal);
    if (level === 0) return;
    const severity = SEVERITY[level];
    const key = `${signal.ruleId}\u0000${signal.pointer}`;
    const seen = byKey.get(key);
    if (seen === undefined) byKey.set(key, { signal, severity, order, more: 0 });
    else if (RANK[severity] > RANK[seen.severity])
      byKey.set(key, { signal, severity, order: seen.order, more: seen.more + 1 });
    else seen.more += 1;
  });
  const findings = [...byKey.values()]
    .sort((a, b) => RANK[b.severity] - RANK[a.severity] || a.order - b.order)
    .slice(0, ctx.limits.maxFindings)
    .map(({ signal, severity, more }): Finding => {
      const reason = levels.reason(signal);
      const message = reason === undefined ? signal.message : `${signal.message}; ${reason}`;
      return {
        ruleId: signal.ruleId,
        severity,
        item: { kind: item.kind, name: item.name },
        pointer: signal.pointer,
        evidence: signal.evidence(),
        message: more === 0 ? message : `${message} (and ${more} more like it)`,
      };
    });
  const verdict = findings.reduce<Verdict>(
    (v, f) => (RANK[f.severity] > RANK[v] ? f.severity : v),
    'clean',
  );
  return { verdict, findings };
}
