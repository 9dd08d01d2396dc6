/**
 * @module creation/packages/package-store
 * Puts an installed tree into the content-addressed store `<stateDir>/packages/<hash>/`: install
 * into a temp folder next to it, verify against the lock entry, make it read-only, then rename
 * it into place (atomic). A reader therefore sees either no folder or a complete, read-only one.
 * When two processes install the same tree at once, the first rename wins and the second
 * discards its copy after verifying the winner's.
 */
import { mkdtemp, rename } from 'node:fs/promises';
import path from 'node:path';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { InstallContext, InstallTarget } from './install-tree.js';
import { installTree } from './install-tree.js';
import { buildLockEntry } from './lock-entry.js';
import type { LockEntry } from './lock-schema.js';
import { makeTreeReadOnly, removeTree } from './store-permissions.js';
import { storeDirOf } from './store-root.js';
import type { StoreCheck } from './store-verify.js';
import { verifyStoreTree, verifyTreeContent } from './store-verify.js';

/** A tree in the store and the lock entry describing it. */
export interface StoredTree {
  readonly entry: LockEntry;
  readonly storeDir: string;
}

/** The coded error for a store folder (or fresh install) that does not match its lock entry. */
export function storeMismatch(
  spec: string,
  entry: LockEntry,
  dir: string,
  check: StoreCheck & { ok: false },
): GatehouseError {
  return new GatehouseError(
    ErrorCode.PackageStoreInvalid,
    `the installed tree of ${entry.name}@${entry.version} (for "${spec}") in ${dir} does not ` +
      `match the lock: ${check.problem}. Something changed it; delete that folder (chmod -R u+w ` +
      'first) and start again to reinstall the locked versions',
    {
      data: {
        spec,
        name: entry.name,
        version: entry.version,
        storeDir: dir,
        location: check.location,
      },
    },
  );
}

/**
 * Installs `target` into the store under `storeRoot` and returns its entry and folder.
 * @throws GatehouseError from {@link installTree}, or `PACKAGE_STORE_INVALID` when the result
 *   does not match its entry.
 */
export async function installIntoStore(
  target: InstallTarget,
  storeRoot: string,
  context: InstallContext,
): Promise<StoredTree> {
  const temp = await mkdtemp(path.join(storeRoot, '.tmp-'));
  try {
    const installed = await installTree(target, temp, context);
    const entry =
      target.kind === 'lock'
        ? target.entry
        : buildLockEntry(target.spec.name, installed.packages, installed.rootManifest);
    const content = await verifyTreeContent(entry, temp);
    if (!content.ok) throw storeMismatch(target.spec.raw, entry, temp, content);
    await makeTreeReadOnly(temp);
    const storeDir = storeDirOf(storeRoot, entry.store);
    try {
      await rename(temp, storeDir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
      // Another process stored the same tree first; use theirs once it checks out.
      const check = await verifyStoreTree(entry, storeDir);
      if (!check.ok) throw storeMismatch(target.spec.raw, entry, storeDir, check);
    }
    return { entry, storeDir };
  } finally {
    await removeTree(temp);
  }
}
