/**
 * @module shared/config/read-config-file
 * Reads and parses a configuration file, or throws a {@link ConfigError} naming it.
 */
import { readFile } from 'node:fs/promises';

import type { ConfigIssue } from '../errors/index.js';
import { ConfigError, ErrorCode } from '../errors/index.js';
import { parseSource } from './parse-source.js';

export async function readConfigFile(
  file: string,
): Promise<{ value: unknown; warnings: ConfigIssue[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ConfigError([{ file, path: '', problem: 'The file does not exist.' }], {
        code: ErrorCode.ConfigNotFound,
        cause: error,
      });
    }
    const reason = code === 'EISDIR' ? 'it is a folder' : String((error as Error).message);
    throw new ConfigError([{ file, path: '', problem: `The file cannot be read: ${reason}.` }], {
      cause: error,
    });
  }
  const parsed = parseSource(text, file);
  if (!parsed.ok) throw new ConfigError(parsed.issues);
  return { value: parsed.value, warnings: parsed.warnings };
}
