/**
 * @module cli/commands/install
 * `gatehouse install`, two forms (docs/install.md):
 *
 * - `gatehouse install NAME[@RANGE] -c CONFIG [--registry URL…] [--as KEY] [--allow-unsigned]
 *   [--allow-downgrade] [--confirm-name NAME] [--arg ARG…] [--read P…] [--write P…]
 *   [--network none|all|HOST:PORT…] [--json]`: resolves, verifies, installs and configures a
 *   server by name (`creation/installer`), progress on stderr, the result on stdout;
 * - `gatehouse install --client claude|cursor|vscode|claude-code [--config-path P] -c CONFIG`:
 *   points that host's config at Gatehouse, with a backup and a recorded hash.
 *
 * Exit codes: 0 installed; 1 no such name or version; 2 usage; 3 config; 4 a registry or the
 * server unreachable; 5 refused (unsigned, bad signature, not an owner, log proof, fork,
 * yanked, downgrade, look-alike name, closure or npm signature mismatch, definitions mismatch).
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';

import type { Command } from 'commander';

import type { HostClient, InstallResult, RegistrySource } from '../../creation/installer/index.js';
import {
  defaultClientConfigPath,
  HOST_CLIENTS,
  installServer,
  pointClientAtGatehouse,
} from '../../creation/installer/index.js';
import { DEFAULT_REGISTRY } from '../../creation/packages/index.js';
import { LOCK_FILE, packagesDir } from '../../operation/sandbox/index.js';
import { loadConfig } from '../../shared/config/index.js';
import { UsageError } from '../../shared/errors/index.js';
import { createLogger } from '../../shared/logging/index.js';
import { resolveStateDir } from '../../shared/store/index.js';
import { writeErr, writeJson, writeOut } from '../output.js';

interface InstallFlags {
  config: string;
  registry?: string[];
  logPublicKey?: string;
  as?: string;
  allowUnsigned?: boolean;
  allowDowngrade?: boolean;
  confirmName?: string;
  arg?: string[];
  read?: string[];
  write?: string[];
  network?: string[];
  stateDir?: string;
  timeout: string;
  client?: string;
  configPath?: string;
  json?: boolean;
}

const HELP = `
Every check fails closed, in this order: the owner signatures over the namespace's history, the
version (highest in range, not yanked, not below gatehouse.lock), the transparency log (pinned
key, consistency with the last head this machine saw, inclusion of every message), look-alike
names, npm's registry signatures and the exact signed dependency closure, then the tools the
server lists when started once in the sandbox. Only then are gatehouse.lock and the config written.

Exit codes: 0 installed, 1 not found, 2 usage, 3 config, 4 unreachable, 5 refused.`;

export function registerInstallCommand(program: Command): void {
  program
    .command('install')
    .description('Install a server by name from a registry, verified end to end (or --client)')
    .argument('[name]', 'io.github.alice/weather, io.github.alice/weather@^1.2')
    .requiredOption('-c, --config <file>', 'the Gatehouse config to add the server to')
    .option('--registry <url...>', 'registries to resolve from (default: gateway.registries)')
    .option('--log-public-key <key>', "pin the (single) --registry's transparency-log key")
    .option('--as <key>', "the server's key in the config (default: the name's last part)")
    .option('--allow-unsigned', 'install a server no one signed (local development only)')
    .option('--allow-downgrade', 'allow a version below the one in gatehouse.lock')
    .option('--confirm-name <name>', 'the exact name again, when it looks like another')
    .option('--arg <arg...>', 'extra arguments for the server')
    .option('--read <path...>', 'grant the server read access to paths (gatehouse.yaml only)')
    .option('--write <path...>', 'grant the server write access to paths (gatehouse.yaml only)')
    .option('--network <grant...>', 'none, all, or host:port… the server may reach')
    .option('--state-dir <dir>', 'the state folder')
    .option('--timeout <ms>', 'how long the server may take to list its tools', '60000')
    .option('--client <client>', `point a host's config at Gatehouse: ${HOST_CLIENTS.join('|')}`)
    .option('--config-path <file>', "the host's config file (default: its usual place)")
    .option('--json', 'print the result as JSON')
    .addHelpText('after', HELP)
    .action(async (name: string | undefined, flags: InstallFlags) => {
      if (flags.client !== undefined) {
        if (name !== undefined) throw new UsageError('give either NAME or --client, not both');
        await installClient(flags);
        return;
      }
      if (name === undefined) throw new UsageError('give the server NAME to install (or --client)');
      await installByName(name, flags);
    });
}

async function installByName(spec: string, flags: InstallFlags): Promise<void> {
  const at = spec.indexOf('@');
  const name = at < 0 ? spec : spec.slice(0, at);
  const range = at < 0 ? undefined : spec.slice(at + 1);
  const timeoutMs = Number(flags.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new UsageError(`--timeout "${flags.timeout}": expected a positive number of ms`);
  }
  const loaded = await loadConfig(flags.config, { env: process.env });
  const { config } = loaded;
  const stateDir = resolveStateDir(flags.stateDir ?? config.gateway.stateDir);
  const registries = registriesOf(flags, config.gateway.registries);
  const grants = grantsOf(flags);
  const result = await installServer({
    name,
    ...(range !== undefined && range !== '' ? { range } : {}),
    configFile: loaded.file,
    lockFile: config.gateway.packages.lockFile ?? path.join(path.dirname(loaded.file), LOCK_FILE),
    registries,
    ...(flags.as !== undefined ? { serverKey: flags.as } : {}),
    ...(flags.allowUnsigned ? { allowUnsigned: true } : {}),
    ...(flags.allowDowngrade ? { allowDowngrade: true } : {}),
    ...(flags.confirmName !== undefined ? { confirmName: flags.confirmName } : {}),
    ...(flags.arg !== undefined ? { args: flags.arg } : {}),
    ...(grants !== undefined ? { grants } : {}),
    stateDir,
    packagesDir: packagesDir(config, stateDir),
    // A configured registry is a mirror the user chose; otherwise the release names its own.
    ...(config.gateway.packages.registry !== undefined
      ? { npmMirror: config.gateway.packages.registry }
      : {}),
    npmRegistry: process.env.npm_config_registry || DEFAULT_REGISTRY,
    timeoutMs,
    logger: createLogger({ level: 'warn' }),
    onProgress: (event) => writeErr(`[${event.step}] ${event.message}`),
  });
  for (const warning of result.warnings) writeErr(`warning: ${warning}`);
  if (flags.json) writeJson(result);
  else printResult(result);
}

function printResult(result: InstallResult): void {
  writeOut(
    `installed ${result.name}@${result.version} as "${result.serverKey}" ` +
      `(${result.package.name}@${result.package.version}, ${result.closureSize} dependencies, ` +
      `${result.toolCount} tools) in ${(result.timings.total / 1000).toFixed(1)} s`,
  );
  if (result.signed && result.signer && result.log) {
    writeOut(
      `  signed by ${result.signer.keyId.slice(0, 16)}… (owner of ${result.signer.namespace}), ` +
        `logged at index ${result.log.index} of ${result.log.treeSize}; definitions ` +
        `${result.definitionsHash.slice(0, 16)}… as signed`,
    );
  } else {
    writeOut('  UNSIGNED (--allow-unsigned): recorded as unsigned in gatehouse.lock');
  }
  writeOut(`  ${result.configFile}, ${result.lockFile}`);
}

function registriesOf(
  flags: InstallFlags,
  configured: readonly (string | { url: string; logPublicKey?: string | undefined })[],
): RegistrySource[] {
  if (flags.registry !== undefined && flags.registry.length > 0) {
    if (flags.logPublicKey !== undefined && flags.registry.length !== 1) {
      throw new UsageError('--log-public-key pins one registry: give a single --registry');
    }
    return flags.registry.map((url) => ({
      url: checkedUrl(url),
      ...(flags.logPublicKey !== undefined ? { logPublicKey: flags.logPublicKey } : {}),
    }));
  }
  if (flags.logPublicKey !== undefined) {
    throw new UsageError('--log-public-key needs --registry');
  }
  return configured.map((entry) =>
    typeof entry === 'string'
      ? { url: entry }
      : {
          url: entry.url,
          ...(entry.logPublicKey !== undefined ? { logPublicKey: entry.logPublicKey } : {}),
        },
  );
}

function checkedUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--registry "${value}": not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--registry "${value}": expected an http(s) URL`);
  }
  return url.href;
}

function grantsOf(flags: InstallFlags): Record<string, unknown> | undefined {
  if (flags.read === undefined && flags.write === undefined && flags.network === undefined) {
    return undefined;
  }
  const network = flags.network ?? ['none'];
  const single = network.length === 1 && (network[0] === 'none' || network[0] === 'all');
  return {
    ...(flags.read !== undefined ? { read: flags.read.map((p) => path.resolve(p)) } : {}),
    ...(flags.write !== undefined ? { write: flags.write.map((p) => path.resolve(p)) } : {}),
    network: single ? network[0] : network,
  };
}

async function installClient(flags: InstallFlags): Promise<void> {
  const client = flags.client as HostClient;
  if (!(HOST_CLIENTS as readonly string[]).includes(client)) {
    throw new UsageError(`--client "${flags.client}": expected one of ${HOST_CLIENTS.join(', ')}`);
  }
  const hostFile = path.resolve(flags.configPath ?? defaultClientConfigPath(client));
  const stateDir = resolveStateDir(flags.stateDir);
  const result = await pointClientAtGatehouse({
    client,
    hostFile,
    gatehouseConfig: path.resolve(flags.config),
    stateDir,
    // The host runs this very CLI with this very Node, never whatever `gatehouse` is on PATH.
    gatehouseCommand: { command: process.execPath, args: [realpathSync(process.argv[1] ?? '')] },
  });
  if (result.changedSinceLastWrite) {
    writeErr(
      `warning: ${hostFile} was changed by someone else since Gatehouse wrote it; the backup ` +
        'keeps that version',
    );
  }
  if (flags.json) {
    writeJson(result);
    return;
  }
  writeOut(`${client}: ${hostFile} now starts Gatehouse (${result.gatehouseConfig})`);
  if (result.moved.length > 0)
    writeOut(`  moved into the Gatehouse config: ${result.moved.join(', ')}`);
  if (result.alreadyThere.length > 0)
    writeOut(`  already there: ${result.alreadyThere.join(', ')}`);
  if (result.backup !== null) writeOut(`  backup: ${result.backup}`);
  writeOut(`  sha256 of what was written: ${result.sha256}`);
}
