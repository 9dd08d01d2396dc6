/**
 * @module creation/packages/resolve-package
 * Resolves an `npx PACKAGE` launch to a verified, read-only tree in Gatehouse's store, so the
 * launcher runs `node <binPath> …argv` in the sandbox and never runs npx (or reaches the network)
 * at run time.
 *
 * - Locked and stored: the tree is verified against `gatehouse.lock` and used offline.
 * - Locked, store folder missing: exactly the locked versions are reinstalled and every tarball
 *   must match the locked integrity (else `PACKAGE_INTEGRITY_MISMATCH`).
 * - Not locked, or the locked version no longer answers the spec: resolved from the registry,
 *   installed, and the entry written (trust on first use).
 *
 * Concurrency: calls for the same spec in one process share one promise; across processes a
 * per-spec mutex folder serializes installs, and lock-file writes re-read under their own mutex.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { Logger } from '../../shared/logging/index.js';
import { silentLogger } from '../../shared/logging/index.js';
import { recordTree, verifyTree } from '../integrity/index.js';
import { selectBin } from './bin-select.js';
import type { ExpectedClosure } from './closure-check.js';
import { candidatesOf, closureMismatch, compareClosure } from './closure-check.js';
import { withFileMutex } from './file-mutex.js';
import type { InstallContext } from './install-tree.js';
import { storeHashOf } from './lock-entry.js';
import { readLockFile, updateLockFile } from './lock-file.js';
import type { LockEntry } from './lock-schema.js';
import type { NpxLaunch } from './npx-launch.js';
import type { RegistrySpec } from './package-spec.js';
import { parseRegistrySpec, specAccepts } from './package-spec.js';
import type { StoredTree } from './package-store.js';
import { installIntoStore, storeMismatch } from './package-store.js';
import type { ProgressListener } from './progress.js';
import { CACHE_FOLDER, ensureStoreRoot, storeDirOf } from './store-root.js';
import { verifyStoreTree } from './store-verify.js';

/** The public npm registry, used unless another is given. */
export const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

/** Options of {@link resolvePackage}. */
export interface ResolvePackageOptions {
  /** Gatehouse's state directory; the store is `<stateDir>/packages`, the cache `npm-cache`. */
  readonly stateDir: string;
  /** The lock file, e.g. `gatehouse.lock` next to the config. */
  readonly lockFile: string;
  /** Registry base URL; default {@link DEFAULT_REGISTRY}. */
  readonly registry?: string;
  /** Use only the store and the npm cache; never the network. */
  readonly offline?: boolean;
  readonly onProgress?: ProgressListener;
  readonly logger?: Logger;
  /**
   * Exact-closure mode (the verifying installer): the tree must be exactly this signed closure,
   * checked on the tree npm builds before anything is fetched and on an existing lock entry;
   * otherwise `PACKAGE_CLOSURE_MISMATCH` and nothing is installed or locked.
   */
  readonly expected?: ExpectedClosure;
}

/** What the launcher needs to run the server. */
export interface ResolvedPackage {
  readonly name: string;
  readonly version: string;
  /** `<stateDir>/packages/<hash>`: bind this read-only into the sandbox. */
  readonly storeDir: string;
  /** `<storeDir>/node_modules/<name>`. */
  readonly packageDir: string;
  /** The chosen bin's name. */
  readonly bin: string;
  /** Absolute path of the bin's JS file inside the store: run it with `node`. */
  readonly binPath: string;
  /** Arguments after the package (or bin) name in the config. */
  readonly argv: string[];
  readonly lockEntry: LockEntry;
}

/** A spec alone, or a launch parsed by `parseNpxLaunch`. */
export type PackageLaunch = string | Pick<NpxLaunch, 'spec' | 'bin' | 'argv'>;

type LockState =
  | { readonly kind: 'ready'; readonly stored: StoredTree }
  | { readonly kind: 'not-stored'; readonly entry: LockEntry }
  | { readonly kind: 'not-locked' };

const inflight = new Map<string, Promise<{ stored: StoredTree; installed: boolean }>>();

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}

/** What the lock and the store say about `spec`, without touching the network. */
async function lockState(
  spec: RegistrySpec,
  lockFile: string,
  storeRoot: string,
  logger: Logger,
): Promise<LockState> {
  const entry = (await readLockFile(lockFile)).entries[spec.raw];
  if (!entry) return { kind: 'not-locked' };
  if (!specAccepts(spec, entry.name, entry.version)) {
    logger.warn(
      { spec: spec.raw, locked: `${entry.name}@${entry.version}` },
      'locked version no longer matches the spec; resolving again',
    );
    return { kind: 'not-locked' };
  }
  // Threat: an entry edited by hand to point at another store folder.
  if (storeHashOf(entry) !== entry.store) {
    throw new GatehouseError(
      ErrorCode.PackageLockInvalid,
      `${lockFile}: entries["${spec.raw}"].store does not match the hash of the entry ` +
        `(${entry.name}@${entry.version}); the entry was edited. Delete it to resolve again`,
      { data: { file: lockFile, spec: spec.raw } },
    );
  }
  const storeDir = storeDirOf(storeRoot, entry.store);
  if (!(await exists(storeDir))) return { kind: 'not-stored', entry };
  const check = await verifyStoreTree(entry, storeDir);
  if (!check.ok) throw storeMismatch(spec.raw, entry, storeDir, check);
  if (entry.tree === undefined) {
    // Locked before trees were pinned: pin the tree as it is now (trust on first use).
    const tree = await recordTree(storeDir);
    const pinned = { ...entry, tree };
    await updateLockFile(lockFile, spec.raw, pinned);
    return { kind: 'ready', stored: { entry: pinned, storeDir } };
  }
  // Threat: a store file changed, added or removed after install (also with its mtime restored).
  const tree = await verifyTree(storeDir, entry.tree, 'fast');
  if (!tree.ok) throw tampered(entry, storeDir, tree);
  return { kind: 'ready', stored: { entry, storeDir } };
}

/** The refusal of a tree that changed since it was installed. */
export function tampered(
  entry: LockEntry,
  storeDir: string,
  check: { readonly problem: string; readonly path: string },
): GatehouseError {
  return new GatehouseError(
    ErrorCode.PackageStoreTampered,
    `${entry.name}@${entry.version}: the installed tree changed since it was installed ` +
      `(${check.path}: ${check.problem}); it is not started. Run "gatehouse verify", then delete ` +
      `${storeDir} to reinstall it from gatehouse.lock`,
    { data: { name: entry.name, version: entry.version, storeDir, path: check.path } },
  );
}

async function resolveStored(
  spec: RegistrySpec,
  options: ResolvePackageOptions,
  storeRoot: string,
  logger: Logger,
): Promise<{ stored: StoredTree; installed: boolean }> {
  const lockFile = path.resolve(options.lockFile);
  const quick = await lockState(spec, lockFile, storeRoot, logger);
  checkLockedClosure(spec, quick, options.expected);
  if (quick.kind === 'ready') return { stored: quick.stored, installed: false };
  const mutex = path.join(
    storeRoot,
    '.locks',
    createHash('sha256').update(`${lockFile}\0${spec.raw}`).digest('hex'),
  );
  return withFileMutex(mutex, async () => {
    // Another process may have finished the same work while this one waited.
    const state = await lockState(spec, lockFile, storeRoot, logger);
    checkLockedClosure(spec, state, options.expected);
    if (state.kind === 'ready') return { stored: state.stored, installed: false };
    const cache = path.join(path.dirname(storeRoot), CACHE_FOLDER);
    await mkdir(cache, { recursive: true, mode: 0o700 });
    const context: InstallContext = {
      registry: normalizeRegistry(options.registry ?? DEFAULT_REGISTRY),
      cache,
      offline: options.offline ?? false,
      onProgress: options.onProgress ?? (() => undefined),
      lockFile,
      ...(options.expected ? { expected: options.expected } : {}),
    };
    const started = Date.now();
    const installed =
      state.kind === 'not-stored'
        ? await installIntoStore({ kind: 'lock', spec, entry: state.entry }, storeRoot, context)
        : await installIntoStore({ kind: 'spec', spec }, storeRoot, context);
    const tree = await recordTree(installed.storeDir);
    if (
      state.kind === 'not-stored' &&
      state.entry.tree !== undefined &&
      state.entry.tree !== tree
    ) {
      // Threat: tarballs that match their integrity but unpack to another tree than was locked.
      throw new GatehouseError(
        ErrorCode.PackageIntegrityMismatch,
        `${state.entry.name}@${state.entry.version}: the reinstalled tree differs from the tree ` +
          'pinned in gatehouse.lock; it is not started',
        { data: { name: state.entry.name, version: state.entry.version } },
      );
    }
    const stored = { ...installed, entry: { ...installed.entry, tree } };
    if (state.kind === 'not-locked' || state.entry.tree === undefined) {
      await updateLockFile(lockFile, spec.raw, stored.entry);
    }
    logger.info(
      {
        spec: spec.raw,
        package: `${stored.entry.name}@${stored.entry.version}`,
        packages: Object.keys(stored.entry.packages).length,
        from: state.kind === 'not-stored' ? 'lock' : 'registry',
        ms: Date.now() - started,
      },
      'package installed into the store',
    );
    return { stored, installed: true };
  });
}

/** Exact-closure mode: an entry already in the lock must be the signed closure too. */
function checkLockedClosure(
  spec: RegistrySpec,
  state: LockState,
  expected: ExpectedClosure | undefined,
): void {
  if (expected === undefined || state.kind === 'not-locked') return;
  const entry = state.kind === 'ready' ? state.stored.entry : state.entry;
  const comparison = compareClosure(candidatesOf(entry.packages), expected);
  if (!comparison.ok) {
    throw closureMismatch(spec.raw, expected, comparison.problems, 'the tree in gatehouse.lock');
  }
}

function normalizeRegistry(registry: string): string {
  let url: URL;
  try {
    url = new URL(registry);
  } catch (error) {
    throw new GatehouseError(
      ErrorCode.PackageResolveFailed,
      `registry "${registry}" is not a URL`,
      {
        cause: error,
      },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new GatehouseError(
      ErrorCode.PackageResolveFailed,
      `registry "${registry}" must be an http(s) URL`,
    );
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/**
 * Resolves `launch` to a verified tree in the store (see the module comment for the cases).
 * @throws GatehouseError `PACKAGE_SPEC_UNSUPPORTED`, `PACKAGE_RESOLVE_FAILED`,
 *   `PACKAGE_INTEGRITY_MISMATCH`, `PACKAGE_LOCK_INVALID`, `PACKAGE_STORE_INVALID`,
 *   `PACKAGE_BIN_UNRESOLVED`.
 * @example
 * const launch = parseNpxLaunch(command, args);
 * if (launch.kind === 'npx') {
 *   const resolved = await resolvePackage(launch, { stateDir, lockFile });
 *   spawn(process.execPath, [resolved.binPath, ...resolved.argv]);
 * }
 */
export async function resolvePackage(
  launch: PackageLaunch,
  options: ResolvePackageOptions,
): Promise<ResolvedPackage> {
  const request = typeof launch === 'string' ? { spec: launch, argv: [] } : launch;
  const spec = parseRegistrySpec(request.spec);
  const logger = options.logger ?? silentLogger();
  const storeRoot = ensureStoreRoot(options.stateDir);
  const key = `${storeRoot}\0${path.resolve(options.lockFile)}\0${spec.raw}`;
  let pending = inflight.get(key);
  if (!pending) {
    pending = resolveStored(spec, options, storeRoot, logger).finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  const { stored, installed } = await pending;
  const { entry, storeDir } = stored;
  const packageDir = path.join(storeDir, 'node_modules', entry.name);
  const { bin, relativePath } = selectBin(entry, request.bin);
  const binPath = path.join(packageDir, relativePath);
  const binStat = await lstat(binPath).catch(() => undefined);
  if (!binStat?.isFile()) {
    throw new GatehouseError(
      ErrorCode.PackageBinUnresolved,
      `${entry.name}@${entry.version}: its bin "${bin}" (${relativePath}) is not a file in the ` +
        'package; the package is broken, pin another version',
      { data: { name: entry.name, version: entry.version, bin } },
    );
  }
  options.onProgress?.({
    type: 'locked',
    spec: spec.raw,
    name: entry.name,
    version: entry.version,
    installed,
  });
  return {
    name: entry.name,
    version: entry.version,
    storeDir,
    packageDir,
    bin,
    binPath,
    argv: [...(request.argv ?? [])],
    lockEntry: entry,
  };
}
