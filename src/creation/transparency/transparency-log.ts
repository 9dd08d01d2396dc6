/**
 * @module creation/transparency/transparency-log
 * The log itself, as the registry runs it: appends leaves to its {@link LogStore}, signs tree
 * heads with the log key, and answers inclusion proofs, consistency proofs and entry ranges for
 * any size it has reached. Nothing here is a check against the log; those live with the clients
 * (client-verify, witness). Requests outside the log (an index past the tree, a size the log
 * has not reached) throw `TRANSPARENCY_LOG_RANGE`.
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { SigningKeyPair } from '../signing/index.js';
import type { LogStore } from './log-store.js';
import { hashLeaf, isTreeSize } from './merkle-hash.js';
import { completedNodes, consistencyPath, inclusionPath, treeHash } from './merkle-proofs.js';
import type { ConsistencyProof, InclusionProof } from './proof-types.js';
import type { SignedTreeHead } from './tree-head.js';
import { signTreeHead } from './tree-head.js';

/** The most entries one {@link TransparencyLog.entries} call returns. */
export const MAX_ENTRIES_PER_CALL = 1000;

/** Where a log keeps its leaves, and the key it signs its heads with. */
export interface TransparencyLogOptions {
  readonly store: LogStore;
  readonly signingKey: SigningKeyPair;
  /** The clock of the tree-head timestamps (tests pin it). */
  readonly now?: () => Date;
}

/** A leaf as appended: its index and hex leaf hash. */
export interface AppendResult {
  readonly index: number;
  readonly leafHash: string;
}

/** A leaf as read back. */
export interface LogEntry {
  readonly index: number;
  readonly leaf: Buffer;
  readonly leafHash: string;
}

/** An append-only RFC 6962 Merkle log with Ed25519-signed tree heads. */
export class TransparencyLog {
  /** Hex key id of the log's public key; every head and proof names it. */
  readonly logId: string;
  /** The log's public key (base64url), which clients pin. */
  readonly publicKey: string;
  private readonly store: LogStore;
  private readonly signingKey: SigningKeyPair;
  private readonly now: () => Date;

  constructor(options: TransparencyLogOptions) {
    this.store = options.store;
    this.signingKey = options.signingKey;
    this.logId = options.signingKey.keyId;
    this.publicKey = options.signingKey.publicKey;
    this.now = options.now ?? (() => new Date());
  }

  /** How many leaves the log holds. */
  size(): number {
    return this.store.size();
  }

  /** Appends one leaf (durably, in one transaction); its index is the size before. */
  append(leaf: Uint8Array): AppendResult {
    return this.store.exclusive(() => this.appendOne(leaf));
  }

  /** Appends several leaves in one transaction: all of them or, on a failure, none. */
  appendAll(leaves: readonly Uint8Array[]): AppendResult[] {
    return this.store.exclusive(() => leaves.map((leaf) => this.appendOne(leaf)));
  }

  /** The hex Merkle Tree Hash of the first `treeSize` leaves (default: all). */
  rootHash(treeSize = this.size()): string {
    this.checkSize(treeSize);
    return treeHash(this.store, treeSize).toString('hex');
  }

  /** A freshly signed head for the log's current size. */
  treeHead(): SignedTreeHead {
    const treeSize = this.size();
    return signTreeHead(
      {
        logId: this.logId,
        treeSize,
        rootHash: treeHash(this.store, treeSize).toString('hex'),
        timestamp: this.now().toISOString(),
      },
      this.signingKey,
    );
  }

  /** The audit path of leaf `index` in the tree of the first `treeSize` leaves. */
  inclusionProof(index: number, treeSize: number): InclusionProof {
    this.checkSize(treeSize);
    if (!isTreeSize(index) || index >= treeSize) {
      throw rangeError(`leaf ${index} is not in a tree of ${treeSize} leaves`, { index, treeSize });
    }
    const path = inclusionPath(this.store, index, treeSize);
    return { leafIndex: index, treeSize, path: path.map((hash) => hash.toString('hex')) };
  }

  /** The proof that the first `secondSize` leaves extend the first `firstSize`. */
  consistencyProof(firstSize: number, secondSize: number): ConsistencyProof {
    this.checkSize(secondSize);
    if (!isTreeSize(firstSize) || firstSize > secondSize) {
      throw rangeError(`no consistency proof from size ${firstSize} to size ${secondSize}`, {
        firstSize,
        secondSize,
      });
    }
    const path = consistencyPath(this.store, firstSize, secondSize);
    return { firstSize, secondSize, path: path.map((hash) => hash.toString('hex')) };
  }

  /**
   * The leaves `[start, end)`; fewer when `end` is past the log or the range is longer than
   * {@link MAX_ENTRIES_PER_CALL} (callers page on). A start past the end gives none.
   */
  entries(start: number, end: number): LogEntry[] {
    if (!isTreeSize(start) || !isTreeSize(end) || end < start) {
      throw rangeError(`no entries [${start}, ${end})`, { start, end });
    }
    const last = Math.min(end, start + MAX_ENTRIES_PER_CALL);
    return this.store.leaves(start, last).map((stored) => ({
      index: stored.index,
      leaf: stored.leaf,
      leafHash: stored.leafHash.toString('hex'),
    }));
  }

  private appendOne(leaf: Uint8Array): AppendResult {
    const index = this.store.size();
    const leafHash = hashLeaf(leaf);
    const nodes = completedNodes(this.store, index, leafHash);
    this.store.append({ index, leaf: Buffer.from(leaf), leafHash, nodes });
    return { index, leafHash: leafHash.toString('hex') };
  }

  private checkSize(treeSize: number): void {
    if (!isTreeSize(treeSize) || treeSize > this.size()) {
      throw rangeError(`the log has no tree of size ${treeSize} (it holds ${this.size()})`, {
        treeSize,
      });
    }
  }
}

function rangeError(message: string, data: Record<string, unknown>): GatehouseError {
  return new GatehouseError(ErrorCode.TransparencyLogRange, message, { data });
}
