import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { beforeAll, describe, expect, it } from 'vitest';

import type { PackageProgress, ResolvedPackage } from '../../../src/creation/index.js';
import { readLockFile, resolvePackage, writeLockFile } from '../../../src/creation/index.js';
import {
  EVERYTHING,
  freshState,
  modeViolations,
  readLockJson,
  useRegistry,
  useWorldReadableTempDir,
} from './store-helpers.js';

const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];

describe('resolvePackage: first start from the registry, later starts offline', () => {
  const base = useWorldReadableTempDir();
  const { stateDir, lockFile } = freshState(base);
  let registry: Awaited<ReturnType<typeof useRegistry>>;
  let first: ResolvedPackage;
  const events: PackageProgress[] = [];

  beforeAll(async () => {
    registry = await useRegistry([EVERYTHING]);
    first = await resolvePackage(
      { spec: EVERYTHING, argv: ['stdio'] },
      { stateDir, lockFile, registry: registry.url, onProgress: (event) => events.push(event) },
    );
  });

  it('installs the whole closure into a content-addressed store folder named by the lock', () => {
    const lock = readLockJson(lockFile);
    const entry = lock.entries[EVERYTHING];
    expect(entry).toBeDefined();
    expect(first.storeDir).toBe(path.join(stateDir, 'packages', entry!.store));
    expect(Object.keys(entry!.packages).length).toBe(111);
    expect(first.version).toBe(entry!.version);
    expect(first.argv).toEqual(['stdio']);
    expect(first.bin).toBe('mcp-server-everything');
    expect(first.binPath).toBe(path.join(first.packageDir, 'dist/index.js'));
    expect(statSync(first.binPath).isFile()).toBe(true);
    // Only the tree: no placeholder project, no hidden lockfile, no .bin links.
    expect(readdirSync(first.storeDir)).toEqual(['node_modules']);
    expect(existsSync(path.join(first.storeDir, 'node_modules/.bin'))).toBe(false);
    expect(existsSync(path.join(first.storeDir, 'node_modules/.package-lock.json'))).toBe(false);
    // The npm cache lives under the state folder (it started empty).
    expect(readdirSync(path.join(stateDir, 'npm-cache')).length).toBeGreaterThan(0);
    expect(
      readdirSync(path.join(stateDir, 'packages')).filter((n) => n.startsWith('.tmp')),
    ).toEqual([]);
  });

  it('asks the registry for packuments and tarballs only (no audit, no funding calls)', () => {
    expect(registry.requests.length).toBeGreaterThan(0);
    const other = registry.requests.filter(
      (request) => request.startsWith('/-/') || request.includes('/-/npm/'),
    );
    expect(other).toEqual([]);
  });

  it('locks every package with its sha512 integrity, in stable key order', () => {
    const text = readFileSync(lockFile, 'utf8');
    const lock = readLockJson(lockFile);
    const packages = lock.entries[EVERYTHING]!.packages as Record<
      string,
      { name: string; version: string; integrity?: string }
    >;
    for (const [location, pkg] of Object.entries(packages)) {
      expect(location).toMatch(/^node_modules\//);
      expect(pkg.integrity).toMatch(/^sha512-/);
    }
    expect(packages['node_modules/express']?.name).toBe('express');
    const keys = Object.keys(packages);
    expect(keys).toEqual([...keys].sort());
    expect(text.endsWith('\n')).toBe(true);
  });

  it('reports progress: resolving, fetching n/m up to m, installing, locked', () => {
    const types = [...new Set(events.map((event) => event.type))];
    expect(types).toEqual(['resolving', 'fetching', 'installing', 'locked']);
    const fetching = events.filter((event) => event.type === 'fetching');
    expect(fetching.length).toBe(111);
    expect(fetching.at(-1)).toMatchObject({ done: 111, total: 111 });
    expect(events.at(-1)).toMatchObject({ type: 'locked', installed: true });
  });

  it('makes the tree read-only for everyone, the store root not writable by others', () => {
    expect(modeViolations(first.storeDir)).toEqual([]);
    expect(lstatSync(path.join(stateDir, 'packages')).mode & 0o777).toBe(0o755);
    // uid 65534 (the sandbox user) can read it but not write it.
    const write = spawnSync('/usr/bin/setpriv', [
      ...NOBODY,
      process.execPath,
      '-e',
      `require('fs').writeFileSync(${JSON.stringify(path.join(first.packageDir, 'x.js'))}, '')`,
    ]);
    expect(write.status).not.toBe(0);
    expect(write.stderr.toString()).toContain('EACCES');
  });

  it('runs as uid 65534 from the store and answers MCP initialize and tools/list', async () => {
    const transport = new StdioClientTransport({
      command: '/usr/bin/setpriv',
      args: [...NOBODY, process.execPath, first.binPath, ...first.argv],
      cwd: base,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'store-test', version: '1.0.0' });
    try {
      await client.connect(transport);
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('echo');
    } finally {
      await client.close();
    }
  });

  it('later starts use the lock and the store without a single registry request', async () => {
    registry.resetRequests();
    const lockBefore = readFileSync(lockFile, 'utf8');
    const offlineEvents: PackageProgress[] = [];
    const again = await resolvePackage(EVERYTHING, {
      stateDir,
      lockFile,
      registry: registry.url,
      onProgress: (event) => offlineEvents.push(event),
    });
    expect(registry.requests).toEqual([]);
    expect(again.storeDir).toBe(first.storeDir);
    expect(again.binPath).toBe(first.binPath);
    expect(again.argv).toEqual([]);
    expect(offlineEvents).toEqual([
      {
        type: 'locked',
        spec: EVERYTHING,
        name: EVERYTHING,
        version: first.version,
        installed: false,
      },
    ]);
    expect(readFileSync(lockFile, 'utf8')).toBe(lockBefore);
  });

  it('works with the registry unreachable and with offline: true', async () => {
    const unreachable = await resolvePackage(EVERYTHING, {
      stateDir,
      lockFile,
      registry: 'http://127.0.0.1:9/',
    });
    expect(unreachable.storeDir).toBe(first.storeDir);
    const offline = await resolvePackage(EVERYTHING, { stateDir, lockFile, offline: true });
    expect(offline.storeDir).toBe(first.storeDir);
  });

  it('a new spec for the same package gets its own entry, sharing the stored tree', async () => {
    const pinned = `${EVERYTHING}@${first.version}`;
    const resolved = await resolvePackage(pinned, { stateDir, lockFile, registry: registry.url });
    expect(resolved.storeDir).toBe(first.storeDir);
    expect(Object.keys(readLockJson(lockFile).entries).sort()).toEqual([EVERYTHING, pinned]);
  });

  it('an entry whose locked version no longer answers its spec is resolved again', async () => {
    // Copy the locked entry under a spec its version does not satisfy (the hash ignores the spec).
    const stale = `${EVERYTHING}@^1.0.0`;
    const lock = await readLockFile(lockFile);
    await writeLockFile(lockFile, {
      ...lock,
      entries: { ...lock.entries, [stale]: lock.entries[EVERYTHING]! },
    });
    registry.resetRequests();
    // Resolving again asks the registry, which has no 1.x: a coded error naming the package.
    await expect(
      resolvePackage(stale, { stateDir, lockFile, registry: registry.url }),
    ).rejects.toMatchObject({
      code: 'PACKAGE_RESOLVE_FAILED',
      message: expect.stringContaining(`no version of ${EVERYTHING}`),
    });
    expect(registry.requests.length).toBeGreaterThan(0);
  });

  it('concurrent resolutions of one spec in one process share the work', async () => {
    const other = freshState(base);
    registry.resetRequests();
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        resolvePackage(EVERYTHING, { ...other, registry: registry.url }),
      ),
    );
    expect(new Set(results.map((result) => result.storeDir)).size).toBe(1);
    expect(
      readdirSync(path.join(other.stateDir, 'packages')).filter((n) => !n.startsWith('.')),
    ).toHaveLength(1);
    // One install: each packument and tarball is requested a bounded number of times.
    const tarballs = registry.requests.filter((request) => request.endsWith('.tgz'));
    expect(tarballs.length).toBe(new Set(tarballs).size);
  });
});
