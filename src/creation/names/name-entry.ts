/**
 * @module creation/names/name-entry
 * A name as the look-alike check knows it: a server name or npm identifier, its owner, and the npm
 * identifiers it is published under. The owner decides what is never compared: an owner's own
 * names never conflict with each other.
 */
import type { NameTerm } from './name-terms.js';
import { npmTermsOfIdentifier, parseName, termsOf } from './name-terms.js';
import { stripInvisible } from './normalize.js';

/** A registered (or checked) name. */
export interface NameEntry {
  /** `io.github.alice/weather`, `@alice/weather-mcp`, `mcp-server-weather` or a display name. */
  readonly name: string;
  /** Who owns it (a key id, an account); defaults to {@link ownerOf}'s reading of the name. */
  readonly owner?: string;
  /** npm identifiers the server is published under. */
  readonly npm?: readonly string[];
}

/**
 * The owner of an entry: its `owner`, else the namespace of a server name, the scope of a scoped
 * npm name, or the name itself. Case-insensitive.
 */
export function ownerOf(entry: NameEntry): string {
  if (entry.owner !== undefined && entry.owner.trim() !== '')
    return entry.owner.trim().toLowerCase();
  const parsed = parseName(entry.name);
  if (parsed.kind === 'server') return parsed.namespace.toLowerCase();
  if (parsed.kind === 'npm' && parsed.scope !== undefined) return `@${parsed.scope.toLowerCase()}`;
  return entry.name.trim().toLowerCase();
}

/** Every term of an entry: its name's, then each npm identifier's. */
export function entryTerms(entry: NameEntry): NameTerm[] {
  return [...termsOf(entry.name), ...(entry.npm ?? []).flatMap(npmTermsOfIdentifier)];
}

/** Longest name or identifier accepted (the registry's own limit is 200). */
export const MAX_NAME_LENGTH = 256;

const INVISIBLE_TEST = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/u;

/**
 * Problems of a name itself, each a reason to reject it whatever else is registered: invisible or
 * bidi control characters (a disguise in itself), excessive length, nothing to compare.
 */
export function problemsOf(entry: NameEntry, terms: readonly NameTerm[]): string[] {
  const problems: string[] = [];
  for (const raw of [entry.name, ...(entry.npm ?? [])]) {
    if (stripInvisible(raw) !== raw || INVISIBLE_TEST.test(raw)) {
      problems.push(`"${stripInvisible(raw)}" contains invisible or bidi control characters`);
    }
    if (raw.length > MAX_NAME_LENGTH) {
      problems.push(`a name is longer than ${MAX_NAME_LENGTH} characters`);
    }
  }
  if (terms.length === 0) {
    problems.push('the name has no letters or digits to compare');
  }
  return problems;
}
