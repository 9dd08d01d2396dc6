/**
 * @module operation/scanner/phrases/table
 * Phrase tables: rows of (pattern, strength, message) compiled into one global regular
 * expression per table, one capturing group per row, so a text is read once per table and each
 * match names its row. Patterns are written over normalised text (lowercase, single spaces,
 * `\n` between sentences), use no capturing groups of their own, and no nested unbounded
 * quantifiers: bounded gaps only (`[^\n]{0,80}`, `(?:[^ \n]+ ){0,3}`), so matching is linear.
 */
import type { Strength } from '../engine/signal.js';

/** One phrase pattern. */
export interface PhraseRow {
  /** Regular expression source over normalised text; no capturing groups. */
  readonly source: string;
  readonly strength: Strength;
  readonly message: string;
  /** A preceding negation ("never", "does not") cancels it. */
  readonly negatable?: boolean;
  /** Quoting or a detection context makes it a mention (low, never combined). Default true. */
  readonly mentionable?: boolean;
  /** One step weaker in server `instructions`, whose job is to guide the model. */
  readonly weakerInInstructions?: boolean;
  /**
   * Must match the text just before the match (up to 80 characters, within the sentence). Lets a
   * pattern start at its rare word and check the common words before it in one small test,
   * instead of trying those common words at every position.
   */
  readonly before?: RegExp;
}

/** A compiled table. */
export interface PhraseTable {
  readonly re: RegExp;
  readonly rows: readonly PhraseRow[];
}

/** Compiles rows into one global regular expression. */
export function table(rows: readonly PhraseRow[]): PhraseTable {
  const source = rows.map((row) => `(${row.source})`).join('|');
  return { re: new RegExp(source, 'g'), rows };
}

/** The row a match of `t.re` came from. */
export function rowOf(t: PhraseTable, match: RegExpExecArray): PhraseRow | undefined {
  for (let i = 1; i < match.length; i += 1) if (match[i] !== undefined) return t.rows[i - 1];
  return undefined;
}

/** Alternation of words: `alt(['a', 'b'])` is `(?:a|b)`. */
export function alt(words: readonly string[]): string {
  return `(?:${words.join('|')})`;
}
