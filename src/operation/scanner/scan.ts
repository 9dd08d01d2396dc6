/**
 * @module operation/scanner/scan
 * `scanDefinition`: the definition scanner's entry point. Pure, synchronous and bounded: it walks
 * the definition's strings, runs the per-character rules over each (invisible characters, ANSI,
 * look-alike letters, padding), the phrase rules over normalised windows of each and over any
 * text hidden in it (tag characters, base64, hex, percent-encoding, HTML entities, to a capped
 * depth), and combines the signals into findings and a verdict.
 *
 * Threat: tool poisoning: instructions to the model hidden in what a server says about its
 * tools, prompts, resource templates and itself. Fails closed: a definition too large or too
 * deep to read whole gets a `scan-limit` finding (medium, high with any payload).
 */
import { combine } from './combine.js';
import { ScanContext } from './engine/context.js';
import { Segment } from './engine/segment.js';
import { resolveLimits } from './limits.js';
import type { CharRuleOutput } from './rules/index.js';
import {
  CHAR_RULES,
  contextHarvest,
  mayHavePadding,
  padding,
  PHRASE_RULES,
} from './rules/index.js';
import { decodeAll, mayBeEncoded } from './text/decoders.js';
import { renderEvidence } from './text/evidence.js';
import type { TextField } from './text/extract.js';
import { extractText } from './text/extract.js';
import type { ScanItem, ScanOptions, ScanResult } from './types.js';

const NOT_PLAIN = /[^\x20-\x7e\t\n\r]|\r(?!\n)/;
/** Strings shorter than this hold no phrase (names, enum values, types)… */
const MIN_PHRASE = 8;
/** …unless written in a script that packs a word into a character or two. */
const WIDE = /[\u2e80-\uffff]/;

/** Scans one definition. Never throws on any JSON input. */
export function scanDefinition(item: ScanItem, options?: ScanOptions): ScanResult {
  const limits = resolveLimits(options?.limits);
  const ctx = new ScanContext(item.kind, limits);
  const rootRole = item.kind === 'instructions' ? 'instructions' : 'description';
  const extraction = extractText(item.definition, rootRole, limits);
  if (extraction.truncated !== undefined) {
    ctx.addWhole(
      '',
      {
        ruleId: 'scan-limit',
        facet: 'conceal',
        strength: 2,
        message: `the definition was not read whole (${extraction.truncated}); what was not read is not trusted`,
      },
      extraction.truncated,
    );
  }
  extraction.fields.forEach((field, index) => scanField(ctx, field, index));
  return combine(item, ctx);
}

function scanField(ctx: ScanContext, field: TextField, index: number): void {
  const text = field.text;
  if (text.length === 0) return;
  const { limits } = ctx;
  const length = Math.min(text.length, limits.maxFieldChars);
  const out: CharRuleOutput = { hidden: [], tails: [] };
  const head = length === text.length ? text : text.slice(0, length);
  if (NOT_PLAIN.test(head)) for (const rule of CHAR_RULES) rule(field, index, length, ctx, out);
  if (length >= 120 && mayHavePadding(text, length)) padding(field, index, length, ctx, out);
  if (field.role !== 'type' && field.role !== 'pattern') {
    // The head and the very end are read even past the per-character cap: payloads hide at the end.
    const windows = windowsOf(text.length, limits.phraseWindow, out.tails);
    let read = 0;
    for (const [start, end] of windows) {
      if (ctx.phraseBudget <= 0) break;
      ctx.phraseBudget -= end - start;
      read += end - start;
      readSegment(ctx, new Segment(ctx.kind, field, index, text.slice(start, end), start));
    }
    if (read < text.length && !ctx.budgetSpent) {
      ctx.budgetSpent = ctx.phraseBudget <= 0;
      ctx.addWhole(
        field.pointer,
        {
          ruleId: 'scan-limit',
          facet: 'conceal',
          strength: 2,
          message: ctx.budgetSpent
            ? 'the definition holds more text than the phrase rules read (budget spent); the rest is not trusted'
            : `a string of ${text.length} characters: ${read} were read by the phrase rules`,
        },
        renderEvidence(text.slice(0, 60)),
      );
    }
  }
  for (const hidden of out.hidden) {
    readSegment(
      ctx,
      new Segment(
        ctx.kind,
        field,
        index,
        hidden.text.slice(0, limits.phraseWindow),
        -1,
        hidden.hiddenBy,
        hidden.via,
      ),
    );
  }
}

/** The parts of a string the phrase rules read: all of it, or its head, its tail, and after padding. */
function windowsOf(length: number, window: number, tails: readonly number[]): [number, number][] {
  if (length <= 2 * window) return [[0, length]];
  const out: [number, number][] = [
    [0, window],
    [length - window, length],
  ];
  for (const tail of tails) {
    if (out.some(([s, e]) => tail >= s && tail < e)) continue;
    out.push([tail, Math.min(length, tail + Math.floor(window / 4))]);
  }
  return out;
}

function readSegment(ctx: ScanContext, seg: Segment): void {
  if (seg.raw.length < MIN_PHRASE && !WIDE.test(seg.raw)) {
    // Too short for a phrase; a parameter name can still ask for the model's context.
    if (seg.field.parameter) contextHarvest.run(seg, ctx);
    return;
  }
  for (const rule of PHRASE_RULES) rule.run(seg, ctx);
  decodeSegment(ctx, seg);
}

/** Reads text encoded inside `seg`, to the depth and budget the limits allow. */
function decodeSegment(ctx: ScanContext, seg: Segment): void {
  if (seg.depth >= ctx.limits.maxDecodeDepth || ctx.decodeBudget <= 0) return;
  if (!mayBeEncoded(seg.raw)) return;
  for (const decoded of decodeAll(seg.raw, 8, Math.min(16_384, ctx.decodeBudget * 2))) {
    if (ctx.decodeBudget <= 0) break;
    const text = decoded.text.slice(0, ctx.decodeBudget);
    ctx.decodeBudget -= text.length;
    const id = ctx.reserveId();
    const signalsBefore = ctx.signals.length;
    const directivesBefore = ctx.directives.length;
    const via = seg.via === undefined ? decoded.kind : `${seg.via} → ${decoded.kind}`;
    readSegment(
      ctx,
      new Segment(ctx.kind, seg.field, seg.fieldIndex, text, -1, id, via, seg.depth + 1),
    );
    if (decoded.whole === true) {
      // Decoded from the whole string: its plain parts reappear, so only new signals count, and
      // instructions in them are the plain text's own.
      dropRepeats(ctx, signalsBefore);
      ctx.truncate(ctx.signals.length, directivesBefore);
    }
    const found = ctx.signals.slice(signalsBefore).some((s) => s.strength >= 1);
    if (!found && ctx.directives.length === directivesBefore) {
      ctx.truncate(signalsBefore, directivesBefore);
      continue;
    }
    ctx.addWhole(
      seg.field.pointer,
      {
        ruleId: 'encoded-payload',
        facet: 'conceal',
        strength: 2,
        message: `${decoded.kind}-encoded text that decodes to more text for the model`,
      },
      `${decoded.kind} ${renderEvidence(decoded.source, 48)} → "${renderEvidence(text, 100)}"`,
      id,
      seg.hiddenBy,
    );
  }
}

/** Drops signals from whole-string decoding that merely repeat what the plain text said. */
function dropRepeats(ctx: ScanContext, from: number): void {
  const seen = new Set(ctx.signals.slice(0, from).map((s) => s.key?.()));
  const kept = ctx.signals.slice(from).filter((s) => s.key === undefined || !seen.has(s.key()));
  ctx.signals.length = from;
  ctx.signals.push(...kept);
}
