/**
 * @module operation/gateway/naming/prefix
 * Server prefixes: the part of a public name that says which server an item comes from. A
 * normalised prefix consists of `[A-Za-z0-9-]` with single `_` between them, so it never contains
 * `__` and never starts or ends with `_`; that keeps the first `__` of a public name the separator.
 */
import { displayQuote } from './display-quote.js';
import { shortHash } from './short-hash.js';

/** Longest normalised prefix. */
export const MAX_PREFIX_LENGTH = 32;

/** Characters kept from a too-long prefix before `-` and the hash. */
const LONG_PREFIX_KEEP = 24;

/** Hash characters after a shortened prefix: 24 + `-` + 7 = 32. */
export const PREFIX_HASH_LENGTH = MAX_PREFIX_LENGTH - LONG_PREFIX_KEEP - 1;

const NORMALISED_PREFIX = /^(?:[A-Za-z0-9-]+(?:_[A-Za-z0-9-]+)*)?$/;

/** The outcome of normalising one prefix. */
export interface PrefixResult {
  /** The normalised prefix; `""` only for an explicitly empty prefix. */
  readonly prefix: string;
  /** Whether `prefix` differs from the input. */
  readonly changed: boolean;
  /** What was changed and why, in words for the user; present exactly when `changed`. */
  readonly note?: string;
}

/** Whether `value` is already a normalised prefix (normalising it would change nothing). */
export function isNormalizedPrefix(value: string): boolean {
  return value.length <= MAX_PREFIX_LENGTH && NORMALISED_PREFIX.test(value);
}

/**
 * Normalises a raw prefix:
 * 1. every character (code point) outside `[A-Za-z0-9_-]` becomes `-`;
 * 2. runs of `_` collapse to one `_`, and leading and trailing `_` are removed;
 * 3. a result longer than 32 characters becomes its first 24 characters, `-` and the 7-character
 *    short hash of the raw input;
 * 4. a non-empty input that comes out empty (e.g. `"___"`) becomes the 7-character short hash
 *    of the input, so that only an explicit `""` gives the empty prefix.
 */
export function normalizePrefix(raw: string): PrefixResult {
  if (raw === '') return { prefix: '', changed: false };
  let prefix = '';
  for (const char of raw) prefix += /^[A-Za-z0-9_-]$/.test(char) ? char : '-';
  prefix = prefix.replace(/_+/g, '_').replace(/^_|_$/g, '');
  const reasons: string[] = [];
  if (prefix !== raw && prefix !== '') {
    reasons.push('characters outside [A-Za-z0-9-] and repeated or outer "_" were replaced');
  }
  if (prefix.length > MAX_PREFIX_LENGTH) {
    prefix = `${prefix.slice(0, LONG_PREFIX_KEEP)}-${shortHash(raw, PREFIX_HASH_LENGTH)}`;
    reasons.push(`it was longer than ${MAX_PREFIX_LENGTH} characters and was shortened`);
  } else if (prefix === '') {
    prefix = shortHash(raw, PREFIX_HASH_LENGTH);
    reasons.push('nothing usable was left, so a hash of it stands in');
  }
  if (prefix === raw) return { prefix, changed: false };
  return {
    prefix,
    changed: true,
    note: `prefix ${displayQuote(raw)} became ${displayQuote(prefix)}: ${reasons.join('; ')}`,
  };
}

/**
 * A server's prefix: its explicit `prefix` option when given (`""` included), else its config
 * key, normalised by {@link normalizePrefix}.
 */
export function resolvePrefix(key: string, explicitPrefix?: string): PrefixResult {
  return normalizePrefix(explicitPrefix ?? key);
}

/**
 * The prefix an empty-prefix server falls back to when one of its names clashes: its normalised
 * config key, or, for the empty key, the key's short hash.
 */
export function keyPrefix(key: string): string {
  const { prefix } = normalizePrefix(key);
  return prefix === '' ? shortHash(key, PREFIX_HASH_LENGTH) : prefix;
}
