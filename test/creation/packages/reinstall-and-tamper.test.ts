import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import type { ResolvedPackage } from '../../../src/creation/index.js';
import { resolvePackage } from '../../../src/creation/index.js';
import { GatehouseError } from '../../../src/shared/errors/index.js';
import {
  EVERYTHING,
  freshState,
  modeViolations,
  readLockJson,
  useRegistry,
  useWorldReadableTempDir,
} from './store-helpers.js';

/** A copy of `lockFile` in a new, empty state (no store, empty npm cache): another machine. */
function anotherMachine(base: string, lockFile: string): { stateDir: string; lockFile: string } {
  const state = freshState(base);
  mkdirSync(path.dirname(state.lockFile), { recursive: true });
  copyFileSync(lockFile, state.lockFile);
  return state;
}

async function resolveError(promise: Promise<unknown>): Promise<GatehouseError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatehouseError);
    return error as GatehouseError;
  }
  throw new Error('expected the resolution to fail');
}

describe('resolvePackage: reinstalling a locked tree, and refusing a changed one', () => {
  const base = useWorldReadableTempDir();
  const origin = freshState(base);
  let registry: Awaited<ReturnType<typeof useRegistry>>;
  let first: ResolvedPackage;
  /** A transitive dependency (not the root package) whose tarball the tests swap. */
  let victim: { name: string; version: string };

  beforeAll(async () => {
    registry = await useRegistry([EVERYTHING]);
    first = await resolvePackage(EVERYTHING, { ...origin, registry: registry.url });
    const packages = readLockJson(origin.lockFile).entries[EVERYTHING]!.packages as Record<
      string,
      { name: string; version: string }
    >;
    victim = packages['node_modules/content-type']!;
  });

  it('a missing store folder is reinstalled with exactly the locked versions', async () => {
    const machine = anotherMachine(base, origin.lockFile);
    const lockBefore = readFileSync(machine.lockFile, 'utf8');
    registry.resetRequests();
    const events: string[] = [];
    const again = await resolvePackage(EVERYTHING, {
      ...machine,
      registry: registry.url,
      onProgress: (event) =>
        events.push(event.type === 'resolving' ? `resolving:${event.from}` : event.type),
    });
    expect(registry.requests.length).toBeGreaterThan(0);
    expect(events[0]).toBe('resolving:lock');
    expect(path.basename(again.storeDir)).toBe(path.basename(first.storeDir));
    expect(again.version).toBe(first.version);
    expect(readFileSync(machine.lockFile, 'utf8')).toBe(lockBefore);
    expect(modeViolations(again.storeDir)).toEqual([]);
  });

  it('a swapped transitive tarball the registry still announces with the locked hash is refused', async () => {
    const tampering = await useRegistry([EVERYTHING]);
    await tampering.tamper(victim.name, victim.version, 'keep-integrity');
    const machine = anotherMachine(base, origin.lockFile);
    const error = await resolveError(
      resolvePackage(EVERYTHING, { ...machine, registry: tampering.url }),
    );
    expect(error.code).toBe('PACKAGE_INTEGRITY_MISMATCH');
    expect(error.message).toContain(`${victim.name}@${victim.version}`);
    expect(error.message).toContain(machine.lockFile);
    expect(existsSync(path.join(machine.stateDir, 'packages', path.basename(first.storeDir)))).toBe(
      false,
    );
  });

  it('a swapped transitive tarball announced with its new hash (a compromised registry) is refused', async () => {
    const tampering = await useRegistry([EVERYTHING]);
    await tampering.tamper(victim.name, victim.version, 'announce-tampered');
    const machine = anotherMachine(base, origin.lockFile);
    const lockBefore = readFileSync(machine.lockFile, 'utf8');
    const error = await resolveError(
      resolvePackage(EVERYTHING, { ...machine, registry: tampering.url }),
    );
    expect(error.code).toBe('PACKAGE_INTEGRITY_MISMATCH');
    expect(error.message).toContain(`${victim.name}@${victim.version}`);
    expect(readFileSync(machine.lockFile, 'utf8')).toBe(lockBefore);
  });

  it('a tampered tarball on a first resolution is refused too (announced hash differs)', async () => {
    const tampering = await useRegistry([EVERYTHING]);
    await tampering.tamper(victim.name, victim.version, 'keep-integrity');
    const machine = freshState(base);
    const error = await resolveError(
      resolvePackage(EVERYTHING, { ...machine, registry: tampering.url }),
    );
    expect(error.code).toBe('PACKAGE_INTEGRITY_MISMATCH');
    expect(error.message).toContain(`${victim.name}@${victim.version}`);
    expect(existsSync(machine.lockFile)).toBe(false);
  });

  describe('a changed store folder fails closed before anything runs', () => {
    /** A writable copy of the stored tree to damage, put back read-only under the same name. */
    function damagedCopy(damage: (storeDir: string) => void): {
      stateDir: string;
      lockFile: string;
    } {
      const machine = anotherMachine(base, origin.lockFile);
      const storeDir = path.join(machine.stateDir, 'packages', path.basename(first.storeDir));
      mkdirSync(path.dirname(storeDir), { recursive: true, mode: 0o755 });
      cpSync(first.storeDir, storeDir, { recursive: true });
      chmodAll(storeDir, 0o755, 0o644);
      damage(storeDir);
      chmodAll(storeDir, 0o555, 0o444);
      return machine;
    }

    it('a package swapped for another version', async () => {
      const machine = damagedCopy((storeDir) => {
        const file = path.join(storeDir, 'node_modules/content-type/package.json');
        const manifest = JSON.parse(readFileSync(file, 'utf8'));
        writeFileSync(file, JSON.stringify({ ...manifest, version: '9.9.9' }));
      });
      registry.resetRequests();
      const error = await resolveError(
        resolvePackage(EVERYTHING, { ...machine, registry: registry.url }),
      );
      expect(error.code).toBe('PACKAGE_STORE_INVALID');
      expect(error.message).toContain('node_modules/content-type holds content-type@9.9.9');
      expect(registry.requests).toEqual([]);
    });

    it('a package removed', async () => {
      const machine = damagedCopy((storeDir) => {
        rmSync(path.join(storeDir, 'node_modules/vary'), { recursive: true });
      });
      const error = await resolveError(
        resolvePackage(EVERYTHING, { ...machine, registry: registry.url }),
      );
      expect(error.code).toBe('PACKAGE_STORE_INVALID');
      expect(error.message).toContain('node_modules/vary is missing');
    });

    it('a package planted that the lock does not list', async () => {
      const machine = damagedCopy((storeDir) => {
        const planted = path.join(storeDir, 'node_modules/express/node_modules/vary');
        mkdirSync(planted, { recursive: true });
        writeFileSync(path.join(planted, 'package.json'), '{"name":"vary","version":"1.1.2"}');
      });
      const error = await resolveError(
        resolvePackage(EVERYTHING, { ...machine, registry: registry.url }),
      );
      expect(error.code).toBe('PACKAGE_STORE_INVALID');
      expect(error.message).toContain('node_modules/express/node_modules/vary is not in the lock');
    });

    it('a tree made writable again', async () => {
      const machine = damagedCopy(() => undefined);
      chmodSync(path.join(machine.stateDir, 'packages', path.basename(first.storeDir)), 0o755);
      const error = await resolveError(
        resolvePackage(EVERYTHING, { ...machine, registry: registry.url }),
      );
      expect(error.code).toBe('PACKAGE_STORE_INVALID');
      expect(error.message).toContain('is writable');
    });
  });

  it('a store root writable by others is refused', async () => {
    const machine = freshState(base);
    mkdirSync(path.join(machine.stateDir, 'packages'), { recursive: true });
    chmodSync(path.join(machine.stateDir, 'packages'), 0o777);
    const error = await resolveError(
      resolvePackage(EVERYTHING, { ...machine, registry: registry.url }),
    );
    expect(error.code).toBe('PACKAGE_STORE_INVALID');
    expect(error.message).toContain('writable by group or others');
  });
});

/** Sets every folder under `dir` to `dirMode` and every file to `fileMode`. */
function chmodAll(dir: string, dirMode: number, fileMode: number): void {
  if (statSync(dir).isDirectory()) {
    chmodSync(dir, 0o755);
    for (const name of readdirSync(dir)) chmodAll(path.join(dir, name), dirMode, fileMode);
    chmodSync(dir, dirMode);
  } else chmodSync(dir, fileMode);
}
