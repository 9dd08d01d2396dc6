/**
 * @module creation/packages/lock-entry
 * Builds a lock entry from an installed arborist tree and derives the store folder's name from
 * the entry's content: SHA-256 of the RFC 8785 canonical entry without its `store` field. Two
 * specs that resolve to the same tree share one store folder; any change to a locked version,
 * integrity or dependency gives a different folder.
 */
import type Arborist from '@npmcli/arborist';

import { jcsHash } from '../../shared/canonical/index.js';
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import { normalizeBins } from './bin-select.js';
import type { LockedPackage, LockEntry } from './lock-schema.js';
import { LockEntrySchema } from './lock-schema.js';

/**
 * The store folder name of an entry: hash of everything in it but `store` and `tree` (the tree's
 * manifest is made after the folder exists, and pinned by the lock separately).
 */
export function storeHashOf(entry: Omit<LockEntry, 'store'> & { store?: string }): string {
  const { store: _store, tree: _tree, ...content } = entry;
  return jcsHash(content);
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const out: Record<string, string> = {};
  for (const [key, spec] of Object.entries(value)) if (typeof spec === 'string') out[key] = spec;
  return Object.keys(out).length > 0 ? out : undefined;
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out = value.filter((item): item is string => typeof item === 'string');
  return out.length > 0 ? out : undefined;
}

function peerMeta(value: unknown): LockedPackage['peerDependenciesMeta'] {
  if (value === null || typeof value !== 'object') return undefined;
  const out: NonNullable<LockedPackage['peerDependenciesMeta']> = {};
  for (const [key, meta] of Object.entries(value as Record<string, unknown>)) {
    const optional = (meta as { optional?: unknown } | null)?.optional;
    out[key] = typeof optional === 'boolean' ? { optional } : {};
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** What the lock keeps of one tree node: identity, integrity, and the edges arborist needs. */
export function lockedPackageOf(node: Arborist.Node): LockedPackage {
  const pkg = node.package as Record<string, unknown>;
  const locked: LockedPackage = { name: node.packageName, version: node.version };
  if (node.integrity) locked.integrity = node.integrity;
  if (node.inBundle) locked.inBundle = true;
  if (node.optional) locked.optional = true;
  const dependencies = stringMap(pkg.dependencies);
  if (dependencies) locked.dependencies = dependencies;
  const optionalDependencies = stringMap(pkg.optionalDependencies);
  if (optionalDependencies) locked.optionalDependencies = optionalDependencies;
  const peerDependencies = stringMap(pkg.peerDependencies);
  if (peerDependencies) locked.peerDependencies = peerDependencies;
  const peerDependenciesMeta = peerMeta(pkg.peerDependenciesMeta);
  if (peerDependenciesMeta) locked.peerDependenciesMeta = peerDependenciesMeta;
  const os = stringList(pkg.os);
  if (os) locked.os = os;
  const cpu = stringList(pkg.cpu);
  if (cpu) locked.cpu = cpu;
  return locked;
}

/**
 * The lock entry of an installed tree.
 * @param packages every installed package, keyed by folder (root package included)
 * @param rootManifest the root package's package.json as installed (for its bins)
 */
export function buildLockEntry(
  name: string,
  packages: Record<string, LockedPackage>,
  rootManifest: Record<string, unknown>,
): LockEntry {
  const root = packages[`node_modules/${name}`];
  if (!root?.integrity) {
    throw new GatehouseError(
      ErrorCode.PackageResolveFailed,
      `${name} was installed without a registry integrity; Gatehouse locks registry packages only`,
      { data: { name } },
    );
  }
  const content = {
    name,
    version: root.version,
    integrity: root.integrity,
    bins: normalizeBins(name, rootManifest.bin),
    packages,
  };
  const entry = { ...content, store: storeHashOf(content) };
  // Same validation as a lock read from disk: what we write must read back.
  const parsed = LockEntrySchema.safeParse(entry);
  if (!parsed.success) {
    throw new GatehouseError(
      ErrorCode.PackageResolveFailed,
      `the installed tree of ${name}@${root.version} cannot be locked: ${parsed.error.message}`,
      { cause: parsed.error, data: { name, version: root.version } },
    );
  }
  return parsed.data;
}
