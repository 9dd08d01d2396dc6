/**
 * @module creation/names/verdict
 * The outcome of a look-alike check and the rule that grades each similarity.
 *
 * - `reject`: confusable with another owner's name. A namespace or npm scope equal to another
 *   owner's once case and separators are ignored (owners are identities); an unscoped npm name
 *   equal to another the same way (npm has one flat namespace); any name made equal only by
 *   look-alike characters (TR39 confusables, invisible characters, digits for letters, `rn` for
 *   `m`), which has no honest reason. The registry refuses to publish; the installer warns and
 *   requires the exact name.
 * - `review`: weaker similarity. The same product name under another, visibly different
 *   namespace (`io.github.github/github` and `io.github.bob/github`: common and benign in the
 *   real lists), names equal only once affixes are stripped (`fetch-mcp`, `mcp-server-fetch`),
 *   or names one small edit apart (`server-filesytem`).
 * - `ok`: nothing similar.
 *
 * Threat: name collision and typosquatting in the registry and the installer.
 */
import type { NameField, NameTerm } from './name-terms.js';

/** The overall outcome: the strongest grade of any similar name. */
export type Verdict = 'ok' | 'review' | 'reject';

/** Why two names are similar, from the most to the least exact. */
export type SimilarReason =
  | 'same-normalized'
  | 'same-base-name'
  | 'identical-skeleton'
  | 'look-alike-skeleton'
  | 'edit-distance';

/** One name of another owner that the checked name resembles. */
export interface SimilarName {
  /** The other server's name (or npm identifier, for an npm-only entry). */
  readonly name: string;
  /** The other name's owner, when known. */
  readonly owner?: string;
  readonly reason: SimilarReason;
  /** The edit distance, for `edit-distance`. */
  readonly distance?: number;
  /** The part of the checked name that matched. */
  readonly field: NameField;
  /** The part of the other name it matched, and that part as written. */
  readonly otherField: NameField;
  readonly matched: string;
  /** This similarity's own grade. */
  readonly verdict: Exclude<Verdict, 'ok'>;
}

/** The result of checking one name. */
export interface NameCheck {
  readonly verdict: Verdict;
  readonly similar: readonly SimilarName[];
  /** Problems of the name itself (invisible characters, nothing to compare); each rejects. */
  readonly problems?: readonly string[];
}

/** How one similarity is graded (see the module comment). */
export function gradeOf(
  reason: SimilarReason,
  query: NameTerm,
  other: NameTerm,
): Exclude<Verdict, 'ok'> {
  if (reason === 'edit-distance' || reason === 'same-base-name') return 'review';
  if (reason !== 'same-normalized') return 'reject';
  return query.pool === 'owner' || (query.flat && other.flat) ? 'reject' : 'review';
}

const REASON_RANK: Readonly<Record<SimilarReason, number>> = {
  'identical-skeleton': 0,
  'look-alike-skeleton': 1,
  'same-normalized': 2,
  'same-base-name': 3,
  'edit-distance': 4,
};

/** Orders similar names: rejects first, then by reason, distance and name. */
export function compareSimilar(a: SimilarName, b: SimilarName): number {
  return (
    (a.verdict === b.verdict ? 0 : a.verdict === 'reject' ? -1 : 1) ||
    REASON_RANK[a.reason] - REASON_RANK[b.reason] ||
    (a.distance ?? 0) - (b.distance ?? 0) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    (a.field < b.field ? -1 : a.field > b.field ? 1 : 0)
  );
}

/** The overall verdict of a list of similar names and problems. */
export function verdictOf(similar: readonly SimilarName[], problems: readonly string[]): Verdict {
  if (problems.length > 0 || similar.some((s) => s.verdict === 'reject')) return 'reject';
  return similar.length > 0 ? 'review' : 'ok';
}
