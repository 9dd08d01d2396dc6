/**
 * @module creation/installer/config-entry
 * Writes the server entry of an install into the configuration, in the file's own format:
 * gatehouse.yaml (`servers.<key>`: `transport: stdio`, `command: npx`, `args: [-y, pkg@version,
 * …]`, and `sandbox` when grants were given), an `mcpServers` file or a VS Code `servers` file.
 * The existing launcher then runs `npx -y pkg@version` from the verified store, never npx.
 *
 * Edits keep the rest of the file as it was: YAML through the `yaml` document model (comments
 * stay), JSON through `jsonc-parser` edits (comments and formatting stay). The file is replaced
 * atomically (temp file, rename) with its mode kept.
 *
 * Threat: an install silently replacing another server's entry (a different server would run
 * under a key the user trusts): an existing key is only replaced when it is the same install.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { applyEdits, modify } from 'jsonc-parser';
import { isMap, parseDocument } from 'yaml';

import { detectFormat } from '../../shared/config/detect-format.js';
import { parseSource } from '../../shared/config/parse-source.js';
import { ConfigError, ErrorCode, GatehouseError } from '../../shared/errors/index.js';

/** The entry to write. */
export interface ServerEntry {
  readonly key: string;
  /** `npx` arguments: `-y`, the spec, then the server's own. */
  readonly args: readonly string[];
  /** The `sandbox` grants, gatehouse.yaml only; `undefined`: the default policy. */
  readonly sandbox?: Record<string, unknown>;
}

/** What {@link writeServerEntry} did. */
export interface WrittenEntry {
  readonly format: 'gatehouse' | 'mcpServers' | 'vscode';
  readonly replaced: boolean;
}

/**
 * Adds (or, when `replaceable` is true for an existing key, replaces) the entry.
 * @throws GatehouseError `INSTALL_CONFIG_CONFLICT` when the key holds another server, `USAGE`
 *   when grants are asked of a client-format file; `ConfigError` for an unreadable file.
 */
export async function writeServerEntry(
  file: string,
  entry: ServerEntry,
  replaceable: boolean,
): Promise<WrittenEntry> {
  const { text, format, exists } = await inspect(file, entry, replaceable);
  const top = format === 'mcpServers' ? 'mcpServers' : 'servers';
  const value = entryValue(format, entry);
  const isJson = /^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*[[{]/.test(text);
  const next = isJson
    ? applyEdits(
        text,
        modify(text, [top, entry.key], value, {
          formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' },
        }),
      )
    : yamlWith(text, top, entry.key, value);
  await replaceFile(file, next);
  return { format, replaced: exists };
}

/**
 * Checks, without writing, that {@link writeServerEntry} can write `entry` (run before anything
 * else is changed, so a conflict leaves every file as it was).
 */
export async function checkServerEntry(
  file: string,
  entry: ServerEntry,
  replaceable: boolean,
): Promise<void> {
  await inspect(file, entry, replaceable);
}

async function inspect(
  file: string,
  entry: ServerEntry,
  replaceable: boolean,
): Promise<{ text: string; format: WrittenEntry['format']; exists: boolean }> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new ConfigError(
      [{ file, path: '', problem: `cannot be read: ${(error as Error).message}` }],
      {
        code: ErrorCode.ConfigNotFound,
        cause: error,
      },
    );
  });
  const parsed = parseSource(text, file);
  if (!parsed.ok) throw new ConfigError(parsed.issues);
  const format = detectFormat(parsed.value);
  if (!format.ok) throw new ConfigError([{ file, path: '', problem: format.problem }]);
  const top = format.format === 'mcpServers' ? 'mcpServers' : 'servers';
  const servers = (parsed.value as Record<string, unknown>)[top];
  const exists =
    typeof servers === 'object' && servers !== null && Object.hasOwn(servers, entry.key);
  if (exists && !replaceable) {
    throw new GatehouseError(
      ErrorCode.InstallConfigConflict,
      `${file} already has a server "${entry.key}" that this install did not write; choose ` +
        'another key with --as KEY (or remove that entry first)',
      { data: { file, key: entry.key } },
    );
  }
  if (entry.sandbox !== undefined && format.format !== 'gatehouse') {
    throw new GatehouseError(
      ErrorCode.Usage,
      `${file} is a client config (${format.format}), which has no place for sandbox grants; ` +
        'install into a gatehouse.yaml (gatehouse import) to grant paths or network',
    );
  }
  return { text, format: format.format, exists };
}

function entryValue(
  format: 'gatehouse' | 'mcpServers' | 'vscode',
  entry: ServerEntry,
): Record<string, unknown> {
  const args = [...entry.args];
  switch (format) {
    case 'gatehouse':
      return {
        transport: 'stdio',
        command: 'npx',
        args,
        ...(entry.sandbox !== undefined ? { sandbox: entry.sandbox } : {}),
      };
    case 'vscode':
      return { type: 'stdio', command: 'npx', args };
    case 'mcpServers':
      return { command: 'npx', args };
  }
}

function yamlWith(text: string, top: string, key: string, value: unknown): string {
  const doc = parseDocument(text);
  doc.setIn([top, key], doc.createNode(value));
  // `servers: {}` is a flow map; entries added to it read better as block YAML.
  const servers = doc.get(top, true);
  if (isMap(servers)) servers.flow = false;
  return doc.toString();
}

/** Replaces `file` atomically, keeping its mode. */
export async function replaceFile(file: string, content: string): Promise<void> {
  const mode = (await stat(file).catch(() => undefined))?.mode;
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  await writeFile(temp, content, { mode: mode === undefined ? 0o644 : mode & 0o777, flag: 'wx' });
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
