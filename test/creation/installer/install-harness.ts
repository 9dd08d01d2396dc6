/**
 * Helpers of the installer tests: a test-made wrapper package around the real
 * `@modelcontextprotocol/server-everything` (with `mcpName`, served by the fixture npm registry),
 * published into a real registry (SQLite file, HTTP on loopback) by a new user's key with the
 * real publisher code (tools listed in the sandbox), and fresh install states (config, lock,
 * state folder, an empty package store and npm cache reachable by the sandbox's uid).
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { afterAll } from 'vitest';

import type { FixtureRegistry } from '../../../fixtures/registry/index.js';
import type { InstallOptions } from '../../../src/creation/installer/index.js';
import type {
  NameGuard,
  OpenedRegistry,
  RunningRegistry,
  ServerJson,
  WriteAnswer,
} from '../../../src/creation/registry/index.js';
import {
  openRegistry,
  RegistryClient,
  startRegistryServer,
} from '../../../src/creation/registry/index.js';
import type { BuiltRelease } from '../../../src/creation/registry/publisher/build-release.js';
import { buildRelease } from '../../../src/creation/registry/publisher/build-release.js';
import { listToolsSandboxed } from '../../../src/creation/registry/publisher/list-tools.js';
import type { SigningKeyPair } from '../../../src/creation/signing/index.js';
import { parseListenAddress } from '../../../src/operation/gateway/downstream/index.js';
import { createLogger } from '../../../src/shared/logging/index.js';
import type { TestRegistry } from '../registry/registry-harness.js';

export { EVERYTHING, useRegistry, useWorldReadableTempDir } from '../packages/store-helpers.js';
export { startTestRegistry } from '../registry/registry-harness.js';

const runningRegistries = new Set<RunningRegistry>();
const openedRegistries = new Set<OpenedRegistry>();
afterAll(async () => {
  for (const server of runningRegistries) await server.close();
  for (const opened of openedRegistries) await opened.close();
});

/**
 * A registry (first-come namespaces, SQLite file in `dir`) on 127.0.0.1:0 with a chosen log key
 * file (two registries sharing one make a forked log) and, optionally, a name guard.
 */
export async function startInstallRegistry(options: {
  dir: string;
  dbName: string;
  npmRegistry: string;
  logKeyFile?: string;
  names?: NameGuard;
}): Promise<TestRegistry> {
  const dbFile = path.join(options.dir, options.dbName);
  const opened = openRegistry({
    dbFile,
    npmRegistry: options.npmRegistry,
    proofs: { policy: { domain: 'first-come', github: 'first-come' } },
    ...(options.logKeyFile ? { logKeyFile: options.logKeyFile } : {}),
    ...(options.names ? { names: options.names } : {}),
  });
  openedRegistries.add(opened);
  const server = await startRegistryServer({
    service: opened.service,
    address: parseListenAddress('127.0.0.1:0'),
    logger: createLogger({ level: 'silent' }),
  });
  runningRegistries.add(server);
  return {
    url: server.url,
    opened,
    dbFile,
    client: new RegistryClient(server.url),
    async stop() {
      runningRegistries.delete(server);
      openedRegistries.delete(opened);
      await server.close();
      await opened.close();
    },
  };
}

/** The server-everything version this repository installed (the fixture serves it). */
export const EVERYTHING_VERSION = '2026.8.31';

/**
 * Writes an npm package that runs server-everything (stdio) and declares `mcpName`. `extra`
 * files are added (a different version of the "same" server).
 */
export function makeWrapper(
  base: string,
  manifest: { name: string; version: string; mcpName: string },
  extra: Readonly<Record<string, string>> = {},
): string {
  const dir = path.join(base, `${manifest.name.replace(/[@/]/g, '_')}-${manifest.version}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        ...manifest,
        description: 'server-everything, wrapped by a test publisher',
        type: 'module',
        bin: { [manifest.name.replace(/^@[^/]+\//, '')]: 'index.js' },
        dependencies: { '@modelcontextprotocol/server-everything': EVERYTHING_VERSION },
      },
      null,
      2,
    ),
  );
  writeFileSync(
    path.join(dir, 'index.js'),
    "#!/usr/bin/env node\nimport '@modelcontextprotocol/server-everything/dist/index.js';\n",
  );
  for (const [file, content] of Object.entries(extra)) writeFileSync(path.join(dir, file), content);
  return dir;
}

/**
 * Publishes `wrapperDir` with the real publisher code: its tools listed in the sandbox, or the
 * `tools` given (a wrapper of the same server lists the same tools).
 */
export async function publishWrapper(options: {
  registry: TestRegistry;
  key: SigningKeyPair;
  npm: FixtureRegistry;
  wrapperDir: string;
  stateDir: string;
  packagesDir: string;
  tools?: readonly unknown[];
  /** Changes the release before it is signed (a publisher signing something wrong). */
  alter?: (built: BuiltRelease) => BuiltRelease;
}): Promise<{ built: BuiltRelease; answer: WriteAnswer; tools: readonly unknown[] }> {
  let listed: readonly unknown[] = options.tools ?? [];
  const built = await buildRelease({
    target: options.wrapperDir,
    npmRegistry: options.npm.url,
    packagesDir: options.packagesDir,
    ...(options.tools ? { tools: options.tools } : {}),
    listTools: async (spec, lockFile) => {
      const tools = await listToolsSandboxed({
        spec,
        stateDir: options.stateDir,
        packagesDir: options.packagesDir,
        lockFile,
        npmRegistry: options.npm.url,
        timeoutMs: 90_000,
      });
      listed = tools;
      return tools;
    },
  });
  const signed = options.alter ? options.alter(built) : built;
  const answer = await options.registry.client.publish(
    options.key,
    signed.namespace,
    signed.server,
    signed.release,
  );
  return { built: signed, answer, tools: listed };
}

/**
 * A registry that signs nothing, like the official MCP registry: the official read API only
 * (`/v0.1/servers`, `/v0.1/servers/{name}/versions`), no namespaces, no log.
 */
export async function startUnsignedRegistry(servers: readonly ServerJson[]): Promise<{
  url: string;
  stop(): Promise<void>;
}> {
  const item = (server: ServerJson): unknown => ({
    server,
    _meta: {
      'io.modelcontextprotocol.registry/official': {
        status: 'active',
        publishedAt: '2026-11-01T00:00:00Z',
        updatedAt: '2026-11-01T00:00:00Z',
        isLatest: true,
      },
    },
  });
  const http = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname === '/v0.1/servers') {
      send(200, { servers: servers.map(item), metadata: { count: servers.length } });
      return;
    }
    const match = /^\/v0\.1\/servers\/([^/]+)\/versions$/.exec(url.pathname);
    const name = match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
    const found = servers.filter((server) => server.name === name);
    if (found.length > 0)
      send(200, { servers: found.map(item), metadata: { count: found.length } });
    else send(404, { title: 'Not Found', status: 404 });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/** A fresh install target: config (empty gatehouse.yaml), lock, state and package folders. */
export interface InstallState {
  readonly root: string;
  readonly configFile: string;
  readonly lockFile: string;
  readonly stateDir: string;
  readonly packagesDir: string;
}

/** A fresh install state under `base` (the package folder world-readable for the sandbox). */
export function freshInstall(base: string, config = 'servers: {}\n'): InstallState {
  const root = mkdtempSync(path.join(base, 'install-'));
  chmodSync(root, 0o755);
  const stateDir = path.join(root, 'state');
  mkdirSync(stateDir, { mode: 0o700 });
  const packagesDir = path.join(root, 'packages');
  mkdirSync(packagesDir, { mode: 0o755 });
  const configFile = path.join(root, 'gatehouse.yaml');
  writeFileSync(configFile, config);
  return { root, configFile, lockFile: path.join(root, 'gatehouse.lock'), stateDir, packagesDir };
}

/** `installServer` options for `state`, resolving from `registryUrl`. */
export function installOptions(
  state: InstallState,
  name: string,
  registryUrl: string,
  npmUrl: string,
  extra: Partial<InstallOptions> = {},
): InstallOptions {
  return {
    name,
    configFile: state.configFile,
    lockFile: state.lockFile,
    registries: [{ url: registryUrl }],
    stateDir: state.stateDir,
    packagesDir: state.packagesDir,
    npmRegistry: npmUrl,
    timeoutMs: 90_000,
    ...extra,
  };
}
