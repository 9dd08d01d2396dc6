/**
 * @module creation/names/name-index
 * The look-alike check against many names at once. Built once from every registered name; each
 * check then costs a few hash lookups instead of a scan:
 *
 * - equal keys: hash maps from each pool's `plain` and `look` keys (a `skeleton` match is always
 *   a `look` match) to the terms that have them;
 * - edit distance: a symmetric deletion index (SymSpell's idea) over the `coarse` keys long
 *   enough to be compared by distance. Every key and each of its one-character deletions point
 *   back to it; a query looks up its own key and deletions. Any two keys within optimal string
 *   alignment distance 1 share an entry, and near-equal letters are folded together in `coarse`,
 *   so every pair within the limits of {@link EDIT_DISTANCE_LIMITS} is found; the exact distance
 *   is then computed on the few candidates.
 *
 * Threat: name collision and typosquatting (see verdict). Fails closed: a name with problems of its
 * own is rejected whatever the index holds.
 */
import { compareTerms, lengthOf } from './compare-terms.js';
import type { EditDistanceLimit } from './look-alike-data.js';
import { EDIT_DISTANCE_LIMITS } from './look-alike-data.js';
import type { NameEntry } from './name-entry.js';
import { entryTerms, MAX_NAME_LENGTH, ownerOf, problemsOf } from './name-entry.js';
import type { NameTerm } from './name-terms.js';
import type { NameCheck, SimilarName } from './verdict.js';
import { compareSimilar, gradeOf, verdictOf } from './verdict.js';

/** Options of a {@link NameIndex}. */
export interface NameIndexOptions {
  /** Edit distance limits by length; default {@link EDIT_DISTANCE_LIMITS}. Distances below 2. */
  readonly limits?: readonly EditDistanceLimit[];
}

type Bucket = number | number[];

function add(map: Map<string, Bucket>, key: string, id: number): void {
  const bucket = map.get(key);
  if (bucket === undefined) map.set(key, id);
  else if (typeof bucket === 'number') {
    if (bucket !== id) map.set(key, [bucket, id]);
  } else if (bucket[bucket.length - 1] !== id) bucket.push(id);
}

function each(bucket: Bucket | undefined, fn: (id: number) => void): void {
  if (bucket === undefined) return;
  if (typeof bucket === 'number') fn(bucket);
  else for (const id of bucket) fn(id);
}

/** The key itself and every string one code point shorter. */
function deletionsOf(key: string): Set<string> {
  const out = new Set<string>([key]);
  if (/^[\x00-\x7f]*$/.test(key)) {
    for (let i = 0; i < key.length; i++) out.add(key.slice(0, i) + key.slice(i + 1));
    return out;
  }
  const chars = Array.from(key);
  for (let i = 0; i < chars.length; i++) {
    out.add(chars.slice(0, i).join('') + chars.slice(i + 1).join(''));
  }
  return out;
}

/** The maps of one pool (terms are only compared within their pool). */
interface PoolMaps {
  readonly plain: Map<string, Bucket>;
  readonly look: Map<string, Bucket>;
  readonly coarseIds: Map<string, number>;
  readonly deletions: Map<string, Bucket>;
}

const poolMaps = (): PoolMaps => ({
  plain: new Map(),
  look: new Map(),
  coarseIds: new Map(),
  deletions: new Map(),
});

/** A name given to {@link NameIndex.check}: a bare name, or an entry with owner and npm names. */
export type NameQuery = string | NameEntry;

/** Every registered name, indexed for look-alike checks. Immutable once built. */
export class NameIndex {
  private readonly entries: readonly NameEntry[];
  private readonly owners: readonly string[];
  private readonly terms: NameTerm[] = [];
  private readonly termEntry: number[] = [];
  private readonly pools: Readonly<Record<NameTerm['pool'], PoolMaps>> = {
    product: poolMaps(),
    owner: poolMaps(),
  };
  private readonly coarseTerms: number[][] = [];
  private readonly limits: readonly EditDistanceLimit[];
  /** Keys shorter than this are never compared by distance, so they are not in the deletion index. */
  private readonly minEditLength: number;

  constructor(entries: Iterable<NameEntry>, options: NameIndexOptions = {}) {
    this.limits = options.limits ?? EDIT_DISTANCE_LIMITS;
    if (this.limits.some((l) => l.maxDistance >= 2)) {
      // The deletion index covers distance 1 only; a larger limit would silently miss pairs.
      throw new RangeError('edit distance limits: the name index supports distances below 2 only');
    }
    const editing = this.limits.filter((l) => l.maxDistance > 0);
    this.minEditLength =
      editing.length > 0 ? Math.min(...editing.map((l) => l.minLength)) : Infinity;
    this.entries = [...entries];
    this.owners = this.entries.map(ownerOf);
    this.entries.forEach((entry, entryId) => {
      for (const term of entryTerms(entry)) this.addTerm(term, entryId);
    });
  }

  /** How many names the index holds. */
  get size(): number {
    return this.entries.length;
  }

  private addTerm(term: NameTerm, entryId: number): void {
    const id = this.terms.length;
    const maps = this.pools[term.pool];
    this.terms.push(term);
    this.termEntry.push(entryId);
    add(maps.plain, term.plain, id);
    add(maps.look, term.look, id);
    if (term.lookAlt !== undefined) add(maps.look, term.lookAlt, id);
    if (lengthOf(term.coarse) < this.minEditLength - 1) return;
    let coarseId = maps.coarseIds.get(term.coarse);
    if (coarseId === undefined) {
      coarseId = this.coarseTerms.length;
      maps.coarseIds.set(term.coarse, coarseId);
      this.coarseTerms.push([]);
      for (const variant of deletionsOf(term.coarse)) add(maps.deletions, variant, coarseId);
    }
    this.coarseTerms[coarseId]?.push(id);
  }

  /** The ids of terms that may resemble `term`: equal keys, and distance candidates. */
  private candidatesOf(term: NameTerm): Set<number> {
    const maps = this.pools[term.pool];
    const ids = new Set<number>();
    const collect = (id: number) => ids.add(id);
    each(maps.plain.get(term.plain), collect);
    each(maps.look.get(term.look), collect);
    if (term.lookAlt !== undefined) each(maps.look.get(term.lookAlt), collect);
    if (lengthOf(term.coarse) >= this.minEditLength - 1) {
      const coarseIds = new Set<number>();
      for (const variant of deletionsOf(term.coarse)) {
        each(maps.deletions.get(variant), (id) => coarseIds.add(id));
      }
      for (const coarseId of coarseIds) {
        for (const id of this.coarseTerms[coarseId] ?? []) ids.add(id);
      }
    }
    return ids;
  }

  /**
   * Checks a name against every other owner's names. The owner is the query's `owner`, or read
   * from the name (see ownerOf); names of that owner are never reported.
   */
  check(query: NameQuery): NameCheck {
    const entry: NameEntry = typeof query === 'string' ? { name: query } : query;
    if ([entry.name, ...(entry.npm ?? [])].some((n) => n.length > MAX_NAME_LENGTH)) {
      return {
        verdict: 'reject',
        similar: [],
        problems: [`a name is longer than ${MAX_NAME_LENGTH} characters`],
      };
    }
    const owner = ownerOf(entry);
    const queryTerms = entryTerms(entry);
    const problems = problemsOf(entry, queryTerms);
    const found = new Map<string, SimilarName>();
    for (const term of queryTerms) {
      for (const id of this.candidatesOf(term)) {
        const entryId = this.termEntry[id] ?? -1;
        const otherOwner = this.owners[entryId];
        const other = this.terms[id];
        const otherEntry = this.entries[entryId];
        if (other === undefined || otherEntry === undefined || otherOwner === owner) continue;
        const match = compareTerms(term, other, this.limits);
        if (match === undefined) continue;
        const similar: SimilarName = {
          name: otherEntry.name,
          ...(otherEntry.owner !== undefined ? { owner: otherEntry.owner } : {}),
          reason: match.reason,
          ...(match.distance !== undefined ? { distance: match.distance } : {}),
          field: term.field,
          otherField: other.field,
          matched: other.text,
          verdict: gradeOf(match.reason, term, other),
        };
        const key = `${entryId}\u0000${term.field}\u0000${other.field}`;
        const before = found.get(key);
        if (before === undefined || compareSimilar(similar, before) < 0) found.set(key, similar);
      }
    }
    const similar = [...found.values()].sort(compareSimilar);
    return {
      verdict: verdictOf(similar, problems),
      similar,
      ...(problems.length > 0 ? { problems } : {}),
    };
  }
}
