/**
 * @module creation/names/names-file
 * Reads a list of registered names: one name per line, optionally `name<TAB>owner`. Blank lines
 * and lines starting with `#` are skipped; a byte order mark and CRLF line ends are accepted.
 */
import { readFile } from 'node:fs/promises';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { NameEntry } from './name-entry.js';

/** Parses the text of a names file. */
export function parseNamesText(text: string): NameEntry[] {
  const entries: NameEntry[] = [];
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (rawLine.trim() === '' || rawLine.trimStart().startsWith('#')) continue;
    const [name = '', owner] = rawLine.split('\t');
    if (name.trim() === '') continue;
    entries.push({
      name: name.trim(),
      ...(owner !== undefined && owner.trim() !== '' ? { owner: owner.trim() } : {}),
    });
  }
  return entries;
}

/** Reads a names file (see the module comment). */
export async function readNamesFile(file: string): Promise<NameEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new GatehouseError(
      ErrorCode.Usage,
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return parseNamesText(text);
}
