/**
 * @module creation/packages/store-permissions
 * Makes an installed tree read-only for everyone (files 0444, or 0555 when the tarball marked
 * them executable; folders 0555) yet world-readable, since the sandboxed server runs as uid
 * 65534 and must read it. Also removes such trees again (a lost install race, a failed one).
 *
 * Threat: a running server (or anything else) modifying the code Gatehouse will run next time;
 * and links inside a tree pointing at files outside it. Only regular files and folders are
 * accepted; anything else fails closed.
 */
import { chmod, lstat, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';

/**
 * Applies read-only modes bottom-up (children before their folder) under `dir`, and to `dir`.
 * A file is executable (0555) when its tarball said so or a package's `bin` names it, whichever
 * way npm's libraries unpacked it: the same tree always gets the same modes, so its manifest
 * (checked before every start) is the same after a reinstall.
 */
export async function makeTreeReadOnly(
  dir: string,
  bins: ReadonlySet<string> = new Set(),
): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  const executables = new Set(bins);
  if (entries.some((e) => e.isFile() && e.name === 'package.json')) {
    for (const target of await binTargets(dir)) executables.add(target);
  }
  for (const entry of entries) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      await makeTreeReadOnly(child, executables);
    } else if (entry.isFile()) {
      const { mode } = await lstat(child);
      await chmod(child, (mode & 0o111) !== 0 || executables.has(child) ? 0o555 : 0o444);
    } else {
      throw new GatehouseError(
        ErrorCode.PackageStoreInvalid,
        `${child} is neither a file nor a folder (a link or device); refusing to store it`,
        { data: { path: child } },
      );
    }
  }
  await chmod(dir, 0o555);
}

/** The files a package folder's `bin` names (absolute paths inside the folder only). */
async function binTargets(packageDir: string): Promise<string[]> {
  let manifest: { bin?: unknown; name?: unknown };
  try {
    manifest = JSON.parse(
      await readFile(path.join(packageDir, 'package.json'), 'utf8'),
    ) as typeof manifest;
  } catch {
    return [];
  }
  const bin = manifest.bin;
  const targets =
    typeof bin === 'string' ? [bin] : bin && typeof bin === 'object' ? Object.values(bin) : [];
  return targets
    .filter((t): t is string => typeof t === 'string')
    .map((t) => path.resolve(packageDir, t))
    .filter((t) => t.startsWith(`${packageDir}${path.sep}`));
}

/** Deletes a tree made read-only by {@link makeTreeReadOnly} (folders made writable first). */
export async function removeTree(dir: string): Promise<void> {
  const unlock = async (folder: string): Promise<void> => {
    await chmod(folder, 0o755);
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) await unlock(path.join(folder, entry.name));
    }
  };
  try {
    await unlock(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await rm(dir, { recursive: true, force: true });
}
