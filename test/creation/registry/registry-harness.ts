/**
 * Helpers of the registry tests: a real registry (SQLite file, HTTP on loopback) in a temp
 * folder, test-made npm packages for the fixture npm registry, and releases built from what that
 * npm registry announces.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll } from 'vitest';

import type {
  NameGuard,
  NamespaceProofOptions,
  OpenedRegistry,
  PackageVerifier,
  Release,
  RunningRegistry,
  ServerJson,
} from '../../../src/creation/registry/index.js';
import {
  definitionsHashOf,
  openRegistry,
  RegistryClient,
  startRegistryServer,
} from '../../../src/creation/registry/index.js';
import { parseListenAddress } from '../../../src/operation/gateway/downstream/index.js';
import { createLogger } from '../../../src/shared/logging/index.js';

/** Proofs that accept any first claim (tests of everything but the proofs). */
export const FIRST_COME: NamespaceProofOptions = {
  policy: { domain: 'first-come', github: 'first-come' },
};

/** A registry served on loopback. */
export interface TestRegistry {
  readonly url: string;
  readonly opened: OpenedRegistry;
  readonly client: RegistryClient;
  readonly dbFile: string;
  stop(): Promise<void>;
}

const running = new Set<TestRegistry>();
afterAll(async () => {
  await Promise.all([...running].map((registry) => registry.stop()));
});

/** Opens a registry database in `dir` and serves it on 127.0.0.1:0. */
export async function startTestRegistry(options: {
  dir: string;
  npmRegistry: string;
  proofs?: NamespaceProofOptions;
  names?: NameGuard;
  packages?: PackageVerifier;
  dbName?: string;
  now?: () => Date;
}): Promise<TestRegistry> {
  const dbFile = path.join(options.dir, options.dbName ?? 'registry.db');
  const opened = openRegistry({
    dbFile,
    npmRegistry: options.npmRegistry,
    proofs: options.proofs ?? FIRST_COME,
    ...(options.names ? { names: options.names } : {}),
    ...(options.packages ? { packages: options.packages } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const server: RunningRegistry = await startRegistryServer({
    service: opened.service,
    address: parseListenAddress('127.0.0.1:0'),
    logger: createLogger({ level: process.env.REGISTRY_TEST_LOG === '1' ? 'debug' : 'silent' }),
  });
  let stopped = false;
  const registry: TestRegistry = {
    url: server.url,
    opened,
    dbFile,
    client: new RegistryClient(server.url),
    async stop() {
      if (stopped) return;
      stopped = true;
      running.delete(registry);
      await server.close();
      await opened.close();
    },
  };
  running.add(registry);
  return registry;
}

/** Writes an npm package folder (package.json, index.js) under `base` and returns it. */
export function makePackage(
  base: string,
  manifest: { name: string; version: string; mcpName?: string; [key: string]: unknown },
): string {
  const dir = path.join(base, `${manifest.name.replace(/[@/]/g, '_')}-${manifest.version}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        description: 'a test server',
        main: 'index.js',
        bin: { [manifest.name.replace(/^@[^/]+\//, '')]: 'index.js' },
        ...manifest,
      },
      null,
      2,
    ),
  );
  writeFileSync(
    path.join(dir, 'index.js'),
    `#!/usr/bin/env node\nconsole.log(${JSON.stringify(manifest.name)});\n`,
  );
  return dir;
}

/** What the npm registry announces for one version (its integrity). */
export async function announcedIntegrity(
  npmRegistry: string,
  name: string,
  version: string,
): Promise<string> {
  const response = await fetch(new URL(name.replace('/', '%2f'), npmRegistry));
  const packument = (await response.json()) as {
    versions: Record<string, { dist: { integrity: string } }>;
  };
  const integrity = packument.versions[version]?.dist.integrity;
  if (integrity === undefined) throw new Error(`${name}@${version} is not served`);
  return integrity;
}

/** A `server.json` and release for an npm package served by `npmRegistry`. */
export async function releaseOf(
  npmRegistry: string,
  options: {
    serverName: string;
    identifier: string;
    version: string;
    serverVersion?: string;
    closure?: Release['closure'];
    integrity?: string;
    description?: string;
  },
): Promise<{ server: ServerJson; release: Release }> {
  const serverVersion = options.serverVersion ?? options.version;
  const integrity =
    options.integrity ??
    (await announcedIntegrity(npmRegistry, options.identifier, options.version));
  const server: ServerJson = {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name: options.serverName,
    description: options.description ?? 'A test server',
    version: serverVersion,
    packages: [
      {
        registryType: 'npm',
        registryBaseUrl: npmRegistry,
        identifier: options.identifier,
        version: options.version,
        transport: { type: 'stdio' },
      },
    ],
  };
  const release: Release = {
    name: options.serverName,
    version: serverVersion,
    package: { registryType: 'npm', identifier: options.identifier, version: options.version },
    integrity,
    closure: options.closure ?? [],
    definitionsHash: definitionsHashOf([{ name: 'echo', inputSchema: { type: 'object' } }]),
  };
  return { server, release };
}
