/**
 * @module creation/registry/npm-package-check
 * What the registry checks against the npm registry before it accepts a release:
 *
 * - the package exists at that version, and the integrity the npm registry announces for its
 *   tarball is the one the publisher signed (threat: a release pointing at other bytes);
 * - the tarball the npm registry actually serves matches that integrity (threat: a registry or
 *   mirror serving swapped bytes under a correct announcement);
 * - the package's own `package.json`, read from those bytes, names the server in `mcpName`
 *   (threat: publishing somebody else's npm package under your server name);
 * - every closure entry's integrity is the one the npm registry announces for that version
 *   (threat: a closure that no installer could ever satisfy, or that names swapped bytes).
 *
 * pacote (npm's own fetcher) does the fetching and hashing. Every failure refuses the release.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pacote from 'pacote';

import type { Release } from './release.js';

/** The outcome of a package check. */
export type PackageCheck = { ok: true } | { ok: false; message: string };

/** Checks a release's package and closure against an npm registry. */
export interface PackageVerifier {
  /** The npm registry checked against (base URL, trailing slash). */
  readonly registry: string;
  verify(release: Release): Promise<PackageCheck>;
  close(): Promise<void>;
}

/** How many packuments of the closure are fetched at once. */
const CLOSURE_CONCURRENCY = 8;

/** Normalizes a registry base URL to end with one slash. */
export function normalizeRegistryUrl(url: string): string {
  const parsed = new URL(url);
  return parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/`;
}

/** The {@link PackageVerifier} for an npm registry, with its own temporary cache. */
export class NpmPackageVerifier implements PackageVerifier {
  readonly registry: string;
  private readonly cache: string;

  constructor(registry: string) {
    this.registry = normalizeRegistryUrl(registry);
    this.cache = mkdtempSync(path.join(tmpdir(), 'gatehouse-registry-npm-'));
  }

  async verify(release: Release): Promise<PackageCheck> {
    const { identifier, version } = release.package;
    const spec = `${identifier}@${version}`;
    const options = { registry: this.registry, cache: this.cache, preferOnline: true };
    let announced: string | undefined;
    try {
      const manifest = await pacote.manifest(spec, { ...options, fullMetadata: true });
      announced = manifest.dist?.integrity ?? manifest._integrity;
    } catch (error) {
      return refuse(`${spec} is not on the npm registry ${this.registry}: ${messageOf(error)}`);
    }
    if (announced !== release.integrity) {
      return refuse(
        `integrity mismatch: the npm registry announces ${announced ?? 'no integrity'} for ` +
          `${spec}, the release signs ${release.integrity}`,
      );
    }
    const dest = mkdtempSync(path.join(this.cache, 'extract-'));
    try {
      try {
        // pacote hashes the bytes it receives and refuses them (EINTEGRITY) when they differ.
        await pacote.extract(spec, dest, { ...options, integrity: release.integrity });
      } catch (error) {
        const code = (error as { code?: string }).code;
        return refuse(
          code === 'EINTEGRITY'
            ? `integrity mismatch: the tarball the npm registry serves for ${spec} does not ` +
                `match ${release.integrity}`
            : `cannot fetch ${spec} from ${this.registry}: ${messageOf(error)}`,
        );
      }
      const own = readPackageJson(dest);
      if (own === undefined) return refuse(`${spec} has no readable package.json`);
      if (own.name !== identifier || own.version !== version) {
        return refuse(
          `the tarball of ${spec} holds ${String(own.name)}@${String(own.version)} instead`,
        );
      }
      if (own.mcpName !== release.name) {
        return refuse(
          `mcpName mismatch: ${spec} declares mcpName ${JSON.stringify(own.mcpName ?? null)} ` +
            `in its package.json, not "${release.name}"; add "mcpName": "${release.name}" and ` +
            'publish a new npm version',
        );
      }
    } finally {
      rmSync(dest, { recursive: true, force: true });
    }
    return this.verifyClosure(release);
  }

  close(): Promise<void> {
    rmSync(this.cache, { recursive: true, force: true });
    return Promise.resolve();
  }

  private async verifyClosure(release: Release): Promise<PackageCheck> {
    const byName = new Map<string, { version: string; integrity: string }[]>();
    for (const entry of release.closure) {
      byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
    }
    const names = [...byName.keys()];
    const failures: string[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < names.length) {
        const name = names[next++] as string;
        try {
          const packument = await pacote.packument(name, {
            registry: this.registry,
            cache: this.cache,
            preferOnline: true,
          });
          for (const entry of byName.get(name) ?? []) {
            const announced = packument.versions[entry.version]?.dist.integrity;
            if (announced !== entry.integrity) {
              failures.push(
                `${name}@${entry.version}: the npm registry announces ` +
                  `${announced ?? 'no such version'}, the release signs ${entry.integrity}`,
              );
            }
          }
        } catch (error) {
          failures.push(`${name}: ${messageOf(error)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CLOSURE_CONCURRENCY }, worker));
    if (failures.length === 0) return { ok: true };
    failures.sort();
    return refuse(
      `closure integrity mismatch (${failures.length}): ${failures.slice(0, 5).join('; ')}` +
        (failures.length > 5 ? '; …' : ''),
    );
  }
}

function readPackageJson(dir: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function refuse(message: string): PackageCheck {
  return { ok: false, message };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
