/**
 * @module creation/packages
 * Public surface of creation/packages: recognizing `npx PACKAGE` launches and resolving them to
 * verified, read-only trees in Gatehouse's content-addressed store, pinned by `gatehouse.lock`.
 * Every export here is public API; no wildcards. Node-only (fs, npm's libraries).
 */
export type {
  ClosureCandidate,
  ClosureComparison,
  ExpectedClosure,
  ExpectedPackage,
} from './closure-check.js';
export { candidatesOf, compareClosure } from './closure-check.js';
export type { InstallRecord } from './install-record.js';
export { InstallRecordSchema } from './install-record.js';
export { storeHashOf } from './lock-entry.js';
export { readLockFile, updateInstallRecord, updateLockFile, writeLockFile } from './lock-file.js';
export type { LockedPackage, LockEntry, LockFile } from './lock-schema.js';
export { LockEntrySchema, LOCKFILE_VERSION, LockFileSchema } from './lock-schema.js';
export type { NpxLaunch, ParsedLaunch } from './npx-launch.js';
export { parseNpxLaunch } from './npx-launch.js';
export type { RegistrySpec } from './package-spec.js';
export { parseRegistrySpec } from './package-spec.js';
export type { PackageProgress, ProgressListener } from './progress.js';
export type { PackageLaunch, ResolvedPackage, ResolvePackageOptions } from './resolve-package.js';
export { DEFAULT_REGISTRY, resolvePackage } from './resolve-package.js';
export { CACHE_FOLDER, STORE_FOLDER, storeDirOf } from './store-root.js';
export type { StoreCheck } from './store-verify.js';
export { verifyStoreTree } from './store-verify.js';
