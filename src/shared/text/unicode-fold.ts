/**
 * @module shared/text/unicode-fold
 * The Unicode folds that every look-alike comparison in Gatehouse is built from: removing
 * invisible characters, case folding and the TR39 confusable skeleton. The gateway's name clash
 * rule (`operation/gateway/naming`) and the registry's look-alike names (`creation/names`) combine
 * them differently, so each keeps its own composition; the folds themselves live here once.
 *
 * Threat: names that look alike but differ in code points (zero-width or bidi characters hidden
 * inside, Cyrillic or Greek letters, fullwidth forms), passed off as another server's tool or
 * package. TR39 comes from `unhomoglyph`, which ships Unicode's confusables.txt as data.
 */
import unhomoglyph from 'unhomoglyph';

/**
 * Invisible characters: every Default_Ignorable_Code_Point (zero-width characters, soft hyphen,
 * variation selectors, tag characters, fillers, word joiner) and every Bidi_Control (LRM, RLM,
 * embeddings, overrides, isolates).
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu;

/** Removes zero-width characters, bidi controls, tag characters and variation selectors. */
export function stripInvisible(value: string): string {
  return value.replace(INVISIBLE, '');
}

/**
 * Case folding. JavaScript has no full Unicode case folding; upper- then lower-casing comes close
 * (`ß`→`ss`, final sigma), folding a little more than CaseFolding.txt (dotless `ı` to `i`), which
 * only ever adds matches.
 */
export function caseFold(value: string): string {
  return value.toUpperCase().toLowerCase();
}

/** TR39 skeleton: NFD, every confusable character mapped to its prototype, NFD again. */
export function tr39Skeleton(value: string): string {
  return unhomoglyph(value.normalize('NFD')).normalize('NFD');
}
