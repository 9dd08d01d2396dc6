/**
 * @module creation
 * Public surface of the creation phase: what happens before a server first runs. Today: the
 * verified package store for `npx PACKAGE` entries. No wildcards.
 */
export type {
  LockedPackage,
  LockEntry,
  LockFile,
  NpxLaunch,
  PackageLaunch,
  PackageProgress,
  ParsedLaunch,
  ProgressListener,
  RegistrySpec,
  ResolvedPackage,
  ResolvePackageOptions,
  StoreCheck,
} from './packages/index.js';
export {
  DEFAULT_REGISTRY,
  LockEntrySchema,
  LOCKFILE_VERSION,
  LockFileSchema,
  parseNpxLaunch,
  parseRegistrySpec,
  readLockFile,
  resolvePackage,
  storeHashOf,
  verifyStoreTree,
  writeLockFile,
} from './packages/index.js';
