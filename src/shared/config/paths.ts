/**
 * @module shared/config/paths
 * File-system paths in a configuration: `${workspaceFolder}`, `~`, paths relative to the config
 * file, and `envFile` contents.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** Folders that hold per-project client configs; their parent is the workspace. */
const CONFIG_FOLDERS = new Set(['.vscode', '.cursor']);

/**
 * `${workspaceFolder}` for a config file: the folder that contains the `.vscode` or `.cursor`
 * folder holding the file, else the file's own folder.
 */
export function workspaceFolderOf(file: string): string {
  const folder = dirname(file);
  return CONFIG_FOLDERS.has(basename(folder)) ? dirname(folder) : folder;
}

/** `~` and `~/x` -> the home folder; other text unchanged (`~user` is not supported). */
export function expandTilde(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(home, path.slice(2));
  return path;
}

/** An absolute path: `~` expanded, relative paths taken from the config file's folder. */
export function resolveConfigPath(path: string, configFile: string, home: string): string {
  const expanded = expandTilde(path, home);
  return isAbsolute(expanded) ? expanded : resolve(dirname(configFile), expanded);
}

/** A `roots` entry made absolute when it is a relative path; URIs and `~` paths stay as written. */
export function resolveRootEntry(entry: string, configFile: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(entry) || entry.startsWith('~') || isAbsolute(entry)) {
    return entry;
  }
  return resolve(dirname(configFile), entry);
}

/** Reads a dotenv file with Node's own parser (`util.parseEnv`, Node >= 20.12). */
export async function readEnvFile(path: string): Promise<Record<string, string>> {
  const parsed = parseEnv(await readFile(path, 'utf8'));
  // fromEntries defines own properties: a `__proto__` line cannot replace the prototype.
  return Object.fromEntries(
    Object.entries(parsed).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}
