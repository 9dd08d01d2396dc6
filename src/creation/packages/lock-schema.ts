/**
 * @module creation/packages/lock-schema
 * The shape of `gatehouse.lock`: one entry per package spec as written in the config, each
 * naming the resolved package and its whole installed tree (every package's folder, name,
 * version, sha512 integrity and declared dependencies), the bins of the package and the hash of
 * the content-addressed store folder.
 *
 * Threat: a lock edited by hand or by another program steering Gatehouse to install or run
 * something else. Everything read is validated here; folder paths are restricted to
 * `node_modules/<name>` chains so no entry can point outside the store.
 */
import { z } from 'zod';

import { InstallRecordSchema } from './install-record.js';

/** The lock format version this module reads and writes. */
export const LOCKFILE_VERSION = 1;

/** One npm package name segment pair: `name` or `@scope/name`, never `.`/`..`, no separators. */
const NAME_PART = String.raw`(?:@[A-Za-z0-9~-][A-Za-z0-9._~-]*/)?[A-Za-z0-9~-][A-Za-z0-9._~-]*`;

/** `node_modules/a`, `node_modules/@s/a/node_modules/b`, … */
const LOCATION = new RegExp(`^node_modules/${NAME_PART}(?:/node_modules/${NAME_PART})*$`);

const PACKAGE_NAME = new RegExp(`^${NAME_PART}$`);

/** A sha512 Subresource Integrity value, the one algorithm npm's registry publishes. */
const SHA512_INTEGRITY = /^sha512-[A-Za-z0-9+/]{86}==$/;

const packageName = z.string().regex(PACKAGE_NAME, 'must be an npm package name');
const dependencyMap = z.record(z.string(), z.string());

/** One installed package of a locked tree. */
export const LockedPackageSchema = z.strictObject({
  name: packageName,
  version: z.string().min(1),
  /** Absent only for packages bundled inside another package's tarball (covered by its hash). */
  integrity: z.string().regex(SHA512_INTEGRITY, 'must be a sha512-… integrity').optional(),
  inBundle: z.literal(true).optional(),
  optional: z.literal(true).optional(),
  dependencies: dependencyMap.optional(),
  optionalDependencies: dependencyMap.optional(),
  peerDependencies: dependencyMap.optional(),
  peerDependenciesMeta: z
    .record(z.string(), z.strictObject({ optional: z.boolean().optional() }))
    .optional(),
  os: z.array(z.string()).optional(),
  cpu: z.array(z.string()).optional(),
});

/** The lock entry of one package spec. */
export const LockEntrySchema = z
  .strictObject({
    name: packageName,
    version: z.string().min(1),
    integrity: z.string().regex(SHA512_INTEGRITY, 'must be a sha512-… integrity'),
    /** The package's bins: name → path inside the package folder. */
    bins: z.record(z.string().min(1), z.string().min(1)),
    /**
     * SHA-256 (hex) of the installed tree's manifest (every file's path, mode, size and content
     * hash): checked before every start. Absent in entries locked before it existed (recorded on
     * their next start).
     */
    tree: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits')
      .optional(),
    /** SHA-256 (hex) of the canonical entry without this field: the store folder's name. */
    store: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
    /** Every installed package, keyed by its folder relative to the store folder. */
    packages: z.record(
      z.string().regex(LOCATION, 'must be a node_modules/… path'),
      LockedPackageSchema,
    ),
  })
  .superRefine((entry, ctx) => {
    const root = entry.packages[`node_modules/${entry.name}`];
    if (!root || root.name !== entry.name || root.version !== entry.version) {
      ctx.addIssue({
        code: 'custom',
        path: ['packages'],
        message: `must contain node_modules/${entry.name} at version ${entry.version}`,
      });
    } else if (root.integrity !== entry.integrity) {
      ctx.addIssue({
        code: 'custom',
        path: ['integrity'],
        message: `differs from packages["node_modules/${entry.name}"].integrity`,
      });
    }
    for (const [location, pkg] of Object.entries(entry.packages)) {
      if (pkg.integrity === undefined && !pkg.inBundle) {
        ctx.addIssue({
          code: 'custom',
          path: ['packages', location, 'integrity'],
          message: 'is required for a package that is not bundled',
        });
      }
    }
  });

/** The whole lock file. */
export const LockFileSchema = z.strictObject({
  lockfileVersion: z.literal(LOCKFILE_VERSION),
  /** Keyed by the package spec exactly as written after `npx`. */
  entries: z.record(z.string().min(1), LockEntrySchema),
  /** Servers installed by name (`gatehouse install`), keyed by server name. */
  installs: z.record(z.string().min(1), InstallRecordSchema).optional(),
});

export type LockedPackage = z.infer<typeof LockedPackageSchema>;
export type LockEntry = z.infer<typeof LockEntrySchema>;
export type LockFile = z.infer<typeof LockFileSchema>;
