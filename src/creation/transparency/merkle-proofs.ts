/**
 * @module creation/transparency/merkle-proofs
 * Server side of RFC 6962 §2.1: the Merkle Tree Hash of any prefix of the log, the audit path of
 * a leaf (§2.1.1) and the consistency proof between two sizes (§2.1.2), computed from the
 * stored hashes of complete subtrees. The RFC's recursion always splits a subtree into a complete
 * left part (read from the store) and a right part; only the right edge is hashed on the fly, so
 * each answer costs O(log n) reads and hashes.
 *
 * Also the appending side: which complete subtrees a new leaf finishes, and their hashes.
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { LogStore, NodeHash } from './log-store.js';
import {
  EMPTY_TREE_HASH,
  hashChildren,
  isPowerOfTwo,
  log2Exact,
  splitPoint,
} from './merkle-hash.js';

/** What the proofs read: the stored complete-subtree hashes. */
export type NodeSource = Pick<LogStore, 'node'>;

/** The Merkle Tree Hash of the first `treeSize` leaves. */
export function treeHash(source: NodeSource, treeSize: number): Buffer {
  return treeSize === 0 ? EMPTY_TREE_HASH : subtreeHash(source, 0, treeSize);
}

/** MTH of the `size` (≥ 1) leaves starting at `start`. */
export function subtreeHash(source: NodeSource, start: number, size: number): Buffer {
  if (isPowerOfTwo(size) && start % size === 0)
    return storedNode(source, log2Exact(size), start / size);
  const k = splitPoint(size);
  return hashChildren(subtreeHash(source, start, k), subtreeHash(source, start + k, size - k));
}

/**
 * The audit path of leaf `index` in the tree of the first `treeSize` leaves, from the leaf's
 * sibling up to the root's child (RFC 6962 §2.1.1 PATH). The caller checks index < treeSize.
 */
export function inclusionPath(source: NodeSource, index: number, treeSize: number): Buffer[] {
  const path: Buffer[] = [];
  collectPath(source, index, 0, treeSize, path);
  return path;
}

function collectPath(
  source: NodeSource,
  m: number,
  start: number,
  size: number,
  path: Buffer[],
): void {
  if (size <= 1) return;
  const k = splitPoint(size);
  if (m < k) {
    collectPath(source, m, start, k, path);
    path.push(subtreeHash(source, start + k, size - k));
  } else {
    collectPath(source, m - k, start + k, size - k, path);
    path.push(subtreeHash(source, start, k));
  }
}

/**
 * The consistency proof from the first `firstSize` leaves to the first `secondSize`
 * (RFC 6962 §2.1.2 PROOF); empty when `firstSize` is 0 or equals `secondSize`. The caller
 * checks firstSize ≤ secondSize.
 */
export function consistencyPath(
  source: NodeSource,
  firstSize: number,
  secondSize: number,
): Buffer[] {
  const proof: Buffer[] = [];
  if (firstSize > 0 && firstSize < secondSize) {
    collectSubproof(source, firstSize, 0, secondSize, true, proof);
  }
  return proof;
}

function collectSubproof(
  source: NodeSource,
  m: number,
  start: number,
  size: number,
  isWholeFirstTree: boolean,
  proof: Buffer[],
): void {
  if (m === size) {
    // The first tree's root is known to the verifier only when this subtree is all of it.
    if (!isWholeFirstTree) proof.push(subtreeHash(source, start, size));
    return;
  }
  const k = splitPoint(size);
  if (m <= k) {
    collectSubproof(source, m, start, k, isWholeFirstTree, proof);
    proof.push(subtreeHash(source, start + k, size - k));
  } else {
    collectSubproof(source, m - k, start + k, size - k, false, proof);
    proof.push(subtreeHash(source, start, k));
  }
}

/**
 * The complete subtrees (level ≥ 1) that leaf `index` finishes, with their hashes: one per
 * trailing 1 bit of `index`. Reads each left sibling from `source`.
 */
export function completedNodes(source: NodeSource, index: number, leafHash: Buffer): NodeHash[] {
  const nodes: NodeHash[] = [];
  let hash = leafHash;
  let position = index;
  for (let level = 1; position % 2 === 1; level += 1) {
    const left = storedNode(source, level - 1, position - 1);
    position = (position - 1) / 2;
    hash = hashChildren(left, hash);
    nodes.push({ level, index: position, hash });
  }
  return nodes;
}

function storedNode(source: NodeSource, level: number, index: number): Buffer {
  const hash = source.node(level, index);
  if (hash === undefined) {
    // Threat: a damaged store answering with a made-up tree; refuse rather than guess.
    throw new GatehouseError(
      ErrorCode.TransparencyLogCorrupt,
      `the transparency log store lacks the hash of subtree ${index} at level ${level}`,
      { data: { level, index } },
    );
  }
  return hash;
}
