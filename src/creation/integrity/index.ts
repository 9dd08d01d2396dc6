/**
 * @module creation/integrity
 * Public surface of creation/integrity: manifests of installed trees and their checks before every
 * start (fast path on inode and ctime) and in `gatehouse verify` (every file hashed). No wildcards.
 */
export { manifestFileOf, recordTree, verifyTree } from './store-integrity.js';
export type { Stamp, TreeCheck, TreeEntry, TreeManifest } from './tree-manifest.js';
export { buildManifest, checkTree, treeHashOf } from './tree-manifest.js';
