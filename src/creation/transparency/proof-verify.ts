/**
 * @module creation/transparency/proof-verify
 * Verification of inclusion and consistency proofs as RFC 9162 §2.1.3.2 and §2.1.4.2 specify
 * (the proofs themselves are RFC 6962's audit paths and consistency proofs). Pure functions over
 * raw hashes that answer `false`, never throw: a malformed proof, an index not below the tree
 * size, a hash of the wrong length, a path too long or too short all fail closed.
 *
 * Threats: an inclusion proof that does not bind the entry, its index and the tree size lets a
 * log claim to have published a release it never showed to anyone (a targeted, split view);
 * a consistency proof that is not checked exactly lets a log rewrite or fork its history while
 * clients believe it only appended.
 */
import {
  EMPTY_TREE_HASH,
  HASH_BYTES,
  hashChildren,
  isPowerOfTwo,
  isTreeSize,
} from './merkle-hash.js';

/**
 * The longest path accepted: a tree of fewer than 2^53 leaves needs at most 53 inclusion hashes
 * and 54 consistency hashes. Bounds the work an attacker-supplied proof can cause.
 */
export const MAX_PROOF_HASHES = 64;

/**
 * The root that `path` leads to from `leafHash` at `index` in a tree of `treeSize` leaves
 * (RFC 9162 §2.1.3.2, steps 1 to 4), or `undefined` when the proof cannot be valid.
 */
export function rootFromInclusionPath(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  path: readonly Uint8Array[],
): Buffer | undefined {
  if (!isTreeSize(index) || !isTreeSize(treeSize) || index >= treeSize) return undefined;
  if (!wellFormed(path) || leafHash.length !== HASH_BYTES) return undefined;
  let fn = index;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of path) {
    // A path longer than the tree is tall: fail rather than hash past the root.
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // A path shorter than the tree is tall never reaches the root (step 5: sn must be 0).
  return sn === 0 ? r : undefined;
}

/** True when `path` proves `leafHash` at `index` in the tree of `treeSize` leaves with `root`. */
export function verifyInclusionPath(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  path: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (root.length !== HASH_BYTES) return false;
  const computed = rootFromInclusionPath(leafHash, index, treeSize, path);
  return computed !== undefined && computed.equals(root);
}

/**
 * True when `path` proves that the tree of `secondSize` leaves with `secondRoot` extends the tree
 * of `firstSize` leaves with `firstRoot` (RFC 9162 §2.1.4.2). Two cases the RFC leaves out are
 * trivially consistent with an empty proof: equal sizes with equal roots, and the empty tree
 * (whose root must be the empty-tree hash). Everything else fails closed.
 */
export function verifyConsistencyPath(
  firstSize: number,
  secondSize: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  path: readonly Uint8Array[],
): boolean {
  if (!isTreeSize(firstSize) || !isTreeSize(secondSize) || firstSize > secondSize) return false;
  if (firstRoot.length !== HASH_BYTES || secondRoot.length !== HASH_BYTES) return false;
  if (!wellFormed(path)) return false;
  // Same size: a fork shows up as two roots for one size; nothing to prove, nothing to add.
  if (firstSize === secondSize)
    return path.length === 0 && Buffer.from(firstRoot).equals(secondRoot);
  if (firstSize === 0) return path.length === 0 && EMPTY_TREE_HASH.equals(firstRoot);
  // Step 1: a non-trivial proof is never empty.
  if (path.length === 0) return false;
  // Step 2: a first tree of 2^k leaves is itself a node of the second; its root starts the path.
  const nodes = isPowerOfTwo(firstSize) ? [firstRoot, ...path] : [...path];
  let fn = firstSize - 1;
  let sn = secondSize - 1;
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  const [first, ...rest] = nodes as [Uint8Array, ...Uint8Array[]];
  let fr: Buffer = Buffer.from(first);
  let sr: Buffer = Buffer.from(first);
  for (const c of rest) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

function half(n: number): number {
  return Math.floor(n / 2);
}

function wellFormed(path: readonly Uint8Array[]): boolean {
  return (
    Array.isArray(path) &&
    path.length <= MAX_PROOF_HASHES &&
    path.every((hash) => hash instanceof Uint8Array && hash.length === HASH_BYTES)
  );
}
