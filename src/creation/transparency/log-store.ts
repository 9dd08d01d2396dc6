/**
 * @module creation/transparency/log-store
 * Where a transparency log keeps its leaves, behind one interface so SQLite today and
 * PostgreSQL later hold the same data. Besides the leaves, a store keeps the hash of every
 * complete ("perfect") subtree, written once when its last leaf arrives and never changed: with
 * them, a root, an inclusion proof or a consistency proof costs O(log n) reads and hashes
 * instead of rehashing the whole log.
 *
 * Append-only: a store offers no way to change or remove a leaf or a node, and an append names
 * the index it expects, so two writers can never both take the same index.
 */

/** One leaf as stored: its position, its bytes and its RFC 6962 leaf hash. */
export interface StoredLeaf {
  readonly index: number;
  readonly leaf: Buffer;
  readonly leafHash: Buffer;
}

/**
 * The hash of the complete subtree at `level` (0 is a leaf hash) whose leaves are
 * `[index * 2^level, (index + 1) * 2^level)`.
 */
export interface NodeHash {
  readonly level: number;
  readonly index: number;
  readonly hash: Buffer;
}

/** One append: the leaf at `index` and the subtree hashes (level ≥ 1) its arrival completes. */
export interface LeafAppend {
  readonly index: number;
  readonly leaf: Buffer;
  readonly leafHash: Buffer;
  readonly nodes: readonly NodeHash[];
}

/** Storage of one append-only Merkle log. Every method is synchronous. */
export interface LogStore {
  /** How many leaves the log holds. */
  size(): number;
  /** The leaf at `index`, or `undefined` past the end. */
  leaf(index: number): StoredLeaf | undefined;
  /** The leaves `[start, end)` that exist, in order. */
  leaves(start: number, end: number): StoredLeaf[];
  /**
   * The hash of a complete subtree (level 0: the leaf hash), or `undefined` when that subtree
   * is not complete yet.
   */
  node(level: number, index: number): Buffer | undefined;
  /**
   * Adds a leaf and its completed subtree hashes atomically. Throws (`TRANSPARENCY_LOG_CORRUPT`)
   * unless `entry.index` is the current size: an append never overwrites or skips.
   */
  append(entry: LeafAppend): void;
  /**
   * Runs `fn` with every other writer kept out, so a size read inside stays true for the appends
   * made inside; nested calls join the outer one. A throw inside undoes its appends.
   */
  exclusive<T>(fn: () => T): T;
}
