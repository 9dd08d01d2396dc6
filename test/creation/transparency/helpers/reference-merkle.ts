/**
 * A naive reference of RFC 6962 §2.1, written straight from the RFC's recursive definitions
 * over the whole list of leaves (MTH, PATH, PROOF/SUBPROOF): O(n) hashes per answer, no cache,
 * no cleverness. Subranges are passed as [start, end) instead of copied. The properties compare
 * the log's O(log n) answers against it.
 */
import { createHash } from 'node:crypto';

type Leaves = readonly Uint8Array[];

function sha256(...parts: Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** The largest power of two smaller than n (n ≥ 2). */
function k(n: number): number {
  let power = 1;
  while (power * 2 < n) power *= 2;
  return power;
}

/** MTH(D[start:end]). */
function mth(leaves: Leaves, start: number, end: number): Buffer {
  const n = end - start;
  if (n === 0) return sha256();
  if (n === 1) return sha256(Buffer.from([0]), leaves[start]!);
  const split = start + k(n);
  return sha256(Buffer.from([1]), mth(leaves, start, split), mth(leaves, split, end));
}

/** MTH(D[n]). */
export function referenceRoot(leaves: Leaves): Buffer {
  return mth(leaves, 0, leaves.length);
}

/** PATH(m, D[n]). */
export function referencePath(m: number, leaves: Leaves): Buffer[] {
  return path(m, leaves, 0, leaves.length);
}

function path(m: number, leaves: Leaves, start: number, end: number): Buffer[] {
  const n = end - start;
  if (n <= 1) return [];
  const split = k(n);
  return m < split
    ? [...path(m, leaves, start, start + split), mth(leaves, start + split, end)]
    : [...path(m - split, leaves, start + split, end), mth(leaves, start, start + split)];
}

/** PROOF(m, D[n]) for 0 < m < n; empty otherwise. */
export function referenceConsistency(m: number, leaves: Leaves): Buffer[] {
  if (m <= 0 || m >= leaves.length) return [];
  return subproof(m, leaves, 0, leaves.length, true);
}

function subproof(m: number, leaves: Leaves, start: number, end: number, b: boolean): Buffer[] {
  const n = end - start;
  if (m === n) return b ? [] : [mth(leaves, start, end)];
  const split = k(n);
  return m <= split
    ? [...subproof(m, leaves, start, start + split, b), mth(leaves, start + split, end)]
    : [
        ...subproof(m - split, leaves, start + split, end, false),
        mth(leaves, start, start + split),
      ];
}
