/**
 * @module operation/gateway/naming/fold
 * The comparison keys behind the clash rule. Two public names clash when one of these keys is
 * equal; the keys grow coarser in this order:
 *
 * - `exact`: the name itself;
 * - `case`: the name case-folded;
 * - `separator`: the name case-folded with `_`, `-` and `.` removed;
 * - `confusable`: NFKC, invisible characters removed, then the TR39 confusable skeleton
 *   (`unhomoglyph`), case folding and separator removal, repeated until nothing changes.
 *
 * Threat: a server offering a tool whose name only looks like another server's tool
 * (`paypa1`, `PayPal`, `pay_pal`, Cyrillic `а`), so that a model or a person picks the wrong one.
 */
import unhomoglyph from 'unhomoglyph';

/** Which key two clashing names share; ordered from strictest to loosest. */
export type ClashType = 'exact' | 'case' | 'separator' | 'confusable';

/** Clash types from strictest to loosest. */
export const CLASH_TYPES: readonly ClashType[] = ['exact', 'case', 'separator', 'confusable'];

/** The four comparison keys of one name. */
export type ClashKeys = Readonly<Record<ClashType, string>>;

/**
 * Invisible characters: every Default_Ignorable_Code_Point (zero-width characters, soft hyphen,
 * variation selectors, tag characters, fillers) and every Bidi_Control (LRM, RLM, embeddings,
 * overrides, isolates).
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu;

const SEPARATORS = /[_.-]/g;

/** Removes zero-width characters, bidi controls, tag characters and variation selectors. */
export function stripInvisible(value: string): string {
  return value.replace(INVISIBLE, '');
}

/**
 * Case folding. JavaScript has no Unicode case folding; upper- then lower-casing comes close and
 * also folds `ß` to `ss` and final sigma to sigma (it folds a little more than CaseFolding.txt,
 * e.g. dotless `ı` to `i`, which only ever adds clashes).
 */
export function caseFold(value: string): string {
  return value.toUpperCase().toLowerCase();
}

/** Removes the separators `_`, `-` and `.`. */
export function stripSeparators(value: string): string {
  return value.replace(SEPARATORS, '');
}

/** TR39 skeleton: NFD, map every confusable character to its prototype, NFD again. */
export function skeleton(value: string): string {
  return unhomoglyph(value.normalize('NFD')).normalize('NFD');
}

const MAX_CONFUSABLE_ROUNDS = 8;

/**
 * The `confusable` key. The skeleton is taken before case folding as well as after it: the
 * skeleton is case-sensitive (`I` and `1` map to `l`, `0` maps to `O`, `m` to `rn`), and folding
 * first would lose `I`/`l`. The loop stops when a round changes nothing.
 */
export function confusableKey(value: string): string {
  let current = stripInvisible(stripInvisible(value).normalize('NFKC'));
  for (let round = 0; round < MAX_CONFUSABLE_ROUNDS; round++) {
    const next = stripSeparators(caseFold(stripInvisible(skeleton(current)))).normalize('NFC');
    if (next === current) break;
    current = next;
  }
  return current;
}

/** All four comparison keys of a name. */
export function clashKeys(value: string): ClashKeys {
  const folded = caseFold(value);
  return {
    exact: value,
    case: folded,
    separator: stripSeparators(folded),
    confusable: confusableKey(value),
  };
}
