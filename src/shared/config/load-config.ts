/**
 * @module shared/config/load-config
 * `loadConfig`: reads any accepted configuration file (gatehouse.yaml, `mcpServers` JSON, VS Code
 * mcp.json), expands its variables, validates it and returns the canonical configuration.
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';

import type { ConfigIssue } from '../errors/index.js';
import { throwIssues } from './config-issues.js';
import type { ConfigFormat } from './detect-format.js';
import type { InputPrompter } from './input-prompter.js';
import { workspaceFolderOf } from './paths.js';
import { readConfigFile } from './read-config-file.js';
import { resolveConfig } from './resolve-config.js';
import { resolvePaths } from './resolve-paths.js';
import type { GatehouseConfig } from './schema.js';
import { translate } from './translate.js';

export interface LoadConfigOptions {
  /** The environment variables read by `${VAR}`; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Asks for `${input:id}` values that the environment does not give; none: no asking. */
  readonly prompter?: InputPrompter;
  /** The folder a relative `file` is taken from; default `process.cwd()`. */
  readonly cwd?: string;
}

export interface LoadedConfig {
  /** Absolute path of the file read. */
  readonly file: string;
  readonly format: ConfigFormat;
  readonly config: GatehouseConfig;
  /** Things ignored or worth knowing; the configuration is usable. */
  readonly warnings: ConfigIssue[];
}

/** Loads a configuration file; throws a `ConfigError` listing every problem found. */
export async function loadConfig(
  file: string,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const path = resolve(options.cwd ?? process.cwd(), file);
  const source = await readConfigFile(path);
  const translated = translate(source.value, path);
  if (translated.issues.length > 0) throwIssues(translated.issues);
  const home = homedir();
  const context = {
    env: options.env ?? process.env,
    userHome: home,
    workspaceFolder: workspaceFolderOf(path),
  };
  const resolved = await resolveConfig(translated, path, context, options.prompter);
  const config = await resolvePaths(resolved, path, translated.paths, home);
  return {
    file: path,
    format: translated.format,
    config,
    warnings: [...source.warnings, ...translated.warnings],
  };
}
