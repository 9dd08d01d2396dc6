import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import type { LockEntry } from '../../../src/creation/index.js';
import { readLockFile, storeHashOf, writeLockFile } from '../../../src/creation/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const INTEGRITY = `sha512-${'A'.repeat(86)}==`;

function entry(overrides: Partial<LockEntry> = {}): LockEntry {
  const content = {
    name: 'pkg',
    version: '1.0.0',
    integrity: INTEGRITY,
    bins: { pkg: 'bin.js' },
    packages: {
      'node_modules/pkg': {
        name: 'pkg',
        version: '1.0.0',
        integrity: INTEGRITY,
        dependencies: { dep: '^2.0.0' },
      },
      'node_modules/dep': { name: 'dep', version: '2.1.0', integrity: INTEGRITY },
    },
    ...overrides,
  };
  return { ...content, store: storeHashOf(content) };
}

async function lockError(file: string): Promise<{ code: string; message: string }> {
  return readLockFile(file).then(
    () => {
      throw new Error('expected an invalid lock');
    },
    (error: { code: string; message: string }) => error,
  );
}

describe('gatehouse.lock', () => {
  const dir = useTempDir('gatehouse-lock-');

  it('rejects a lock that is not JSON, naming the file', async () => {
    const file = path.join(dir, 'broken.lock');
    writeFileSync(file, '{ nope');
    const error = await lockError(file);
    expect(error.code).toBe('PACKAGE_LOCK_INVALID');
    expect(error.message).toContain(`${file}: is not valid JSON`);
  });

  it.each([
    [
      'a bad integrity',
      (lock: any) => (lock.entries.pkg.packages['node_modules/dep'].integrity = 'md5-abc'),
      'entries.pkg.packages["node_modules/dep"].integrity: must be a sha512-… integrity',
    ],
    [
      'a folder outside node_modules',
      (lock: any) =>
        (lock.entries.pkg.packages['node_modules/../../etc'] = {
          name: 'x',
          version: '1.0.0',
          integrity: INTEGRITY,
        }),
      'entries.pkg.packages["node_modules/../../etc"]: must be a node_modules/… path',
    ],
    [
      'an unknown field',
      (lock: any) => (lock.entries.pkg.registry = 'https://evil.example'),
      'entries.pkg',
    ],
    [
      'a root package missing from the tree',
      (lock: any) => delete lock.entries.pkg.packages['node_modules/pkg'],
      'entries.pkg.packages: must contain node_modules/pkg at version 1.0.0',
    ],
    [
      'a package without integrity that is not bundled',
      (lock: any) => delete lock.entries.pkg.packages['node_modules/dep'].integrity,
      'entries.pkg.packages["node_modules/dep"].integrity: is required',
    ],
    ['another format version', (lock: any) => (lock.lockfileVersion = 2), 'lockfileVersion'],
  ])('rejects %s, naming the file and the field', async (_name, damage, where) => {
    const file = path.join(dir, `bad-${readdirSync(dir).length}.lock`);
    const lock: any = { lockfileVersion: 1, entries: { pkg: entry() } };
    damage(lock);
    writeFileSync(file, JSON.stringify(lock));
    const error = await lockError(file);
    expect(error.code).toBe('PACKAGE_LOCK_INVALID');
    expect(error.message).toContain(`${file}: ${where}`);
  });

  it('a missing lock is an empty lock', async () => {
    expect(await readLockFile(path.join(dir, 'absent.lock'))).toEqual({
      lockfileVersion: 1,
      entries: {},
    });
  });

  it('writes atomically with sorted keys, and reads back what it wrote', async () => {
    const file = path.join(dir, 'sub', 'gatehouse.lock');
    const lock = { lockfileVersion: 1 as const, entries: { zeta: entry(), alpha: entry() } };
    await writeLockFile(file, lock);
    const text = readFileSync(file, 'utf8');
    expect(text.indexOf('"alpha"')).toBeLessThan(text.indexOf('"zeta"'));
    expect(text.indexOf('"node_modules/dep"')).toBeLessThan(text.indexOf('"node_modules/pkg"'));
    expect(readdirSync(path.dirname(file))).toEqual(['gatehouse.lock']);
    expect(await readLockFile(file)).toEqual(lock);
  });

  it('the store hash covers every locked field but not the spec', () => {
    const base = entry();
    expect(storeHashOf(base)).toBe(base.store);
    const changedDep = entry({
      packages: {
        ...base.packages,
        'node_modules/dep': { name: 'dep', version: '2.1.1', integrity: INTEGRITY },
      },
    });
    expect(changedDep.store).not.toBe(base.store);
    expect(entry({ bins: { other: 'bin.js' } }).store).not.toBe(base.store);
  });
});
