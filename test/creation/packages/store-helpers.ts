/**
 * Helpers shared by the package-store tests: the fixture registry with a tarball cache shared by
 * the test files of one run, fresh state folders, and a walk over a tree's modes.
 */
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll } from 'vitest';

import type { FixtureRegistry } from '../../../fixtures/registry/index.js';
import { startFixtureRegistry } from '../../../fixtures/registry/index.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';

export const EVERYTHING = '@modelcontextprotocol/server-everything';
export const FILESYSTEM = '@modelcontextprotocol/server-filesystem';

/**
 * Tarballs built from node_modules, kept per package-lock.json content so a run of several test
 * files packs each package once (and a changed install never reuses stale tarballs).
 */
export const TARBALL_CACHE = path.join(
  tmpdir(),
  `gatehouse-fixture-tarballs-${createHash('sha256')
    .update(readFileSync(path.join(REPO_ROOT, 'package-lock.json')))
    .digest('hex')
    .slice(0, 16)}`,
);

const running = new Set<FixtureRegistry>();

// Registries may be started inside tests and hooks; all of them stop when the test file ends.
afterAll(async () => {
  await Promise.all([...running].map((registry) => registry.stop()));
  running.clear();
});

/** A fixture registry for this test file, stopped when the file ends. */
export async function useRegistry(
  roots: readonly string[],
  packageDirs: readonly string[] = [],
): Promise<FixtureRegistry> {
  const registry = await startFixtureRegistry({
    repoRoot: REPO_ROOT,
    roots,
    packageDirs,
    tarballCacheDir: TARBALL_CACHE,
  });
  running.add(registry);
  return registry;
}

/** A fresh state folder and lock path; the state folder is world-traversable (mode 0755). */
export function freshState(base: string): { stateDir: string; lockFile: string } {
  const root = mkdtempSync(path.join(base, 'run-'));
  chmodSync(root, 0o755);
  // Gatehouse makes a new state folder owner-only; here uid 65534 must reach the store by path.
  const stateDir = path.join(root, 'state');
  mkdirSync(stateDir, { mode: 0o755 });
  chmodSync(stateDir, 0o755);
  return { stateDir, lockFile: path.join(root, 'config', 'gatehouse.lock') };
}

/** A temp folder (mode 0755, so uid 65534 can reach what is under it) removed after the file. */
export function useWorldReadableTempDir(): string {
  const dir = useTempDir('gatehouse-packages-');
  chmodSync(dir, 0o755);
  return dir;
}

/** Every path under `dir` whose mode differs from the store's read-only rule, as text. */
export function modeViolations(dir: string): string[] {
  const bad: string[] = [];
  const walk = (current: string): void => {
    const stat = lstatSync(current);
    const mode = stat.mode & 0o777;
    if (stat.isDirectory()) {
      if (mode !== 0o555) bad.push(`${current} ${mode.toString(8)}`);
      for (const name of readdirSync(current)) walk(path.join(current, name));
    } else if (stat.isFile()) {
      if (mode !== 0o444 && mode !== 0o555) bad.push(`${current} ${mode.toString(8)}`);
    } else {
      bad.push(`${current} is not a file or folder`);
    }
  };
  walk(dir);
  return bad;
}

/** The locked entries as written on disk. */
export function readLockJson(lockFile: string): {
  lockfileVersion: number;
  entries: Record<string, { store: string; version: string; packages: Record<string, unknown> }>;
} {
  return JSON.parse(readFileSync(lockFile, 'utf8')) as ReturnType<typeof readLockJson>;
}
