/**
 * @module operation/scanner/rules/char-rule
 * The shape of a per-character rule: it reads one raw string of the definition (not normalised:
 * what it looks for is exactly what normalisation removes) and may hand back hidden text to be
 * read by the phrase rules (the text of tag characters, say) and places where a long padding
 * ends (the text after it is read even when the string is too long to read whole).
 */
import type { ScanContext } from '../engine/context.js';
import type { TextField } from '../text/extract.js';

/** Text a reader does not see, recovered for the phrase rules. */
export interface HiddenText {
  readonly text: string;
  /** The signal that hid it. */
  readonly hiddenBy: number;
  readonly via: string;
}

/** What per-character rules hand back. */
export interface CharRuleOutput {
  readonly hidden: HiddenText[];
  /** Raw offsets where long padding ends. */
  readonly tails: number[];
}

/** A rule over the raw characters of one string; `length` is how much of it to read. */
export type CharRule = (
  field: TextField,
  fieldIndex: number,
  length: number,
  ctx: ScanContext,
  out: CharRuleOutput,
) => void;
