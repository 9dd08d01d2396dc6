/**
 * @module operation/scanner/engine/segment
 * A segment is one piece of text the phrase rules read: a window of a definition string, or text
 * decoded from one (base64, tag characters …). It carries its normalised form and knows how to
 * turn a normalised span back into a raw span and an excerpt.
 */
import { TRIGGER_BITS } from '../phrases/triggers.js';
import { excerpt } from '../text/evidence.js';
import type { TextField } from '../text/extract.js';
import type { NormText } from '../text/normalise.js';
import { normalise, rawIndex } from '../text/normalise.js';
import type { ItemKind } from '../types.js';
import type { Span } from './signal.js';

/** One piece of text given to the phrase rules. */
export class Segment {
  readonly norm: NormText;
  private triggerMask = -1;

  constructor(
    readonly kind: ItemKind,
    readonly field: TextField,
    readonly fieldIndex: number,
    /** The text itself (a window of the field, or decoded text). */
    readonly raw: string,
    /** Index of `raw[0]` in the field's text; `-1` for decoded text. */
    readonly offset: number,
    /** Id of the signal that hid this text (decoded or invisible text), if any. */
    readonly hiddenBy?: number,
    /** How it was decoded, e.g. `base64`. */
    readonly via?: string,
    /** Nested decodings so far. */
    readonly depth = 0,
  ) {
    this.norm = normalise(raw);
  }

  /** Normalised text. */
  get text(): string {
    return this.norm.text;
  }

  /**
   * Whether the text has a trigger word of any of `groups` (bits of `TRIGGER_GROUPS`), or any CJK
   * text when `cjk` is set. Rules use it to skip patterns that cannot match: most text has none
   * of a rule's words, and one pass over the words is far cheaper than a pass of each pattern.
   */
  has(groups: number, cjk = true): boolean {
    if (cjk && this.norm.hasCjk) return true;
    if (this.triggerMask < 0) this.triggerMask = triggerMaskOf(this.norm.text);
    return (this.triggerMask & groups) !== 0;
  }

  /** The raw span (field coordinates) of normalised [start, end), if the text is the field's own. */
  span(start: number, end: number): Span | undefined {
    if (this.offset < 0) return undefined;
    const [rs, re] = this.rawRange(start, end);
    return { field: this.fieldIndex, start: this.offset + rs, end: this.offset + re };
  }

  /** Excerpt of the raw text behind normalised [start, end). */
  evidence(start: number, end: number): string {
    const [rs, re] = this.rawRange(start, end);
    const body = excerpt(this.raw, rs, re);
    return this.via === undefined ? body : `[${this.via}] ${body}`;
  }

  private rawRange(start: number, end: number): [number, number] {
    const rs = rawIndex(this.norm, start);
    const last = rawIndex(this.norm, Math.max(start, end - 1));
    return [rs, Math.max(rs + 1, Math.min(this.raw.length, last + 1))];
  }
}

/** The trigger groups whose words occur in `text` (words: a letter, then letters, digits, `'`). */
function triggerMaskOf(text: string): number {
  let mask = 0;
  let start = -1;
  for (let i = 0; i <= text.length; i += 1) {
    const c = i < text.length ? text.charCodeAt(i) : 0x20;
    const inWord =
      (c >= 0x61 && c <= 0x7a) || (start >= 0 && ((c >= 0x30 && c <= 0x39) || c === 0x27));
    if (inWord) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      mask |= TRIGGER_BITS.get(text.slice(start, i)) ?? 0;
      start = -1;
    }
  }
  return mask;
}
