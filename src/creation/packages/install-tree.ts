/**
 * @module creation/packages/install-tree
 * Installs a package's whole tree into a folder with npm's own libraries: arborist builds the
 * tree (from the registry for a new spec, or from the lock for a locked one), pacote fetches
 * every tarball into Gatehouse's npm cache checking its sha512 (this gives per-package progress
 * and errors that name the package), then arborist's reify unpacks the tree from that cache.
 *
 * Threats and their guards:
 * - install scripts running arbitrary code on the host at install time: `ignoreScripts` always;
 * - a swapped tarball on reinstall: every tarball must match the integrity in the lock (pacote
 *   compares before unpacking), and the built tree must equal the lock before anything is
 *   fetched;
 * - audit/fund calls leaking what is installed: both off; no bin links (nothing is put on PATH).
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type Arborist from '@npmcli/arborist';
import type Pacote from 'pacote';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { ExpectedClosure } from './closure-check.js';
import { closureMismatch, compareClosure } from './closure-check.js';
import { lockedPackageOf } from './lock-entry.js';
import type { LockedPackage, LockEntry } from './lock-schema.js';
import { npmFailure } from './npm-failure.js';
import type { RegistrySpec } from './package-spec.js';
import type { ProgressListener } from './progress.js';

/** Where and how to install. */
export interface InstallContext {
  readonly registry: string;
  /** npm cache folder (cacache), under the state directory. */
  readonly cache: string;
  readonly offline: boolean;
  readonly onProgress: ProgressListener;
  /** The lock file, named in errors when installing from it. */
  readonly lockFile: string;
  /** Exact-closure mode: the built tree must be this signed closure (`closure-check.ts`). */
  readonly expected?: ExpectedClosure;
}

/** What to install: a spec never resolved, or exactly what a lock entry says. */
export type InstallTarget =
  | { readonly kind: 'spec'; readonly spec: RegistrySpec }
  | { readonly kind: 'lock'; readonly spec: RegistrySpec; readonly entry: LockEntry };

/** The installed tree: every package by folder, and the root package's manifest. */
export interface InstalledTree {
  readonly packages: Record<string, LockedPackage>;
  readonly rootManifest: Record<string, unknown>;
}

/**
 * npm's libraries, loaded on the first install only: arborist and pacote (with sigstore, cacache,
 * make-fetch-happen…) hold about 30 MiB of RSS once imported, which every `gatehouse run` paid
 * whether or not its config has an `npx` entry (the RSS target with ten upstreams, issue 7).
 */
async function npmLibraries(): Promise<{
  Arborist: typeof Arborist;
  pacote: typeof Pacote;
}> {
  const [arborist, pacote] = await Promise.all([import('@npmcli/arborist'), import('pacote')]);
  return { Arborist: arborist.default, pacote: pacote.default };
}

/** How many tarballs are fetched at once. */
const FETCH_CONCURRENCY = 8;

/** The placeholder project arborist installs into; removed once the tree is in place. */
const PROJECT_FILES = ['package.json', 'package-lock.json', 'node_modules/.package-lock.json'];

function arboristOptions(dir: string, context: InstallContext): Arborist.Options {
  return {
    path: dir,
    registry: context.registry,
    cache: context.cache,
    offline: context.offline,
    ignoreScripts: true,
    binLinks: false,
    packageLock: true,
    // Not in the (older) published types; arborist reads them: no audit or funding requests.
    ...({ audit: false, fund: false, save: false } as object),
  };
}

/** npm's package-lock v3 for a locked entry, so arborist rebuilds exactly that tree. */
function packageLockOf(entry: LockEntry): unknown {
  const packages: Record<string, unknown> = {
    '': {
      name: 'gatehouse-store',
      version: '0.0.0',
      dependencies: { [entry.name]: entry.version },
    },
  };
  for (const [location, locked] of Object.entries(entry.packages)) {
    // npm's lock names a package only when its folder is named otherwise (an alias).
    const folder = location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const { name, ...rest } = locked;
    packages[location] = folder === name ? rest : { name, ...rest };
  }
  return {
    name: 'gatehouse-store',
    version: '0.0.0',
    lockfileVersion: 3,
    requires: true,
    packages,
  };
}

function lockMismatch(target: InstallTarget & { kind: 'lock' }, problem: string): GatehouseError {
  const { entry, spec } = target;
  return new GatehouseError(
    ErrorCode.PackageLockInvalid,
    `the lock entry "${spec.raw}" (${entry.name}@${entry.version}) cannot be installed as ` +
      `locked: ${problem}; delete the entry to resolve it again`,
    { data: { spec: spec.raw, name: entry.name, version: entry.version } },
  );
}

/** The built tree must be the locked tree, before anything is fetched. */
function checkAgainstLock(target: InstallTarget & { kind: 'lock' }, nodes: Arborist.Node[]): void {
  const expected = target.entry.packages;
  if (nodes.length !== Object.keys(expected).length) {
    throw lockMismatch(
      target,
      `npm built ${nodes.length} packages, the lock has ${Object.keys(expected).length}`,
    );
  }
  for (const node of nodes) {
    const locked = expected[node.location];
    if (
      !locked ||
      locked.version !== node.version ||
      locked.integrity !== (node.integrity ?? undefined)
    ) {
      throw lockMismatch(
        target,
        `${node.location} (${node.packageName}@${node.version}) is not as locked`,
      );
    }
  }
}

async function runLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Fetches every tarball into the cache, checking its integrity; reports progress. */
async function prefetch(
  pacote: typeof Pacote,
  nodes: readonly Arborist.Node[],
  target: InstallTarget,
  context: InstallContext,
): Promise<void> {
  const fetched = nodes.filter((node) => !node.inBundle);
  let done = 0;
  await runLimited(fetched, FETCH_CONCURRENCY, async (node) => {
    const id = `${node.packageName}@${node.version}`;
    try {
      await pacote.tarball(node.resolved ?? id, {
        registry: context.registry,
        cache: context.cache,
        offline: context.offline,
        integrity: node.integrity ?? undefined,
        // Threat: a tarball with no known hash cannot be checked, so cannot be locked.
      });
    } catch (error) {
      // A fresh tree may list optional packages this platform cannot use; reify drops them.
      if (
        target.kind === 'spec' &&
        node.optional &&
        (error as { code?: string }).code !== 'EINTEGRITY'
      ) {
        return;
      }
      throw npmFailure(error, {
        spec: target.spec.raw,
        pkg: id,
        registry: context.registry,
        offline: context.offline,
        ...(target.kind === 'lock' ? { lockFile: context.lockFile } : {}),
      });
    }
    done += 1;
    context.onProgress({
      type: 'fetching',
      spec: target.spec.raw,
      done,
      total: fetched.length,
      package: id,
    });
  });
}

/**
 * Installs `target` into `dir` (an empty folder) and returns what was installed. `dir` then
 * holds only `node_modules/…`.
 * @throws GatehouseError `PACKAGE_RESOLVE_FAILED`, `PACKAGE_INTEGRITY_MISMATCH`,
 *   `PACKAGE_LOCK_INVALID`.
 */
export async function installTree(
  target: InstallTarget,
  dir: string,
  context: InstallContext,
): Promise<InstalledTree> {
  const { spec } = target;
  const range = target.kind === 'lock' ? target.entry.version : spec.fetchSpec;
  const project = {
    name: 'gatehouse-store',
    version: '0.0.0',
    private: true,
    dependencies: { [spec.name]: range },
  };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(project));
  if (target.kind === 'lock') {
    await writeFile(
      path.join(dir, 'package-lock.json'),
      JSON.stringify(packageLockOf(target.entry)),
    );
  }
  context.onProgress({
    type: 'resolving',
    spec: spec.raw,
    from: target.kind === 'lock' ? 'lock' : 'registry',
  });
  const failure = (error: unknown): GatehouseError =>
    npmFailure(error, {
      spec: spec.raw,
      registry: context.registry,
      offline: context.offline,
      ...(target.kind === 'lock' ? { lockFile: context.lockFile } : {}),
    });
  const npm = await npmLibraries();
  const arborist = new npm.Arborist(arboristOptions(dir, context));
  let tree: Arborist.Node;
  try {
    tree = await arborist.buildIdealTree();
  } catch (error) {
    throw failure(error);
  }
  const nodes = [...tree.inventory.values()].filter((node) => !node.isRoot);
  for (const node of nodes) {
    // Threat: links and non-registry sources escape the integrity model of the lock.
    if (node.isLink || (!node.integrity && !node.inBundle)) {
      throw new GatehouseError(
        ErrorCode.PackageResolveFailed,
        `${node.packageName}@${node.version} (needed by "${spec.raw}") has no registry integrity; ` +
          'Gatehouse installs registry packages only',
        { data: { spec: spec.raw, location: node.location } },
      );
    }
  }
  if (target.kind === 'lock') checkAgainstLock(target, nodes);
  if (context.expected) {
    // Before any tarball is fetched: the tree must be exactly the signed closure.
    const comparison = compareClosure(
      nodes.map((node) => ({
        location: node.location,
        name: node.packageName,
        version: node.version,
        integrity: node.integrity ?? undefined,
        inBundle: node.inBundle,
        optional: node.optional,
        optionalDependencies: (node.package as { optionalDependencies?: Record<string, string> })
          .optionalDependencies,
      })),
      context.expected,
    );
    if (!comparison.ok) {
      throw closureMismatch(spec.raw, context.expected, comparison.problems, 'the tree npm built');
    }
  }
  await prefetch(npm.pacote, nodes, target, context);
  context.onProgress({ type: 'installing', spec: spec.raw, packages: nodes.length });
  try {
    await arborist.reify({ save: false });
  } catch (error) {
    throw failure(error);
  }
  const packages: Record<string, LockedPackage> = {};
  for (const node of nodes) {
    // Optional packages this platform cannot use were dropped by reify: they are not installed.
    if (!existsSync(path.join(dir, node.location, 'package.json'))) continue;
    packages[node.location] =
      target.kind === 'lock'
        ? (target.entry.packages[node.location] as LockedPackage)
        : lockedPackageOf(node);
  }
  // The bins come from the package.json in the tarball, which is what runs (not the packument).
  const rootManifest = JSON.parse(
    await readFile(path.join(dir, 'node_modules', spec.name, 'package.json'), 'utf8'),
  ) as Record<string, unknown>;
  for (const file of PROJECT_FILES) await rm(path.join(dir, file), { force: true });
  return { packages, rootManifest };
}
