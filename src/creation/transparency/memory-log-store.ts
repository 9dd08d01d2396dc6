/**
 * @module creation/transparency/memory-log-store
 * A {@link LogStore} in memory, for tests and short-lived tools (a client rebuilding a tree it
 * downloaded). Nothing survives the process.
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { LeafAppend, LogStore, StoredLeaf } from './log-store.js';

/** The in-memory implementation of {@link LogStore}. */
export class MemoryLogStore implements LogStore {
  private readonly stored: StoredLeaf[] = [];
  private readonly nodes = new Map<string, Buffer>();
  /** Node keys added inside the running `exclusive` call, to undo them if it throws. */
  private journal: string[] | undefined;

  size(): number {
    return this.stored.length;
  }

  leaf(index: number): StoredLeaf | undefined {
    return this.stored[index];
  }

  leaves(start: number, end: number): StoredLeaf[] {
    return this.stored.slice(Math.max(0, start), Math.max(0, end));
  }

  node(level: number, index: number): Buffer | undefined {
    return level === 0 ? this.stored[index]?.leafHash : this.nodes.get(`${level}:${index}`);
  }

  append(entry: LeafAppend): void {
    if (entry.index !== this.stored.length) {
      throw new GatehouseError(
        ErrorCode.TransparencyLogCorrupt,
        `append at index ${entry.index} refused: the log holds ${this.stored.length} leaves`,
        { data: { index: entry.index, size: this.stored.length } },
      );
    }
    this.stored.push({
      index: entry.index,
      leaf: Buffer.from(entry.leaf),
      leafHash: entry.leafHash,
    });
    for (const node of entry.nodes) {
      const key = `${node.level}:${node.index}`;
      this.nodes.set(key, node.hash);
      this.journal?.push(key);
    }
  }

  exclusive<T>(fn: () => T): T {
    // One thread and synchronous methods: nothing interleaves; only the undo needs work.
    if (this.journal !== undefined) return fn();
    const length = this.stored.length;
    const journal: string[] = [];
    this.journal = journal;
    try {
      return fn();
    } catch (error) {
      this.stored.length = length;
      for (const key of journal) this.nodes.delete(key);
      throw error;
    } finally {
      this.journal = undefined;
    }
  }
}
