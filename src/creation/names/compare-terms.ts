/**
 * @module creation/names/compare-terms
 * Whether two terms of the same pool are similar, and why: equal in `plain`, `skeleton` or `look`
 * form, or within the edit distance allowed for their length (on `look` keys). The index only
 * decides which pairs to ask about; this decides the answer.
 */
import { boundedDistance, maxDistanceFor } from './distance.js';
import type { EditDistanceLimit } from './look-alike-data.js';
import { EDIT_DISTANCE_LIMITS } from './look-alike-data.js';
import type { NameTerm } from './name-terms.js';
import type { SimilarReason } from './verdict.js';

/** Why two terms are similar, with the distance for `edit-distance`. */
export interface TermMatch {
  readonly reason: SimilarReason;
  readonly distance?: number;
}

/** Code point length. */
export function lengthOf(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** Equal `look` keys, also reading a `1` as `i` on either side. */
export function looksAlike(a: NameTerm, b: NameTerm): boolean {
  return (
    a.look === b.look ||
    (a.lookAlt !== undefined && (a.lookAlt === b.look || a.lookAlt === b.lookAlt)) ||
    (b.lookAlt !== undefined && b.lookAlt === a.look)
  );
}

/** How `query` resembles `other`, or `undefined` when it does not (or they are in other pools). */
export function compareTerms(
  query: NameTerm,
  other: NameTerm,
  limits: readonly EditDistanceLimit[] = EDIT_DISTANCE_LIMITS,
): TermMatch | undefined {
  if (query.pool !== other.pool) return undefined;
  if (query.plain === other.plain) {
    return { reason: query.bare === other.bare ? 'same-normalized' : 'same-base-name' };
  }
  if (query.skeleton === other.skeleton) return { reason: 'identical-skeleton' };
  if (looksAlike(query, other)) return { reason: 'look-alike-skeleton' };
  const max = maxDistanceFor(Math.max(lengthOf(query.typed), lengthOf(other.typed)), limits);
  if (max <= 0) return undefined;
  const distance = boundedDistance(query.typed, other.typed, max);
  return Number.isFinite(distance) ? { reason: 'edit-distance', distance } : undefined;
}
