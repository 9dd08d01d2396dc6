import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  argumentPaths,
  checkGrant,
  normaliseGrants,
  type PathGrant,
} from '../../../src/operation/sandbox/path-grants.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const dir = useTempDir();
const state = path.join(dir, 'state');
const data = path.join(dir, 'data');
const real = path.join(dir, 'real');
mkdirSync(state);
writeFileSync(path.join(state, 'gatehouse.db'), '');
mkdirSync(data);
mkdirSync(path.join(real, 'inner'), { recursive: true });
symlinkSync(real, path.join(dir, 'link'));
symlinkSync(path.join(real, 'inner'), path.join(dir, 'last-link'));
writeFileSync(path.join(data, 'file.txt'), 'x');
const context = { protectedDirs: [state] };

describe('checkGrant', () => {
  it('refuses what would widen the sandbox, naming why', () => {
    const refused: [string, 'ro' | 'rw', RegExp][] = [
      ['relative/path', 'ro', /not an absolute path/],
      [path.join(dir, 'missing'), 'ro', /does not exist/],
      ['/', 'ro', /whole file system/],
      ['/proc/1', 'ro', /inside \/proc/],
      ['/sys', 'ro', /inside \/sys/],
      ['/dev/null', 'rw', /inside \/dev/],
      // Threat: exposing the audit keys, pins and store through a grant of a parent folder.
      [dir, 'ro', /holds or is inside Gatehouse's state/],
      [state, 'rw', /holds or is inside Gatehouse's state/],
      [path.join(state, 'gatehouse.db'), 'rw', /holds or is inside Gatehouse's state/],
      // Threat: a granted path swapped for a symlink by the server, followed at its restart.
      [
        path.join(dir, 'last-link'),
        'ro',
        /last-link is a symlink to .*real\/inner; grant the real path/,
      ],
      ['/etc', 'rw', /system directory/],
      ['/usr/lib', 'rw', /system directory/],
      // Threat: a symlinked parent swapped between the check and the mount.
      [path.join(dir, 'link', 'inner'), 'ro', /symlinked parent .*link -> .*real/],
    ];
    for (const [requested, mode, reason] of refused) {
      const check = checkGrant(requested, mode, 'read', context);
      expect(check.ok, requested).toBe(false);
      if (!check.ok) expect(check.reason).toMatch(reason);
    }
  });

  it('takes a grant that names its real path', () => {
    expect(checkGrant(data, 'rw', 'write', context)).toEqual({
      ok: true,
      grant: { path: data, mode: 'rw', origin: 'write' },
    });
    expect(checkGrant(path.join(real, 'inner'), 'ro', 'read', context).ok).toBe(true);
    expect(checkGrant('/etc/ssl', 'ro', 'read', context).ok).toBe(true);
  });

  it('compares with the real path of a state folder reached through a symlink, both ways', () => {
    const linked = { protectedDirs: [path.join(dir, 'link')] };
    expect(checkGrant(real, 'rw', 'write', linked)).toMatchObject({ ok: false });
    expect(checkGrant(path.join(real, 'inner'), 'rw', 'write', linked)).toMatchObject({
      ok: false,
    });
  });

  it('lets the package store inside the state folder be granted read-only only', () => {
    const inner = path.join(state, 'packages');
    mkdirSync(inner, { recursive: true });
    const withStore = { protectedDirs: [state], allowedInside: [inner] };
    expect(checkGrant(inner, 'ro', 'package', withStore).ok).toBe(true);
    expect(checkGrant(inner, 'rw', 'write', withStore).ok).toBe(false);
  });
});

describe('argumentPaths', () => {
  it('finds existing absolute paths, also in --flag=/path form, and nothing else', () => {
    const args = [
      'stdio',
      data,
      `--root=${path.join(data, 'file.txt')}`,
      '/no/such/path',
      '-v',
      'x',
    ];
    expect(argumentPaths(args)).toEqual([data, path.join(data, 'file.txt')]);
  });
});

describe('normaliseGrants', () => {
  const g = (p: string, mode: 'ro' | 'rw'): PathGrant => ({ path: p, mode, origin: 'read' });

  it('drops grants covered by one of the same mode and mounts parents first', () => {
    expect(
      normaliseGrants([g('/a/b/c', 'ro'), g('/a', 'ro'), g('/a/b', 'rw'), g('/a', 'ro')]),
    ).toEqual([g('/a', 'ro'), g('/a/b', 'rw')]);
  });

  it('mounts a read-only grant after a writable one on the same or a parent path, so it wins', () => {
    expect(normaliseGrants([g('/a', 'ro'), g('/a', 'rw')])).toEqual([g('/a', 'rw'), g('/a', 'ro')]);
    expect(normaliseGrants([g('/a/b', 'ro'), g('/a', 'rw')])).toEqual([
      g('/a', 'rw'),
      g('/a/b', 'ro'),
    ]);
  });
});
