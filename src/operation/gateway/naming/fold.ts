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
import { caseFold, stripInvisible, tr39Skeleton } from '../../../shared/text/index.js';

/** Which key two clashing names share; ordered from strictest to loosest. */
export type ClashType = 'exact' | 'case' | 'separator' | 'confusable';

/** Clash types from strictest to loosest. */
export const CLASH_TYPES: readonly ClashType[] = ['exact', 'case', 'separator', 'confusable'];

/** The four comparison keys of one name. */
export type ClashKeys = Readonly<Record<ClashType, string>>;

const SEPARATORS = /[_.-]/g;

export { caseFold, stripInvisible };

/** Removes the separators `_`, `-` and `.`. */
export function stripSeparators(value: string): string {
  return value.replace(SEPARATORS, '');
}

/** TR39 skeleton: NFD, map every confusable character to its prototype, NFD again. */
export const skeleton = tr39Skeleton;

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
