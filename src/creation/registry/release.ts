/**
 * @module creation/registry/release
 * A release: what a publisher signs to bind a server name and version to exact bytes. It names
 * the npm package, the sha512 integrity of its tarball, the integrity of every package of its
 * dependency closure, and the hash of the tool definitions the server lists. An installer that
 * trusts the signature can then check every tarball it fetches and every definition it is shown.
 *
 * Threat: a release that can be read two ways. The closure is sorted and free of duplicates, so
 * one release has one canonical form and one signature.
 */
import { z } from 'zod';

import { canonicalJson, jcsHash } from '../../shared/canonical/index.js';
import { SERVER_NAME_PATTERN } from './server-name.js';

/** A sha512 Subresource Integrity value (the one algorithm npm's registry publishes). */
export const SHA512_INTEGRITY = /^sha512-[A-Za-z0-9+/]{86}==$/;

/** An npm package name (`name` or `@scope/name`). */
const NPM_NAME = /^(?:@[A-Za-z0-9~-][A-Za-z0-9._~-]*\/)?[A-Za-z0-9~-][A-Za-z0-9._~-]*$/;

const integrity = z.string().regex(SHA512_INTEGRITY, 'must be a sha512-… integrity');
const npmName = z.string().max(214).regex(NPM_NAME, 'must be an npm package name');
const exactVersion = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[0-9A-Za-z.+-]+$/, 'must be an exact version');

/** One package of the dependency closure. */
export const ClosureEntrySchema = z.strictObject({
  name: npmName,
  version: exactVersion,
  integrity,
});

/** The signed release body. */
export const ReleaseSchema = z
  .strictObject({
    name: z.string().min(3).max(200).regex(SERVER_NAME_PATTERN),
    version: exactVersion,
    package: z.strictObject({
      registryType: z.literal('npm'),
      identifier: npmName,
      version: exactVersion,
    }),
    /** The package tarball's integrity, as the npm registry announces it. */
    integrity,
    /** Every other package the server needs at run time, sorted by name then version. */
    closure: z.array(ClosureEntrySchema).max(20_000),
    /** Hex SHA-256 of the canonical JSON of the server's tool definitions (`definitionsHashOf`). */
    definitionsHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
  })
  .superRefine((release, ctx) => {
    const ids = release.closure.map((entry) => `${entry.name}@${entry.version}`);
    for (let i = 1; i < ids.length; i++) {
      if (compareClosure(release.closure[i - 1]!, release.closure[i]!) >= 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['closure', i],
          message: `must be sorted by name then version without duplicates (${ids[i]})`,
        });
        return;
      }
    }
  });

export type ClosureEntry = z.infer<typeof ClosureEntrySchema>;
export type Release = z.infer<typeof ReleaseSchema>;

/** Closure order: by name, then version (plain code-unit order, the same everywhere). */
export function compareClosure(a: ClosureEntry, b: ClosureEntry): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.version !== b.version) return a.version < b.version ? -1 : 1;
  return 0;
}

/** Sorts and de-duplicates closure entries (the same `name@version` must agree on integrity). */
export function normalizeClosure(entries: readonly ClosureEntry[]): ClosureEntry[] {
  const byId = new Map<string, ClosureEntry>();
  for (const entry of entries) {
    const id = `${entry.name}@${entry.version}`;
    const known = byId.get(id);
    if (known && known.integrity !== entry.integrity) {
      throw new Error(`${id} appears twice with different integrities`);
    }
    byId.set(id, { name: entry.name, version: entry.version, integrity: entry.integrity });
  }
  return [...byId.values()].sort(compareClosure);
}

/**
 * The hash of a server's tool definitions: hex SHA-256 of the RFC 8785 canonical JSON of the
 * tools exactly as `tools/list` returned them, sorted by name. Publisher and installer both call
 * this, so they agree byte for byte.
 */
export function definitionsHashOf(tools: readonly unknown[]): string {
  const named = tools.map((tool) => {
    const name =
      typeof tool === 'object' && tool !== null ? (tool as { name?: unknown }).name : undefined;
    if (typeof name !== 'string') throw new Error('every tool definition needs a string name');
    return { name, tool };
  });
  named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 1; i < named.length; i++) {
    if (named[i - 1]!.name === named[i]!.name) {
      throw new Error(`tool "${named[i]!.name}" is listed twice`);
    }
  }
  return jcsHash(named.map((entry) => entry.tool));
}

/** True when two releases are the same release (canonical equality). */
export function sameRelease(a: Release, b: Release): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
