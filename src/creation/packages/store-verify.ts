/**
 * @module creation/packages/store-verify
 * Checks an installed tree against its lock entry before Gatehouse runs anything from it: the
 * folder is named by the hash of the entry, is read-only, and holds exactly the locked packages
 * (same folders, and in each one a package.json naming the locked name and version), and the
 * root package declares the locked bins.
 *
 * Threat: a package removed, added (a planted folder shadowing a nested dependency) or swapped
 * for another version in the store. This is the quick check on every start; hashing every file
 * is a later, deeper check.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { normalizeBins } from './bin-select.js';
import { storeHashOf } from './lock-entry.js';
import type { LockEntry } from './lock-schema.js';

/** Outcome of {@link verifyStoreTree}. */
export type StoreCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly problem: string; readonly location?: string };

interface Found {
  readonly name: unknown;
  readonly version: unknown;
  readonly manifest: Record<string, unknown>;
}

/** Every package folder under `<base>/node_modules`, recursively, keyed by location. */
async function findPackages(
  root: string,
  base: string,
  found: Map<string, Found>,
): Promise<StoreCheck> {
  const modules = path.join(root, base, 'node_modules');
  let names: string[];
  try {
    names = await readdir(modules);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true };
    throw error;
  }
  const folders: string[] = [];
  for (const name of names) {
    if (!name.startsWith('@')) {
      folders.push(name);
      continue;
    }
    const scopeDir = path.join(modules, name);
    if (!(await lstat(scopeDir)).isDirectory()) {
      return { ok: false, problem: `${scopeDir} is not a folder` };
    }
    for (const inner of await readdir(scopeDir)) folders.push(`${name}/${inner}`);
  }
  for (const folder of folders) {
    const location = `${base ? `${base}/` : ''}node_modules/${folder}`;
    const dir = path.join(root, location);
    if (!(await lstat(dir)).isDirectory()) {
      return { ok: false, problem: `${location} is not a folder`, location };
    }
    let manifest: Record<string, unknown>;
    try {
      manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Record<
        string,
        unknown
      >;
    } catch {
      return { ok: false, problem: `${location}/package.json is missing or unreadable`, location };
    }
    found.set(location, { name: manifest.name, version: manifest.version, manifest });
    const nested = await findPackages(root, location, found);
    if (!nested.ok) return nested;
  }
  return { ok: true };
}

/**
 * Verifies a finished store folder against `entry`: its name, its read-only mode, its content
 * ({@link verifyTreeContent}). Never throws for a bad tree: returns what is wrong.
 */
export async function verifyStoreTree(entry: LockEntry, storeDir: string): Promise<StoreCheck> {
  if (path.basename(storeDir) !== entry.store || storeHashOf(entry) !== entry.store) {
    return {
      ok: false,
      problem: 'the store folder name does not match the hash of the lock entry',
    };
  }
  let stat;
  try {
    stat = await lstat(storeDir);
  } catch {
    return { ok: false, problem: `${storeDir} is missing` };
  }
  if (!stat.isDirectory()) return { ok: false, problem: `${storeDir} is not a folder` };
  // Threat: a tree someone made writable again, to change it between starts.
  if ((stat.mode & 0o222) !== 0) return { ok: false, problem: `${storeDir} is writable` };
  return verifyTreeContent(entry, storeDir);
}

/**
 * Verifies that `dir/node_modules` holds exactly the locked packages, at their locked folders,
 * names and versions, and that the root package declares the locked bins.
 */
export async function verifyTreeContent(entry: LockEntry, dir: string): Promise<StoreCheck> {
  const found = new Map<string, Found>();
  const walked = await findPackages(dir, '', found);
  if (!walked.ok) return walked;
  for (const [location, locked] of Object.entries(entry.packages)) {
    const actual = found.get(location);
    if (!actual) return { ok: false, problem: `${location} is missing`, location };
    if (actual.name !== locked.name || actual.version !== locked.version) {
      return {
        ok: false,
        problem:
          `${location} holds ${String(actual.name)}@${String(actual.version)}, ` +
          `locked is ${locked.name}@${locked.version}`,
        location,
      };
    }
  }
  for (const location of found.keys()) {
    if (!(location in entry.packages)) {
      return { ok: false, problem: `${location} is not in the lock`, location };
    }
  }
  const rootLocation = `node_modules/${entry.name}`;
  const rootManifest = found.get(rootLocation)?.manifest ?? {};
  let bins: Record<string, string>;
  try {
    bins = normalizeBins(entry.name, rootManifest.bin);
  } catch (error) {
    return { ok: false, problem: (error as Error).message, location: rootLocation };
  }
  if (JSON.stringify(sorted(bins)) !== JSON.stringify(sorted(entry.bins))) {
    return {
      ok: false,
      problem: `the bins of ${entry.name} differ from the lock`,
      location: rootLocation,
    };
  }
  return { ok: true };
}

function sorted(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
