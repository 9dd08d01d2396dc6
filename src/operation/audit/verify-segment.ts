/**
 * @module operation/audit/verify-segment
 * What the running log checks before it signs a checkpoint: every row after the last signed
 * point links to the one before it, and each is either a row this process wrote, still holding
 * the hash it was written with, or (written by another process, or before this one started) a
 * row whose contents hash to its stored hash.
 *
 * Threat: signing a tail that someone changed since it was written would vouch for the change,
 * so nothing unverified is ever signed. For a process's own rows, comparing the stored hash with
 * the one it computed is enough: a content change that keeps the hash is caught by any later
 * `verify` (hash mismatch), one that recomputes it is caught here.
 */
import { AuditError } from './audit-error.js';
import { chainHash, type ChainPoint, recordOf } from './audit-record.js';
import type { AuditStore } from './audit-store.js';

/** A signed (or verified) position: the last row covered and how many rows that is. */
export interface Signed extends ChainPoint {
  readonly count: number;
}

const PAGE = 1000;

/** Walks every row after `from` to the current end; returns the new verified point. */
export async function verifySegment(
  store: AuditStore,
  from: Signed,
  written: ReadonlyMap<number, string>,
): Promise<Signed> {
  let point = from;
  for (;;) {
    const links = await store.links(point.seq + 1, PAGE);
    const foreign = links.filter((link) => !written.has(link.seq));
    const contentHash = new Map<number, string | null>();
    if (foreign.length > 0) {
      const first = foreign[0]!.seq;
      const last = foreign.at(-1)!.seq;
      for (const scanned of await store.read(first, last - first + 1)) {
        contentHash.set(
          scanned.seq,
          scanned.ok ? chainHash(scanned.row.prevHash, recordOf(scanned.row)) : null,
        );
      }
    }
    for (const link of links) {
      const broken = (what: string) =>
        new AuditError('tampered', `seq ${link.seq}: ${what}; run "gatehouse audit verify"`);
      if (link.seq !== point.seq + 1) throw broken(`expected seq ${point.seq + 1}`);
      if (link.prevHash !== point.hash) throw broken('prev_hash does not link to the row before');
      const own = written.get(link.seq);
      if (own !== undefined && own !== link.hash) throw broken('not the hash this process wrote');
      if (own === undefined && contentHash.get(link.seq) !== link.hash) {
        throw broken("the row's contents do not hash to its stored hash");
      }
      point = { seq: link.seq, hash: link.hash, count: point.count + 1 };
    }
    if (links.length < PAGE) return point;
  }
}
