/**
 * @module creation/names/normalize
 * The three comparison forms of a piece of a name, each a list of tokens (what separators split):
 *
 * - `plain`: lower-cased only. Names equal here are the same name written with other case,
 *   separators or affixes (`Google_Maps-MCP` and `google-maps`).
 * - `skeleton`: NFKC, invisible characters removed, the Unicode TR39 confusable skeleton taken
 *   before and after case folding until nothing changes. Equal here and not in `plain` means a
 *   character was swapped for one that looks the same (Cyrillic `а`, Greek `ο`, fullwidth letters,
 *   `1` for `l`, zero-width or bidi characters hidden inside).
 * - `look`: the skeleton with combining marks removed and {@link LOOK_ALIKE_FOLDS} applied
 *   (`rn`/`m`, `vv`/`w`, `cl`/`d`, digits used as letters): what a reader sees at a glance.
 *
 * Threat: typosquatting with look-alike characters. TR39 comes from `unhomoglyph`, which ships
 * Unicode's own confusables.txt (13.0) as data; the other libraries on npm either ship hand-made
 * subsets (`confusables`) or native binaries with their own mapping (`decancer`). The extra folds
 * (digits, letter pairs) are not in TR39 and are written here by hand.
 */
import { caseFold, stripInvisible, tr39Skeleton as tr39 } from '../../shared/text/index.js';
import { LOOK_ALIKE_FOLDS, LOOK_ALIKE_SEQUENCES } from './look-alike-data.js';

/**
 * Punctuation, symbols and spaces separate tokens (`-`, `_`, `.`, `/`, `@`, spaces…). Format
 * characters are not separators: in `plain` form a zero-width space inside a word keeps it apart
 * from the word (it is removed only in the skeleton, where it counts as a disguise). Spaces are
 * spelled out because JavaScript's `\s` also matches U+FEFF, an invisible character.
 */
const SEPARATORS = /[ \t\r\n\p{P}\p{S}\p{Z}]+/u;

const COMBINING_MARKS = /\p{M}/gu;

const MAX_SKELETON_ROUNDS = 8;

export { stripInvisible };

/**
 * The confusable skeleton of `value`, lower case. TR39 is applied to the text as written first
 * (NFKC would turn the lunate sigma `ϲ`, a `c` look-alike, into a sigma, an `o` look-alike), then
 * after NFKC, and after case folding too, since the map is case-sensitive (`I` and `1` map to `l`,
 * `0` to `O`); until a round changes nothing. Invisible characters are removed in every round.
 */
export function skeletonOf(value: string): string {
  let current = stripInvisible(value);
  for (let round = 0; round < MAX_SKELETON_ROUNDS; round++) {
    const next = stripInvisible(
      caseFold(tr39(stripInvisible(tr39(current).normalize('NFKC')))),
    ).normalize('NFC');
    if (next === current) break;
    current = next;
  }
  return current;
}

/** Splits on separators, dropping empty tokens. */
export function tokensOf(value: string): string[] {
  return value.split(SEPARATORS).filter((t) => t !== '');
}

/** The `plain` tokens: lower case, split on separators. */
export function plainTokens(value: string): string[] {
  return tokensOf(value.toLowerCase());
}

const SKELETON_CACHE_SIZE = 4096;
const skeletonCache = new Map<string, string>();

/**
 * {@link skeletonOf} through a small cache: every part of a name is read at several levels, and
 * the TR39 map is the costly step. Cleared when full, so it stays bounded in a long-lived process.
 */
function cachedSkeleton(value: string): string {
  let skeleton = skeletonCache.get(value);
  if (skeleton === undefined) {
    if (skeletonCache.size >= SKELETON_CACHE_SIZE) skeletonCache.clear();
    skeleton = skeletonOf(value);
    skeletonCache.set(value, skeleton);
  }
  return skeleton;
}

/** The `skeleton` tokens. */
export function skeletonTokens(value: string): string[] {
  return tokensOf(cachedSkeleton(value));
}

const byLength = (folds: readonly (readonly [string, string])[]) =>
  [...folds].sort((a, b) => b[0].length - a[0].length);
const TYPED_FOLDS = byLength(LOOK_ALIKE_FOLDS);
const LOOK_FOLDS = byLength([...LOOK_ALIKE_FOLDS, ...LOOK_ALIKE_SEQUENCES]);

function fold(token: string, folds: readonly (readonly [string, string])[]): string {
  const bare = token.normalize('NFD').replace(COMBINING_MARKS, '');
  let out = '';
  let i = 0;
  outer: while (i < bare.length) {
    for (const [from, to] of folds) {
      if (bare.startsWith(from, i)) {
        out += to;
        i += from.length;
        continue outer;
      }
    }
    const ch = String.fromCodePoint(bare.codePointAt(i) ?? 0);
    out += ch;
    i += ch.length;
  }
  return out;
}

/** One skeleton token folded to what it looks like: marks dropped, every look-alike folded. */
export function lookFold(token: string): string {
  return fold(token, LOOK_FOLDS);
}

/**
 * One skeleton token as typed for the edit distance: like {@link lookFold} but without the letter
 * sequences that read as one letter (`vv`, `cl`), which would turn one typing mistake into two
 * edits (`locla` would read `loda`). `rn` is folded back to `m` (TR39 maps `m` to `rn`).
 */
export function typedFold(token: string): string {
  return fold(token, TYPED_FOLDS);
}
