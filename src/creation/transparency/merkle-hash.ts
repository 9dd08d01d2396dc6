/**
 * @module creation/transparency/merkle-hash
 * The hashing of RFC 6962 §2.1 (kept in RFC 9162 §2.1.1) with SHA-256: a leaf hashes as
 * `SHA-256(0x00 || leaf)`, an inner node as `SHA-256(0x01 || left || right)`, and the empty tree
 * as `SHA-256()`. The distinct prefixes are the defence against second-preimage attacks: without
 * them an inner node's 64 bytes could be presented as a leaf and a forged tree share a root.
 *
 * Tree sizes and indices are JavaScript numbers kept to safe integers (< 2^53) and handled with
 * arithmetic, never with 32-bit bitwise operators, which silently truncate above 2^31.
 * Written by hand: the few lines are the whole algorithm, and no maintained npm library
 * implements RFC 6962 proofs with its verification rules.
 */
import { createHash } from 'node:crypto';

/** Bytes of a SHA-256 hash: every leaf, node and root hash of the log. */
export const HASH_BYTES = 32;

/** Prefix of a hashed leaf (RFC 6962 §2.1). */
const LEAF_PREFIX = Buffer.from([0x00]);
/** Prefix of a hashed pair of children (RFC 6962 §2.1). */
const NODE_PREFIX = Buffer.from([0x01]);

/** The Merkle Tree Hash of the empty tree: SHA-256 of the empty string. */
export const EMPTY_TREE_HASH: Buffer = createHash('sha256').digest();

/** The hash of one leaf: `SHA-256(0x00 || leaf)`. */
export function hashLeaf(leaf: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();
}

/** The hash of an inner node: `SHA-256(0x01 || left || right)`. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** True for a tree size or index the log can hold: a safe integer ≥ 0. */
export function isTreeSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** True when `n` is 1, 2, 4, 8, …. */
export function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  let rest = n;
  while (rest % 2 === 0) rest /= 2;
  return rest === 1;
}

/** The largest power of two strictly smaller than `n` (n ≥ 2): where RFC 6962 splits a tree. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** log2 of a power of two. */
export function log2Exact(powerOfTwo: number): number {
  let level = 0;
  for (let rest = powerOfTwo; rest > 1; rest /= 2) level += 1;
  return level;
}
