/**
 * Integrity of installed trees before every start: the fast path (unchanged inode and ctime),
 * the walk that finds added files, changed modes and swapped symlinks, and the full check.
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { resolvePackage } from '../../../src/creation/index.js';
import { manifestFileOf, verifyTree } from '../../../src/creation/integrity/index.js';
import { freshState, useRegistry, useWorldReadableTempDir } from '../packages/store-helpers.js';

const base = useWorldReadableTempDir();

/** A small package with a bin and a nested folder, served by the loopback registry. */
function makePackage(): string {
  const dir = path.join(base, 'src', 'tree-probe');
  mkdirSync(path.join(dir, 'lib'), { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'tree-probe', version: '1.0.0', bin: { 'tree-probe': 'index.js' } }),
  );
  writeFileSync(path.join(dir, 'index.js'), 'require("./lib/core.js");\n');
  writeFileSync(path.join(dir, 'lib', 'core.js'), 'module.exports = 42;\n');
  return dir;
}

let registry: Awaited<ReturnType<typeof useRegistry>>;

beforeAll(async () => {
  registry = await useRegistry([], [makePackage()]);
});

/** A fresh install; returns how to resolve it again and where its tree is. */
async function install() {
  const state = freshState(base);
  const options = { ...state, registry: registry.url };
  const resolved = await resolvePackage('tree-probe', options);
  const lock = JSON.parse(readFileSync(state.lockFile, 'utf8')) as {
    entries: Record<string, { tree?: string }>;
  };
  const tree = lock.entries['tree-probe']?.tree;
  if (!tree) throw new Error('no tree hash in the lock');
  return {
    options,
    storeDir: resolved.storeDir,
    core: path.join(resolved.packageDir, 'lib', 'core.js'),
    tree,
  };
}

/** Changes a file of the read-only tree the way an attacker with the owner's rights would. */
function withWritable(file: string, change: () => void): void {
  const dir = path.dirname(file);
  chmodSync(dir, 0o755);
  chmodSync(file, 0o644);
  change();
  chmodSync(file, 0o444);
  chmodSync(dir, 0o555);
}

describe('the tree of an installed package', () => {
  it('is pinned in the lock and passes the fast check without hashing a file', async () => {
    const { storeDir, tree } = await install();
    const check = await verifyTree(storeDir, tree, 'fast');
    expect(check).toMatchObject({ ok: true, hashed: 0 });
    expect(await verifyTree(storeDir, tree, 'full')).toMatchObject({ ok: true, hashed: 3 });
  });

  it('refuses a file changed with its mtime put back (ctime gives it away)', async () => {
    const { options, core } = await install();
    const { atime, mtime } = lstatSync(core);
    withWritable(core, () => {
      writeFileSync(core, 'module.exports = 43;\n');
      utimesSync(core, atime, mtime);
    });
    expect(Math.round(lstatSync(core).mtimeMs)).toBe(mtime.getTime());
    await expect(resolvePackage('tree-probe', options)).rejects.toMatchObject({
      code: 'PACKAGE_STORE_TAMPERED',
      message: expect.stringContaining('lib/core.js: content changed'),
    });
  });

  it('refuses a file added after install', async () => {
    const { options, storeDir } = await install();
    const lib = path.join(storeDir, 'node_modules', 'tree-probe', 'lib');
    chmodSync(lib, 0o755);
    writeFileSync(path.join(lib, 'planted.js'), 'evil()');
    chmodSync(lib, 0o555);
    await expect(resolvePackage('tree-probe', options)).rejects.toThrow(
      /lib\/planted.js: added after install/,
    );
  });

  it('refuses a changed mode and a file swapped for a symlink', async () => {
    const first = await install();
    chmodSync(first.core, 0o4555);
    await expect(resolvePackage('tree-probe', first.options)).rejects.toThrow(
      /mode changed from 444 to 4555/,
    );
    const second = await install();
    withWritable(second.core, () => {
      rmSync(second.core);
      symlinkSync('/etc/passwd', second.core);
    });
    await expect(resolvePackage('tree-probe', second.options)).rejects.toThrow(
      /was a file, is a symlink/,
    );
  });

  it('refuses a manifest rewritten to match a tampered tree (the lock pins its hash)', async () => {
    const { options, storeDir } = await install();
    const file = manifestFileOf(storeDir);
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
      entries: { path: string; sha256?: string }[];
    };
    const core = manifest.entries.find((e) => e.path.endsWith('lib/core.js'));
    if (core) core.sha256 = '0'.repeat(64);
    writeFileSync(file, JSON.stringify(manifest));
    await expect(resolvePackage('tree-probe', options)).rejects.toThrow(
      /does not match the tree hash in gatehouse.lock/,
    );
  });

  it('the full check hashes every file: it catches what forged inode/ctime stamps would hide from the fast path', async () => {
    const { storeDir, core, tree } = await install();
    withWritable(core, () => writeFileSync(core, 'module.exports = 44;\n'));
    const file = manifestFileOf(storeDir);
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
      stamps: Record<string, { ino: string; ctimeNs: string }>;
    };
    const now = lstatSync(core, { bigint: true });
    manifest.stamps['node_modules/tree-probe/lib/core.js'] = {
      ino: now.ino.toString(),
      ctimeNs: now.ctimeNs.toString(),
    };
    writeFileSync(file, JSON.stringify(manifest));
    expect((await verifyTree(storeDir, tree, 'fast')).ok).toBe(true);
    expect(await verifyTree(storeDir, tree, 'full')).toMatchObject({
      ok: false,
      problem: 'content changed',
    });
  });
});
