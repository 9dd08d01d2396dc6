/**
 * @module operation/scanner/cache
 * `ScanCache`: scan results by definition, so the gateway never rescans a definition it has seen.
 * Keyed by the RFC 8785 hash of the item (kind, name and definition: the same definition under
 * another name is another item); a bounded LRU, so a server that churns definitions cannot grow
 * it without bound.
 */
import { jcsHash } from '../../shared/canonical/index.js';
import { scanDefinition } from './scan.js';
import type { ScanItem, ScanOptions, ScanResult } from './types.js';

/** Results of {@link scanDefinition}, remembered by content hash. */
export class ScanCache {
  private readonly entries = new Map<string, ScanResult>();
  private hitCount = 0;
  private missCount = 0;

  constructor(
    /** Most results kept; the least recently used go first. */
    readonly capacity = 10_000,
    private readonly options?: ScanOptions,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
  }

  /** The cache key of an item: SHA-256 of its canonical JSON. */
  static keyOf(item: ScanItem): string {
    return jcsHash({ kind: item.kind, name: item.name, definition: item.definition ?? null });
  }

  /** The scan result of `item`, scanning only when this content was not seen (recently). */
  scan(item: ScanItem): ScanResult {
    const key = ScanCache.keyOf(item);
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      this.hitCount += 1;
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    this.missCount += 1;
    const result = scanDefinition(item, this.options);
    this.entries.set(key, result);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return result;
  }

  /** Results kept now. */
  get size(): number {
    return this.entries.size;
  }

  /** Lookups answered from the cache and lookups that scanned. */
  get stats(): { readonly hits: number; readonly misses: number } {
    return { hits: this.hitCount, misses: this.missCount };
  }

  /** Forgets every result. */
  clear(): void {
    this.entries.clear();
  }
}
