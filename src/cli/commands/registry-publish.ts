/**
 * @module cli/commands/registry-publish
 * Releases from the command line:
 *
 * - `gatehouse registry publish DIR|PACKAGE --key FILE --registry URL`: resolves the package and
 *   its whole dependency closure from the npm registry into the verified store (every integrity),
 *   reads its `mcpName`, lists its tools by starting it in the sandbox (or takes
 *   `--definitions FILE`, a `tools/list` result), signs the release and publishes it; the answer's
 *   inclusion proof is checked against the signed tree head before success is reported.
 * - `gatehouse registry deprecate|yank NAME@VERSION --key FILE --registry URL [--message TEXT]`.
 *
 * Progress goes to stderr; the result to stdout (`--json`: the registry's whole answer).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Command } from 'commander';

import { DEFAULT_REGISTRY } from '../../creation/packages/index.js';
import type { ReleaseStatus } from '../../creation/registry/index.js';
import { namespaceOf, parseServerName } from '../../creation/registry/index.js';
import { buildRelease } from '../../creation/registry/publisher/build-release.js';
import { listToolsSandboxed } from '../../creation/registry/publisher/list-tools.js';
import { packagesDir } from '../../operation/sandbox/index.js';
import { GatehouseConfigSchema } from '../../shared/config/schema.js';
import { UsageError } from '../../shared/errors/index.js';
import { createLogger } from '../../shared/logging/index.js';
import { resolveStateDir } from '../../shared/store/index.js';
import { writeErr } from '../output.js';
import { printWrite, signingContext, withSigningOptions } from './registry-keys.js';

interface PublishOptions {
  key: string;
  registry: string;
  logPublicKey?: string;
  json?: boolean;
  npmRegistry?: string;
  serverJson?: string;
  definitions?: string;
  arg?: string[];
  stateDir?: string;
  timeout: string;
}

interface StatusOptions {
  key: string;
  registry: string;
  logPublicKey?: string;
  json?: boolean;
  message?: string;
}

export function registerRegistryPublishCommands(registry: Command): void {
  withSigningOptions(registry.command('publish'))
    .argument('<target>', 'a package folder (package.json, optional server.json) or name@version')
    .option('--npm-registry <url>', 'npm registry to resolve the package from')
    .option('--server-json <file>', "the server.json to publish (default: the folder's, or made)")
    .option(
      '--definitions <file>',
      'the tools (a tools/list result) instead of starting the server',
    )
    .option('--arg <arg...>', 'arguments the server needs to start (e.g. stdio)')
    .option('--state-dir <dir>', 'where the package store lives')
    .option('--timeout <ms>', 'how long the server may take to list its tools', '60000')
    .description('Sign and publish a release of an npm package')
    .action(async (target: string, options: PublishOptions) => {
      await publish(target, options);
    });
  for (const [command, status, summary] of [
    ['deprecate', 'deprecated', 'Mark a version deprecated (still installable, with a warning)'],
    ['yank', 'yanked', 'Yank a version: installers refuse it; it stays readable, marked'],
    ['reactivate', 'active', 'Make a deprecated or yanked version active again'],
  ] as const) {
    withSigningOptions(registry.command(command))
      .argument('<name@version>', 'e.g. io.github.you/weather@1.2.0')
      .option('--message <text>', 'why (shown to installers; at most 500 characters)')
      .description(summary)
      .action(async (target: string, options: StatusOptions) => {
        await setStatus(target, status, options);
      });
  }
}

async function publish(target: string, options: PublishOptions): Promise<void> {
  const timeoutMs = Number(options.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new UsageError(`--timeout "${options.timeout}": expected a positive number of ms`);
  }
  const { client, key } = signingContext(options);
  const npmRegistry = options.npmRegistry ?? (process.env.npm_config_registry || DEFAULT_REGISTRY);
  const stateDir = resolveStateDir(options.stateDir);
  const store = packagesDir(GatehouseConfigSchema.parse({ servers: {} }), stateDir);
  const tools = options.definitions === undefined ? undefined : readTools(options.definitions);
  writeErr(`resolving ${target} from ${npmRegistry}`);
  const built = await buildRelease({
    target,
    npmRegistry,
    packagesDir: store,
    ...(options.serverJson ? { serverJsonFile: path.resolve(options.serverJson) } : {}),
    ...(tools ? { tools } : {}),
    listTools: async (spec, lockFile) => {
      writeErr(`starting ${spec} in the sandbox to list its tools`);
      return listToolsSandboxed({
        spec,
        args: options.arg ?? [],
        stateDir,
        packagesDir: store,
        lockFile,
        npmRegistry,
        timeoutMs,
        logger: createLogger({ level: 'warn' }),
      });
    },
    onProgress: (event) => {
      if (event.type === 'fetching' && event.done !== event.total && event.done % 25 !== 0) return;
      if (event.type === 'fetching') writeErr(`  fetched ${event.done}/${event.total} tarballs`);
      else if (event.type === 'installing') writeErr(`  installing ${event.packages} packages`);
    },
  });
  const { release } = built;
  writeErr(
    `signing ${release.name}@${release.version}: ${release.package.identifier}@${release.package.version}, ` +
      `${release.closure.length} dependencies, ${built.toolCount} tools (definitions ${release.definitionsHash.slice(0, 16)}…)`,
  );
  const answer = await client.publish(key, built.namespace, built.server, release);
  printWrite(`published ${release.name}@${release.version}`, answer, options.json);
}

async function setStatus(
  target: string,
  status: ReleaseStatus,
  options: StatusOptions,
): Promise<void> {
  const at = target.lastIndexOf('@');
  const name = at > 0 ? target.slice(0, at) : '';
  const version = at > 0 ? target.slice(at + 1) : '';
  const parsed = parseServerName(name);
  if (!parsed.ok || version === '') {
    throw new UsageError(`"${target}": expected NAME@VERSION, e.g. io.github.you/weather@1.2.0`);
  }
  const { client, key } = signingContext(options);
  const answer = await client.setStatus(key, namespaceOf(name), {
    name,
    version,
    status,
    message: options.message ?? null,
  });
  printWrite(`${name}@${version} is now ${status}`, answer, options.json);
}

/** `--definitions FILE`: a `tools/list` result (`{"tools": [...]}`) or the array itself. */
function readTools(file: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path.resolve(file), 'utf8'));
  } catch (error) {
    throw new UsageError(`--definitions ${file}: not readable JSON (${(error as Error).message})`);
  }
  const tools = Array.isArray(value) ? value : (value as { tools?: unknown } | null)?.tools;
  if (!Array.isArray(tools)) {
    throw new UsageError(`--definitions ${file}: expected {"tools": [...]} or an array of tools`);
  }
  return tools as unknown[];
}
