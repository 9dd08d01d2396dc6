/**
 * @module operation/scanner/rules/rule
 * The shape of a phrase rule (reads one segment of normalised text) and the runner for phrase
 * tables, shared by the rules that are mostly data.
 */
import type { ScanContext } from '../engine/context.js';
import type { Segment } from '../engine/segment.js';
import type { Facet, Strength } from '../engine/signal.js';
import type { PhraseTable } from '../phrases/table.js';
import { rowOf } from '../phrases/table.js';
import { findAll, isMention, negatedBefore } from '../text/match.js';
import type { RuleId } from '../types.js';

/** A rule over one segment of text. */
export interface PhraseRule {
  readonly id: RuleId | 'directive';
  run(seg: Segment, ctx: ScanContext): void;
}

/** Matches of one table in `seg`, each turned into a signal. */
export function runTable(
  seg: Segment,
  ctx: ScanContext,
  t: PhraseTable,
  ruleId: RuleId,
  facet: Facet,
  cap = 8,
): void {
  const text = seg.text;
  for (const m of findAll(t.re, text, cap)) {
    const row = rowOf(t, m);
    if (row === undefined) continue;
    const start = m.index;
    const end = start + m[0].length;
    if (row.before !== undefined) {
      const lead = text.slice(Math.max(0, start - 80), start);
      const nl = lead.lastIndexOf('\n');
      if (!row.before.test(nl < 0 ? lead : lead.slice(nl + 1))) continue;
    }
    if (row.negatable === true && negatedBefore(text, start)) continue;
    const mention = row.mentionable !== false && isMention(text, start, end);
    const weaker = row.weakerInInstructions === true && ctx.kind === 'instructions';
    const strength = (weaker ? Math.max(0, row.strength - 1) : row.strength) as Strength;
    ctx.add(seg, start, end, { ruleId, facet, strength, message: row.message, mention });
  }
}
