/**
 * @module operation/gateway/naming/short-hash
 * Short, stable hashes for names: the first characters of the lowercase RFC 4648 base32 form of
 * the SHA-256 digest of a string's UTF-8 bytes. Each character carries 5 bits, so 8 characters
 * carry 40 bits. Lowercase letters and the digits 2-7 only, so a hash is valid in a tool name,
 * a prefix and a URI authority alike.
 */
import { createHash } from 'node:crypto';

const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Longest hash this module can give: 256 bits in 5-bit characters. */
export const MAX_SHORT_HASH_LENGTH = 52;

/**
 * The first `length` base32 characters of SHA-256(UTF-8 of `input`). Lone surrogates, which UTF-8
 * cannot carry, are encoded as U+FFFD, so two strings that differ only in lone surrogates share a
 * hash; every caller in this module copes with equal hashes (the clash rule separates them).
 */
export function shortHash(input: string, length = 8): string {
  if (!Number.isInteger(length) || length < 1 || length > MAX_SHORT_HASH_LENGTH) {
    throw new RangeError(`shortHash length must be 1..${MAX_SHORT_HASH_LENGTH}, got ${length}`);
  }
  const digest = createHash('sha256').update(input, 'utf8').digest();
  // Written by hand: Node's Buffer has no base32 encoding, and a dependency for ten lines of
  // bit shifting is not worth it.
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of digest) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      bits -= 5;
      out += BASE32_ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
    if (out.length >= length) return out;
  }
  if (bits > 0 && out.length < length) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}
