/**
 * @module operation/gateway/naming/public-name
 * The public name of one tool or prompt: what the host sees. It depends only on the server's
 * prefix, the item's own name and the length limit; the name table may change it afterwards only
 * to settle a clash.
 */
import { ErrorCode, GatehouseError } from '../../../shared/errors/index.js';
import { isNormalizedPrefix } from './prefix.js';
import { shortHash } from './short-hash.js';

/** Default longest public name: what common model APIs accept. */
export const DEFAULT_MAX_NAME_LENGTH = 64;
/** Smallest configurable longest public name. */
export const MIN_MAX_NAME_LENGTH = 16;
/** Largest configurable longest public name: the spec's limit. */
export const MAX_MAX_NAME_LENGTH = 128;
/** Hash characters in the hashed form (40 bits). */
export const NAME_HASH_LENGTH = 8;

/** Separator between prefix and name. Prefixes never contain it nor end in `_`. */
export const PREFIX_SEPARATOR = '__';

const PLAIN_NAME = /^[A-Za-z0-9_-]+$/;

/** A public name and where its prefix part ends. */
export interface PlannedName {
  /** The public name. */
  readonly publicName: string;
  /** The prefix as it appears in `publicName` (shortened only if it could not fit whole). */
  readonly prefixPart: string;
  /** Whether the hashed form was used. */
  readonly hashed: boolean;
}

/** Throws unless `maxLength` is an integer in 16..128. */
export function assertMaxLength(maxLength: number): void {
  if (
    !Number.isInteger(maxLength) ||
    maxLength < MIN_MAX_NAME_LENGTH ||
    maxLength > MAX_MAX_NAME_LENGTH
  ) {
    throw new GatehouseError(
      ErrorCode.Internal,
      `names.maxLength must be an integer in ${MIN_MAX_NAME_LENGTH}..${MAX_MAX_NAME_LENGTH}, got ${maxLength}`,
    );
  }
}

/** Whether `value` is a well-formed public name for `maxLength`. */
export function isValidPublicName(value: string, maxLength = DEFAULT_MAX_NAME_LENGTH): boolean {
  return value.length >= 1 && value.length <= maxLength && PLAIN_NAME.test(value);
}

/**
 * The readable part of the hashed form: invisible characters dropped, NFKD with combining marks
 * dropped (`é` -> `e`), then every run of characters outside `[A-Za-z0-9_-]` replaced by one `-`.
 */
export function sanitizeName(name: string): string {
  return name
    .replace(/[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-');
}

/**
 * Joins a prefix, a body and a tail into a name of at most `maxLength` characters. The tail is
 * kept whole; the body is cut first; if the prefix alone does not fit it is cut as well (and
 * trailing `_` removed, so `__` stays the separator). Assumes ASCII body and tail, a normalised
 * prefix and `tail.length <= maxLength - 3`.
 */
export function composeName(prefix: string, body: string, tail: string, maxLength: number): string {
  const separator = prefix === '' ? '' : PREFIX_SEPARATOR;
  const room = maxLength - tail.length - separator.length;
  if (prefix.length <= room) {
    return prefix + separator + body.slice(0, room - prefix.length) + tail;
  }
  return prefix.slice(0, room).replace(/_+$/, '') + separator + tail;
}

/**
 * Plans the public name of item `name` of a server with normalised prefix `prefix`:
 * - plain form `prefix__name` (just `name` for the empty prefix) when `name` is non-empty, uses
 *   only `[A-Za-z0-9_-]` and the result fits `maxLength`;
 * - otherwise the hashed form `prefix__<sanitized name, cut to fit>_<hash>`, where `hash` is the
 *   8-character short hash of the original name. If even `prefix__` plus `_<hash>` does not fit,
 *   the prefix is cut to fit and the hash is taken over `prefix + "__" + name`, so servers whose
 *   cut prefixes coincide still get distinct names.
 */
export function planPublicName(prefix: string, name: string, maxLength: number): PlannedName {
  const separator = prefix === '' ? '' : PREFIX_SEPARATOR;
  if (name !== '' && PLAIN_NAME.test(name)) {
    const plain = prefix + separator + name;
    if (plain.length <= maxLength) return { publicName: plain, prefixPart: prefix, hashed: false };
  }
  const tailLength = 1 + NAME_HASH_LENGTH;
  const prefixFits = prefix.length + separator.length + tailLength <= maxLength;
  const hash = shortHash(prefixFits ? name : prefix + separator + name, NAME_HASH_LENGTH);
  const publicName = composeName(prefix, sanitizeName(name), `_${hash}`, maxLength);
  const prefixPart = prefixFits ? prefix : publicName.slice(0, publicName.indexOf(separator));
  return { publicName, prefixPart, hashed: true };
}

/**
 * The public name of item `name` of a server with prefix `prefix` (see {@link planPublicName}).
 * Throws a `GatehouseError` if `prefix` is not normalised or `maxLength` is outside 16..128.
 */
export function publicName(
  prefix: string,
  name: string,
  maxLength: number = DEFAULT_MAX_NAME_LENGTH,
): string {
  assertMaxLength(maxLength);
  if (!isNormalizedPrefix(prefix)) {
    throw new GatehouseError(
      ErrorCode.Internal,
      `prefix ${JSON.stringify(prefix)} is not normalised; pass it through normalizePrefix first`,
    );
  }
  return planPublicName(prefix, name, maxLength).publicName;
}
