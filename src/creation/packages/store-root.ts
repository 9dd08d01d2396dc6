/**
 * @module creation/packages/store-root
 * The package store's root, `<stateDir>/packages`: created owner-writable and world-readable
 * (mode 0755) so the sandboxed server (uid 65534) can read the trees bound into its sandbox.
 *
 * Threat: another local user writing into the store (swapping a tree Gatehouse then runs, or
 * planting a folder under a hash it will use). The root must be a real folder owned by this
 * user and not writable by group or others; otherwise resolution fails closed.
 */
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';

/** Folder name of the store under the state directory. */
export const STORE_FOLDER = 'packages';

/** Folder name of the npm cache under the state directory. */
export const CACHE_FOLDER = 'npm-cache';

/** The store folder of one lock entry. */
export function storeDirOf(storeRoot: string, storeHash: string): string {
  return path.join(storeRoot, storeHash);
}

/**
 * Creates (if needed) and checks `<stateDir>/packages`.
 * @throws GatehouseError `PACKAGE_STORE_INVALID` when it is not a folder owned by this user, or
 *   group/others can write it.
 */
export function ensureStoreRoot(stateDir: string): string {
  const state = path.resolve(stateDir);
  // Like resolveStateDir: the state folder itself stays owner-only; the sandbox gets the store
  // folder of one package through a bind mount, not by walking this path.
  mkdirSync(state, { recursive: true, mode: 0o700 });
  const root = path.join(state, STORE_FOLDER);
  // Explicit mode: a umask such as 077 must not leave the tree unreadable for uid 65534.
  if (mkdirSync(root, { recursive: true, mode: 0o755 }) !== undefined) chmodSync(root, 0o755);
  const stat = lstatSync(root);
  const uid = process.getuid?.();
  const problem = !stat.isDirectory()
    ? 'is not a folder'
    : uid !== undefined && stat.uid !== uid
      ? `is owned by uid ${stat.uid}, not by this user (uid ${uid})`
      : (stat.mode & 0o022) !== 0
        ? `is writable by group or others (mode ${(stat.mode & 0o777).toString(8)})`
        : undefined;
  if (problem) {
    throw new GatehouseError(
      ErrorCode.PackageStoreInvalid,
      `the package store ${root} ${problem}; fix it (chmod 755, owned by the user running ` +
        'Gatehouse) or choose another state directory',
      { data: { root } },
    );
  }
  return root;
}
