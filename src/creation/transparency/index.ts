/**
 * @module creation/transparency
 * Public surface of creation/transparency: the registry's append-only Merkle log in the RFC 6962
 * style (SHA-256 leaf and node hashing, inclusion and consistency proofs, Ed25519-signed tree
 * heads), its storage, the clients' checks and the witness that refuses forked, rewritten or
 * rolled-back logs. Any export here is public API. No wildcards.
 */
export type { ConsistencyCheck, ProofCheck } from './client-verify.js';
export { verifyConsistency, verifyInclusion } from './client-verify.js';
export type { LeafAppend, LogStore, NodeHash, StoredLeaf } from './log-store.js';
export { MemoryLogStore } from './memory-log-store.js';
export { EMPTY_TREE_HASH, HASH_BYTES, hashChildren, hashLeaf } from './merkle-hash.js';
export type { ConsistencyProof, InclusionProof } from './proof-types.js';
export { ConsistencyProofSchema, InclusionProofSchema } from './proof-types.js';
export {
  MAX_PROOF_HASHES,
  rootFromInclusionPath,
  verifyConsistencyPath,
  verifyInclusionPath,
} from './proof-verify.js';
export { SqliteLogStore } from './sqlite-log-store.js';
export type { AppendResult, LogEntry, TransparencyLogOptions } from './transparency-log.js';
export { MAX_ENTRIES_PER_CALL, TransparencyLog } from './transparency-log.js';
export type {
  LogCheckFailure,
  LogCheckRefusal,
  SignedTreeHead,
  TreeHead,
  TreeHeadCheck,
} from './tree-head.js';
export {
  describeHead,
  SignedTreeHeadSchema,
  signTreeHead,
  TreeHeadSchema,
  verifyTreeHead,
} from './tree-head.js';
export type { ConsistencyProofFetcher, WitnessAdvance, WitnessOptions } from './witness.js';
export { Witness } from './witness.js';
export type { WitnessFile } from './witness-file.js';
export { WitnessFileSchema } from './witness-file.js';
