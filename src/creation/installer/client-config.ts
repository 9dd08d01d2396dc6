/**
 * @module creation/installer/client-config
 * `gatehouse install --client claude|cursor|vscode|claude-code`: points a host's MCP config at
 * Gatehouse. The host's servers (`mcpServers`, or VS Code's `servers`) are moved into the
 * Gatehouse config (through `importConfig`, so variables stay variables and no secret is copied
 * in clear) unless they are there already, and replaced by one `gatehouse` stdio entry running
 * `gatehouse run -c <config> --stdio`. Before the host file is touched, a timestamped backup is
 * written beside it; after, the SHA-256 of what was written is recorded (`client-records.ts`).
 *
 * Threats: servers that keep running unsandboxed and unaudited beside the gateway (all of them
 * move behind it); a host file changed later by someone else (the recorded hash tells); a lost
 * config (the backup). Edits keep the rest of the host file (other settings, comments).
 */
import { randomBytes } from 'node:crypto';
import { copyFile, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

import { applyEdits, modify } from 'jsonc-parser';
import { isMap, parseDocument } from 'yaml';

import { detectFormat } from '../../shared/config/detect-format.js';
import { importConfig } from '../../shared/config/index.js';
import { parseSource } from '../../shared/config/parse-source.js';
import { ConfigError, ErrorCode, GatehouseError, UsageError } from '../../shared/errors/index.js';
import type { ClientRecord } from './client-records.js';
import { readClientRecords, sha256Of, writeClientRecord } from './client-records.js';
import { replaceFile } from './config-entry.js';
import { installerPaths } from './installer-paths.js';

/** The hosts `--client` knows. */
export const HOST_CLIENTS = ['claude', 'cursor', 'vscode', 'claude-code'] as const;
export type HostClient = (typeof HOST_CLIENTS)[number];

/** Where each host keeps its config (docs/install.md; `--config-path` overrides). */
export function defaultClientConfigPath(
  client: HostClient,
  options: { platform?: NodeJS.Platform; home?: string; cwd?: string; appData?: string } = {},
): string {
  const platform = options.platform ?? process.platform;
  const home = options.home ?? homedir();
  const cwd = options.cwd ?? process.cwd();
  switch (client) {
    case 'claude':
      if (platform === 'darwin') {
        return path.join(
          home,
          'Library',
          'Application Support',
          'Claude',
          'claude_desktop_config.json',
        );
      }
      if (platform === 'win32') {
        const appData =
          options.appData ?? process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
        return path.join(appData, 'Claude', 'claude_desktop_config.json');
      }
      return path.join(home, '.config', 'Claude', 'claude_desktop_config.json');
    case 'cursor':
      return path.join(home, '.cursor', 'mcp.json');
    case 'vscode':
      return path.join(cwd, '.vscode', 'mcp.json');
    case 'claude-code':
      return path.join(cwd, '.mcp.json');
  }
}

/** Options of {@link pointClientAtGatehouse}. */
export interface PointClientOptions {
  readonly client: HostClient;
  readonly hostFile: string;
  /** The Gatehouse config (gatehouse.yaml); created from the host's servers when missing. */
  readonly gatehouseConfig: string;
  readonly stateDir: string;
  /** How the host starts Gatehouse: the command and the arguments before `run`. */
  readonly gatehouseCommand: { readonly command: string; readonly args: readonly string[] };
  readonly now?: () => Date;
}

/** What {@link pointClientAtGatehouse} did. */
export interface PointedClient {
  readonly client: HostClient;
  readonly hostFile: string;
  readonly gatehouseConfig: string;
  /** The backup of the host file, or null when there was no file. */
  readonly backup: string | null;
  /** Server keys moved into the Gatehouse config (renamed ones as `old->new`). */
  readonly moved: readonly string[];
  /** Server keys already in the Gatehouse config, left there. */
  readonly alreadyThere: readonly string[];
  readonly sha256: string;
  /** True when the host file changed since Gatehouse last wrote it (someone else edited it). */
  readonly changedSinceLastWrite: boolean;
}

/** Points the host config at Gatehouse (see the module comment). */
export async function pointClientAtGatehouse(options: PointClientOptions): Promise<PointedClient> {
  const hostFile = path.resolve(options.hostFile);
  const gatehouseConfig = path.resolve(options.gatehouseConfig);
  if ((await realOrSelf(hostFile)) === (await realOrSelf(gatehouseConfig))) {
    throw new UsageError(
      `${hostFile} is the Gatehouse config itself; give the host's config file with --config-path ` +
        'and a gatehouse.yaml with -c',
    );
  }
  const original = await readFile(hostFile, 'utf8').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  const text = original ?? '{}\n';
  const parsed = parseSource(text, hostFile);
  if (!parsed.ok) throw new ConfigError(parsed.issues);
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    throw new ConfigError([{ file: hostFile, path: '', problem: 'is not a JSON object' }]);
  }
  const paths = installerPaths(options.stateDir);
  const record = (await readClientRecords(paths.clientRecordsFile))[hostFile];
  const changedSinceLastWrite =
    record !== undefined && original !== undefined && sha256Of(original) !== record.sha256;

  const top = options.client === 'vscode' ? 'servers' : 'mcpServers';
  const host = parsed.value as Record<string, unknown>;
  const servers = (host[top] ?? {}) as Record<string, unknown>;
  const toMove = Object.fromEntries(
    Object.entries(servers).filter(([key, entry]) => !isGatehouseEntry(key, entry)),
  );
  const { moved, alreadyThere } =
    Object.keys(toMove).length > 0
      ? await moveServers(options.client, hostFile, host, top, toMove, gatehouseConfig)
      : { moved: [], alreadyThere: [] };

  let backup: string | null = null;
  if (original !== undefined) {
    const stamp = (options.now ?? (() => new Date()))().toISOString().replace(/[:.]/g, '-');
    backup = `${hostFile}.gatehouse-backup-${stamp}`;
    await copyFile(hostFile, backup);
  }
  const entry = {
    ...(options.client === 'vscode' || options.client === 'claude-code' ? { type: 'stdio' } : {}),
    command: options.gatehouseCommand.command,
    args: [...options.gatehouseCommand.args, 'run', '-c', gatehouseConfig, '--stdio'],
  };
  const next = applyEdits(
    text,
    modify(
      text,
      [top],
      { gatehouse: entry },
      {
        formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' },
      },
    ),
  );
  if (original === undefined) await writeFile(hostFile, next, { mode: 0o600, flag: 'wx' });
  else await replaceFile(hostFile, next);
  const written = await readFile(hostFile);
  const sha256 = sha256Of(written);
  const newRecord: ClientRecord = {
    client: options.client,
    sha256,
    writtenAt: new Date().toISOString(),
    backup,
    gatehouseConfig,
  };
  await writeClientRecord(paths.clientRecordsFile, hostFile, newRecord);
  return {
    client: options.client,
    hostFile,
    gatehouseConfig,
    backup,
    moved,
    alreadyThere,
    sha256,
    changedSinceLastWrite,
  };
}

/** The entry this command writes: `gatehouse` running `run … --stdio`. */
function isGatehouseEntry(key: string, entry: unknown): boolean {
  if (key !== 'gatehouse' || typeof entry !== 'object' || entry === null) return false;
  const args = (entry as { args?: unknown }).args;
  return Array.isArray(args) && args.includes('run') && args.includes('--stdio');
}

/** Imports `servers` with the repo's import code and adds the missing ones to the config. */
async function moveServers(
  client: HostClient,
  hostFile: string,
  host: Record<string, unknown>,
  top: string,
  servers: Record<string, unknown>,
  gatehouseConfig: string,
): Promise<{ moved: string[]; alreadyThere: string[] }> {
  // Beside the host file, so relative paths and ${workspaceFolder} resolve as the host's would.
  const source = path.join(
    path.dirname(hostFile),
    `.${path.basename(hostFile)}.gatehouse-import-${randomBytes(6).toString('hex')}.json`,
  );
  let imported: Record<string, unknown>;
  try {
    const only = { [top]: servers, ...(Array.isArray(host.inputs) ? { inputs: host.inputs } : {}) };
    await writeFile(source, JSON.stringify(only), { mode: 0o600, flag: 'wx' });
    const yamlText = (await importConfig(source)).yaml;
    imported = (parseDocument(yamlText).toJS() as { servers: Record<string, unknown> }).servers;
  } finally {
    await rm(source, { force: true });
  }
  const existing = await readFile(gatehouseConfig, 'utf8').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  const doc = parseDocument(
    existing ?? `# gatehouse.yaml written by gatehouse install --client ${client}\nservers: {}\n`,
  );
  if (doc.errors.length > 0 || !detectGatehouse(doc.toJS())) {
    throw new GatehouseError(
      ErrorCode.Usage,
      `${gatehouseConfig} is not a gatehouse.yaml (servers with transport); give a gatehouse.yaml ` +
        'with -c (it is created when missing)',
    );
  }
  if (!isMap(doc.get('servers', true))) doc.set('servers', doc.createNode({}));
  const serversNode = doc.get('servers', true);
  if (isMap(serversNode)) serversNode.flow = false;
  const current = (doc.toJS() as { servers: Record<string, unknown> }).servers;
  const moved: string[] = [];
  const alreadyThere: string[] = [];
  for (const [key, value] of Object.entries(imported)) {
    const same = Object.entries(current).find(
      ([, known]) => JSON.stringify(known) === JSON.stringify(value),
    );
    if (same !== undefined) {
      alreadyThere.push(key);
      continue;
    }
    let target = key;
    if (Object.hasOwn(current, target)) target = `${key}-${client}`;
    if (Object.hasOwn(current, target)) {
      throw new GatehouseError(
        ErrorCode.InstallConfigConflict,
        `${gatehouseConfig} already has servers "${key}" and "${target}" that differ from the ` +
          `host's "${key}"; rename one and try again`,
      );
    }
    doc.setIn(['servers', target], doc.createNode(value));
    current[target] = value;
    moved.push(target === key ? key : `${key}->${target}`);
  }
  if (moved.length > 0) {
    if (existing === undefined)
      await writeFile(gatehouseConfig, doc.toString(), { mode: 0o600, flag: 'wx' });
    else await replaceFile(gatehouseConfig, doc.toString());
  }
  return { moved, alreadyThere };
}

function detectGatehouse(value: unknown): boolean {
  const format = detectFormat(value);
  return format.ok && format.format === 'gatehouse';
}

async function realOrSelf(file: string): Promise<string> {
  return realpath(file).catch(() => file);
}
