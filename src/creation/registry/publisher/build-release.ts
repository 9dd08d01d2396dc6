/**
 * @module creation/registry/publisher/build-release
 * Builds what `gatehouse registry publish` signs, from a package folder or an npm spec:
 *
 * 1. the package is resolved from the npm registry into the verified store with its whole
 *    dependency closure (`resolvePackage`: every tarball checked against its sha512);
 * 2. the closure is every installed package but the server's own, with its integrity (packages
 *    bundled inside another tarball are covered by that tarball's);
 * 3. the server name is the package's own `mcpName` (the registry checks it again);
 * 4. `server.json` is the folder's, or a minimal one made from `package.json`;
 * 5. the definitions hash is computed from the tools the server lists (sandboxed) or a given list.
 *
 * What is signed is built from what was fetched and verified, never from the local folder's files
 * alone: the folder names the package, the registry's bytes are the release.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { z } from 'zod';

import { ErrorCode, GatehouseError, UsageError } from '../../../shared/errors/index.js';
import type { ProgressListener, ResolvedPackage } from '../../packages/index.js';
import { resolvePackage } from '../../packages/index.js';
import type { ClosureEntry, Release } from '../release.js';
import { definitionsHashOf, normalizeClosure, ReleaseSchema } from '../release.js';
import type { ServerJson } from '../server-json.js';
import { SERVER_JSON_SCHEMA_URL, ServerJsonSchema } from '../server-json.js';
import { namespaceOf, parseServerName } from '../server-name.js';

const PackageJsonSchema = z.looseObject({
  name: z.string().min(1),
  version: z.string().min(1),
  description: z.string().optional(),
  mcpName: z.string().optional(),
});

/** Options of {@link buildRelease}. */
export interface BuildReleaseOptions {
  /** A package folder (with package.json, maybe server.json) or an npm spec (`name@1.2.3`). */
  readonly target: string;
  readonly npmRegistry: string;
  /** Where the package store lives (`/var/lib/gatehouse` as root: the sandbox must reach it). */
  readonly packagesDir: string;
  /** A `server.json` to publish instead of the folder's or a generated one. */
  readonly serverJsonFile?: string;
  /** The server's tools, given; otherwise `listTools` is asked. */
  readonly tools?: readonly unknown[];
  /** Lists the tools of the resolved package (sandboxed), when `tools` is not given. */
  readonly listTools?: (spec: string, lockFile: string) => Promise<unknown[]>;
  readonly onProgress?: ProgressListener;
}

/** What {@link buildRelease} made. */
export interface BuiltRelease {
  readonly namespace: string;
  readonly server: ServerJson;
  readonly release: Release;
  readonly toolCount: number;
  readonly resolved: ResolvedPackage;
}

/** Builds the release of a package (see the module comment). */
export async function buildRelease(options: BuildReleaseOptions): Promise<BuiltRelease> {
  const folder = isDirectory(options.target) ? path.resolve(options.target) : undefined;
  const spec = folder ? specOfFolder(folder) : options.target;
  const work = mkdtempSync(path.join(tmpdir(), 'gatehouse-publish-'));
  try {
    const lockFile = path.join(work, 'gatehouse.lock');
    const resolved = await resolvePackage(spec, {
      stateDir: options.packagesDir,
      lockFile,
      registry: options.npmRegistry,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const own = readJson(path.join(resolved.packageDir, 'package.json'), PackageJsonSchema);
    if (own.mcpName === undefined) {
      throw new UsageError(
        `${resolved.name}@${resolved.version} has no "mcpName" in its package.json: add the ` +
          'server name (e.g. "io.github.you/server") and publish a new npm version',
      );
    }
    const name = parseServerName(own.mcpName);
    if (!name.ok) throw new UsageError(`mcpName of ${resolved.name}: ${name.message}`);
    const serverFile =
      options.serverJsonFile ??
      (folder && exists(path.join(folder, 'server.json'))
        ? path.join(folder, 'server.json')
        : undefined);
    const server = serverFile
      ? readJson(serverFile, ServerJsonSchema)
      : draftServerJson(own, resolved, options.npmRegistry);
    if (server.name !== own.mcpName) {
      throw new UsageError(
        `${serverFile ?? 'server.json'} names ${server.name}, the package's mcpName is ${own.mcpName}`,
      );
    }
    const tools =
      options.tools ??
      (await options.listTools?.(`${resolved.name}@${resolved.version}`, lockFile));
    if (tools === undefined) throw new UsageError('no tool definitions: pass --definitions FILE');
    const release = ReleaseSchema.parse({
      name: server.name,
      version: server.version,
      package: { registryType: 'npm', identifier: resolved.name, version: resolved.version },
      integrity: resolved.lockEntry.integrity,
      closure: closureOf(resolved),
      definitionsHash: definitionsHashOf(tools),
    });
    return {
      namespace: namespaceOf(server.name),
      server,
      release,
      toolCount: tools.length,
      resolved,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Every installed package but the root, with its integrity; bundled ones are skipped. */
export function closureOf(resolved: ResolvedPackage): ClosureEntry[] {
  const rootLocation = `node_modules/${resolved.name}`;
  const entries: ClosureEntry[] = [];
  for (const [location, pkg] of Object.entries(resolved.lockEntry.packages)) {
    if (location === rootLocation || pkg.integrity === undefined) continue;
    entries.push({ name: pkg.name, version: pkg.version, integrity: pkg.integrity });
  }
  return normalizeClosure(entries);
}

/** A `server.json` for a package that has none: its name, description and npm coordinates. */
function draftServerJson(
  own: z.infer<typeof PackageJsonSchema>,
  resolved: ResolvedPackage,
  npmRegistry: string,
): ServerJson {
  const description = (own.description ?? resolved.name).slice(0, 100) || resolved.name;
  return {
    $schema: SERVER_JSON_SCHEMA_URL,
    name: own.mcpName as string,
    description,
    version: resolved.version,
    packages: [
      {
        registryType: 'npm',
        registryBaseUrl: npmRegistry,
        identifier: resolved.name,
        version: resolved.version,
        transport: { type: 'stdio' },
      },
    ],
  };
}

function specOfFolder(folder: string): string {
  const pkg = readJson(path.join(folder, 'package.json'), PackageJsonSchema);
  return `${pkg.name}@${pkg.version}`;
}

function readJson<T extends z.ZodType>(file: string, schema: T): z.output<T> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: not readable JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GatehouseError(
      ErrorCode.Usage,
      `${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim(),
    );
  }
  return parsed.data;
}

function isDirectory(target: string): boolean {
  try {
    return statSync(target).isDirectory();
  } catch {
    return false;
  }
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}
