/**
 * @module creation/names/distance
 * Damerau-Levenshtein distance in its optimal string alignment form (insertions, deletions,
 * substitutions and transpositions of adjacent characters, each 1; no substring edited twice),
 * with {@link NEAR_EQUAL_PAIRS} substituting for {@link NEAR_EQUAL_COST}. Compared on `look` keys,
 * where digit/letter look-alikes (`0`/`o`, `1`/`l`, `5`/`s`, `rn`/`m`, `vv`/`w`, `cl`/`d`) are
 * already folded to the same letter, so they cost nothing.
 *
 * Written by hand: the npm distance libraries (`fastest-levenshtein`, `damerau-levenshtein`) have
 * neither per-pair costs nor an early exit at a bound, which the index's candidate check needs.
 */
import type { EditDistanceLimit } from './look-alike-data.js';
import { EDIT_DISTANCE_LIMITS, NEAR_EQUAL_COST, NEAR_EQUAL_PAIRS } from './look-alike-data.js';

const NEAR = new Set(NEAR_EQUAL_PAIRS.flatMap(([a, b]) => [`${a}\u0000${b}`, `${b}\u0000${a}`]));

function substitutionCost(a: string, b: string): number {
  if (a === b) return 0;
  return NEAR.has(`${a}\u0000${b}`) ? NEAR_EQUAL_COST : 1;
}

/**
 * The weighted optimal-string-alignment distance of `a` and `b` (compared by code point), or
 * `Infinity` as soon as it is certain to exceed `max`.
 */
export function boundedDistance(a: string, b: string, max: number): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (Math.abs(s.length - t.length) > max) return Infinity;
  const width = t.length + 1;
  let before = new Float64Array(width);
  let previous = new Float64Array(width);
  let current = new Float64Array(width);
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= s.length; i++) {
    current[0] = i;
    let rowMin = i;
    const si = s[i - 1] ?? '';
    for (let j = 1; j < width; j++) {
      const tj = t[j - 1] ?? '';
      let value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + substitutionCost(si, tj),
      );
      if (i > 1 && j > 1 && si !== tj && si === t[j - 2] && s[i - 2] === tj) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return Infinity;
    [before, previous, current] = [previous, current, before];
  }
  const result = previous[t.length] ?? Infinity;
  return result <= max ? result : Infinity;
}

/**
 * The largest distance at which two keys whose shorter one has `length` characters still count as
 * similar (see {@link EDIT_DISTANCE_LIMITS}); 0 for short names, which must be equal to match.
 */
export function maxDistanceFor(
  length: number,
  limits: readonly EditDistanceLimit[] = EDIT_DISTANCE_LIMITS,
): number {
  let max = 0;
  for (const limit of limits) if (length >= limit.minLength) max = limit.maxDistance;
  return max;
}
