/**
 * @module creation/transparency/proof-types
 * Inclusion and consistency proofs as they travel (JSON): sizes as numbers, hashes as lowercase
 * hex. Parsed with zod at every boundary; a proof longer than any real tree needs is malformed.
 */
import { z } from 'zod';

import { MAX_PROOF_HASHES } from './proof-verify.js';

const size = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const path = z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(MAX_PROOF_HASHES);

/** The audit path of leaf `leafIndex` in the tree of `treeSize` leaves (RFC 6962 §2.1.1). */
export const InclusionProofSchema = z.strictObject({
  leafIndex: size,
  treeSize: size,
  path,
});

/** The proof that the tree of `secondSize` leaves extends that of `firstSize` (§2.1.2). */
export const ConsistencyProofSchema = z.strictObject({
  firstSize: size,
  secondSize: size,
  path,
});

export type InclusionProof = z.infer<typeof InclusionProofSchema>;
export type ConsistencyProof = z.infer<typeof ConsistencyProofSchema>;

/** Hex strings as raw hashes. */
export function hashesOf(path: readonly string[]): Buffer[] {
  return path.map((hash) => Buffer.from(hash, 'hex'));
}
