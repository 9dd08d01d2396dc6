/**
 * @module creation/integrity/tree-manifest
 * A manifest of an installed tree: every folder, file and symlink with its mode, size, content
 * hash and link target (portable: its hash goes into `gatehouse.lock`), plus each entry's inode and
 * ctime on this machine (local: the fast path). Threat: a file of a store tree changed after
 * install, even with its mtime put back (ctime cannot be put back without changing the clock),
 * a file added or removed, a mode changed, a file swapped for a symlink.
 *
 * Written by hand: no maintained library manifests a tree with inode/ctime stamps; ssri-style
 * integrity covers single streams, not trees.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

import { jcsHash } from '../../shared/canonical/index.js';

export const TreeEntrySchema = z.strictObject({
  path: z.string().min(1),
  type: z.enum(['dir', 'file', 'symlink']),
  mode: z.number().int().min(0).max(0o7777),
  size: z.number().int().min(0).optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  target: z.string().optional(),
});
export type TreeEntry = z.infer<typeof TreeEntrySchema>;

export const StampSchema = z.strictObject({ ino: z.string(), ctimeNs: z.string() });
export type Stamp = z.infer<typeof StampSchema>;

export const TreeManifestSchema = z.strictObject({
  version: z.literal(1),
  entries: z.array(TreeEntrySchema),
  stamps: z.record(z.string(), StampSchema),
});
export type TreeManifest = z.infer<typeof TreeManifestSchema>;

/** The hash recorded in the lock: over the portable part only. */
export function treeHashOf(entries: readonly TreeEntry[]): string {
  return jcsHash(entries);
}

/** Outcome of a tree check. */
export type TreeCheck =
  | { readonly ok: true; readonly files: number; readonly hashed: number }
  | { readonly ok: false; readonly problem: string; readonly path: string };

interface Seen {
  readonly entry: TreeEntry;
  readonly stamp: Stamp;
  readonly absolute: string;
}

/** Every entry under `root` (root itself excluded), sorted by path, without content hashes. */
async function walk(root: string): Promise<Seen[]> {
  const out: Seen[] = [];
  const visit = async (relative: string): Promise<void> => {
    const names = (await readdir(path.join(root, relative))).sort();
    for (const name of names) {
      const rel = relative ? `${relative}/${name}` : name;
      const absolute = path.join(root, rel);
      const st = await lstat(absolute, { bigint: true });
      const stamp = { ino: st.ino.toString(), ctimeNs: st.ctimeNs.toString() };
      const mode = Number(st.mode & 0o7777n);
      if (st.isSymbolicLink()) {
        out.push({
          entry: { path: rel, type: 'symlink', mode, target: await readlink(absolute) },
          stamp,
          absolute,
        });
      } else if (st.isDirectory()) {
        out.push({ entry: { path: rel, type: 'dir', mode }, stamp, absolute });
        await visit(rel);
      } else if (st.isFile()) {
        out.push({
          entry: { path: rel, type: 'file', mode, size: Number(st.size) },
          stamp,
          absolute,
        });
      } else {
        // A device, FIFO or socket has no place in a package tree.
        out.push({ entry: { path: rel, type: 'file', mode: -1 }, stamp, absolute });
      }
    }
  };
  await visit('');
  return out;
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

/** Manifests the tree at `root` as it is now. */
export async function buildManifest(root: string): Promise<TreeManifest> {
  const seen = await walk(root);
  const entries: TreeEntry[] = [];
  const stamps: Record<string, Stamp> = {};
  for (const item of seen) {
    const entry =
      item.entry.type === 'file'
        ? { ...item.entry, sha256: await sha256File(item.absolute) }
        : item.entry;
    entries.push(entry);
    stamps[entry.path] = item.stamp;
  }
  return { version: 1, entries, stamps };
}

/**
 * Checks the tree at `root` against `manifest`. `fast`: files whose inode and ctime are unchanged
 * are trusted, the others are hashed; `full`: every file is hashed. Both walk the whole tree, so an
 * added, removed or retyped entry, a changed mode or link target is always found.
 */
export async function checkTree(
  root: string,
  manifest: TreeManifest,
  mode: 'fast' | 'full',
): Promise<TreeCheck> {
  let seen: Seen[];
  try {
    seen = await walk(root);
  } catch (error) {
    return {
      ok: false,
      problem: `cannot read the tree (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      path: root,
    };
  }
  const expected = new Map(manifest.entries.map((e) => [e.path, e]));
  let hashed = 0;
  for (const item of seen) {
    const want = expected.get(item.entry.path);
    if (!want) return { ok: false, problem: 'added after install', path: item.entry.path };
    expected.delete(item.entry.path);
    if (want.type !== item.entry.type) {
      return { ok: false, problem: `was a ${want.type}, is a ${item.entry.type}`, path: want.path };
    }
    if (want.mode !== item.entry.mode) {
      return {
        ok: false,
        problem: `mode changed from ${want.mode.toString(8)} to ${item.entry.mode.toString(8)}`,
        path: want.path,
      };
    }
    if (want.type === 'symlink' && want.target !== item.entry.target) {
      return {
        ok: false,
        problem: `link target changed to ${item.entry.target ?? '?'}`,
        path: want.path,
      };
    }
    if (want.type !== 'file') continue;
    if (want.size !== item.entry.size)
      return { ok: false, problem: 'size changed', path: want.path };
    const stamp = manifest.stamps[want.path];
    const unchanged =
      stamp !== undefined && stamp.ino === item.stamp.ino && stamp.ctimeNs === item.stamp.ctimeNs;
    if (mode === 'fast' && unchanged) continue;
    hashed += 1;
    if ((await sha256File(item.absolute)) !== want.sha256) {
      return { ok: false, problem: 'content changed', path: want.path };
    }
  }
  const missing = expected.keys().next();
  if (!missing.done) return { ok: false, problem: 'removed after install', path: missing.value };
  return { ok: true, files: seen.length, hashed };
}
