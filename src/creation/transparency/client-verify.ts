/**
 * @module creation/transparency/client-verify
 * What a client (the installer, `gatehouse registry verify-log`) checks with nothing but the
 * log's public key: that an entry is in the tree a signed head commits to, and that a newer head
 * extends an older one. Every input is `unknown` until parsed; every answer is a result union,
 * never a throw, and anything unexpected fails closed.
 *
 * Threats: a release shown to one installer but never logged (inclusion binds the leaf bytes,
 * its index and the signed size); a log that forks or rewrites its history, rolls back to an
 * older head, or equivocates (two signed roots for one size) — consistency and the size checks
 * catch each one as soon as a client holds both heads.
 */
import { hashLeaf } from './merkle-hash.js';
import { ConsistencyProofSchema, hashesOf, InclusionProofSchema } from './proof-types.js';
import { verifyConsistencyPath, verifyInclusionPath } from './proof-verify.js';
import type { LogCheckRefusal, SignedTreeHead } from './tree-head.js';
import { describeHead, refuse, verifyTreeHead } from './tree-head.js';

/** The outcome of a proof check: both heads when it holds, or why not. */
export type ProofCheck = { readonly ok: true; readonly head: SignedTreeHead } | LogCheckRefusal;

/** The outcome of {@link verifyConsistency}. */
export type ConsistencyCheck =
  | { readonly ok: true; readonly oldHead: SignedTreeHead; readonly newHead: SignedTreeHead }
  | LogCheckRefusal;

/**
 * True (`ok`) when `proof` shows that `leaf`, at `index`, is in the tree that `sth` — signed by
 * `publicKey` — commits to. The proof must be for exactly that index and that tree size.
 */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  proof: unknown,
  sth: unknown,
  publicKey: string,
): ProofCheck {
  const head = verifyTreeHead(sth, publicKey);
  if (!head.ok) return head;
  const parsed = InclusionProofSchema.safeParse(proof);
  if (!parsed.success) return refuse('malformed', 'not an inclusion proof');
  // Threat: a valid proof of another entry, or against another tree, passed off as this one.
  if (parsed.data.leafIndex !== index) {
    return refuse(
      'index_mismatch',
      `the proof is for leaf ${parsed.data.leafIndex}, not leaf ${index}`,
    );
  }
  if (parsed.data.treeSize !== head.head.treeSize) {
    return refuse(
      'size_mismatch',
      `the proof is for a tree of ${parsed.data.treeSize} leaves, the head for ${head.head.treeSize}`,
    );
  }
  const included = verifyInclusionPath(
    hashLeaf(leaf),
    index,
    head.head.treeSize,
    hashesOf(parsed.data.path),
    Buffer.from(head.head.rootHash, 'hex'),
  );
  if (!included) {
    return refuse(
      'not_included',
      `the proof does not show leaf ${index} in the tree of ${describeHead(head.head)}`,
    );
  }
  return { ok: true, head: head.head };
}

/**
 * True (`ok`) when `newSth` extends `oldSth`: both signed by `publicKey`, the new one not
 * smaller, and `proof` a valid consistency proof between them (for equal sizes the roots must be
 * equal and the proof, if any, empty).
 */
export function verifyConsistency(
  oldSth: unknown,
  newSth: unknown,
  proof: unknown,
  publicKey: string,
): ConsistencyCheck {
  const oldHead = verifyTreeHead(oldSth, publicKey);
  if (!oldHead.ok) return { ...oldHead, message: `the older head: ${oldHead.message}` };
  const newHead = verifyTreeHead(newSth, publicKey);
  if (!newHead.ok) return { ...newHead, message: `the newer head: ${newHead.message}` };
  const older = oldHead.head;
  const newer = newHead.head;
  // Threat: rollback, a log (or a man in the middle) serving an older view to hide new entries.
  if (newer.treeSize < older.treeSize) {
    return refuse(
      'rollback',
      `the log went back from ${describeHead(older)} to ${describeHead(newer)}`,
    );
  }
  if (newer.treeSize === older.treeSize) {
    // Threat: equivocation; two signed roots for one size are proof the log forked.
    if (newer.rootHash !== older.rootHash) {
      return refuse(
        'fork',
        `the log signed two different trees of one size: ${describeHead(older)} and ${describeHead(newer)}`,
      );
    }
    if (proof !== undefined && !emptyProofOf(proof, older.treeSize)) {
      return refuse('malformed', 'a proof between two heads of one size is empty');
    }
    return { ok: true, oldHead: older, newHead: newer };
  }
  const parsed = ConsistencyProofSchema.safeParse(proof);
  if (!parsed.success) return refuse('malformed', 'not a consistency proof');
  if (parsed.data.firstSize !== older.treeSize || parsed.data.secondSize !== newer.treeSize) {
    return refuse(
      'size_mismatch',
      `the proof is from size ${parsed.data.firstSize} to ${parsed.data.secondSize}, the heads ` +
        `are of sizes ${older.treeSize} and ${newer.treeSize}`,
    );
  }
  const consistent = verifyConsistencyPath(
    older.treeSize,
    newer.treeSize,
    Buffer.from(older.rootHash, 'hex'),
    Buffer.from(newer.rootHash, 'hex'),
    hashesOf(parsed.data.path),
  );
  // Threat: a rewritten or forked history, whose new tree does not contain the old one.
  if (!consistent) {
    return refuse(
      'inconsistent',
      `the log's tree of ${describeHead(newer)} does not extend ${describeHead(older)}`,
    );
  }
  return { ok: true, oldHead: older, newHead: newer };
}

function emptyProofOf(proof: unknown, size: number): boolean {
  const parsed = ConsistencyProofSchema.safeParse(proof);
  return (
    parsed.success &&
    parsed.data.path.length === 0 &&
    parsed.data.firstSize === size &&
    parsed.data.secondSize === size
  );
}
