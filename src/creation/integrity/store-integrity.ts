/**
 * @module creation/integrity/store-integrity
 * Integrity of the package store before every start. Each installed tree has a manifest in
 * `<store>/.manifests/<store hash>.json` (only Gatehouse writes the store); the hash of its
 * portable part is the lock entry's `tree`. Before a start the tree is checked against it (fast
 * path: unchanged inode and ctime); `gatehouse verify` hashes every file. A changed tree means the
 * server is refused.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { TreeCheck, TreeManifest } from './tree-manifest.js';
import { buildManifest, checkTree, treeHashOf, TreeManifestSchema } from './tree-manifest.js';

const MANIFESTS = '.manifests';

/** Where the manifest of the store folder `storeDir` lives. */
export function manifestFileOf(storeDir: string): string {
  return path.join(path.dirname(storeDir), MANIFESTS, `${path.basename(storeDir)}.json`);
}

/** Manifests a freshly installed tree and returns the hash to put into the lock as `tree`. */
export async function recordTree(storeDir: string): Promise<string> {
  const manifest = await buildManifest(storeDir);
  const file = manifestFileOf(storeDir);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(manifest), { mode: 0o644 });
  await rename(temp, file);
  return treeHashOf(manifest.entries);
}

async function readManifest(storeDir: string): Promise<TreeManifest | string> {
  const file = manifestFileOf(storeDir);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    return `its manifest ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  try {
    const parsed = TreeManifestSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : `its manifest ${file} is malformed`;
  } catch {
    return `its manifest ${file} is not JSON`;
  }
}

/**
 * Checks a store tree against its manifest and the lock's `tree` hash. Fails closed: a missing,
 * malformed or foreign manifest is a failed check, like a changed file.
 */
export async function verifyTree(
  storeDir: string,
  lockedTree: string,
  mode: 'fast' | 'full',
): Promise<TreeCheck> {
  const manifest = await readManifest(storeDir);
  if (typeof manifest === 'string') return { ok: false, problem: manifest, path: storeDir };
  // Threat: a manifest rewritten to match a tampered tree; the lock pins the manifest's hash.
  if (treeHashOf(manifest.entries) !== lockedTree) {
    return {
      ok: false,
      problem: 'its manifest does not match the tree hash in gatehouse.lock',
      path: manifestFileOf(storeDir),
    };
  }
  return checkTree(storeDir, manifest, mode);
}
