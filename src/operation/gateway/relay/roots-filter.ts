/**
 * @module operation/gateway/relay/roots-filter
 * Filters the host's roots per server. Threat: a server learning about (and being invited into)
 * folders it has no business with. With `roots` configured on a server, only host roots inside one
 * of the allowed paths reach it; comparison is on normalised absolute paths with a trailing
 * separator, so `/proj` never admits `/project-x`. Non-file roots are withheld when a filter is set.
 */
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Root {
  readonly uri: string;
  readonly name?: string;
  readonly [key: string]: unknown;
}

/** Turns a configured entry (path, `~/path` or `file://` URI) into a normalised absolute path. */
export function normaliseRootEntry(entry: string, baseDir: string = process.cwd()): string {
  let p = entry;
  if (p.startsWith('file:')) p = fileURLToPath(p);
  else if (p === '~' || p.startsWith('~/')) p = path.join(homedir(), p.slice(1));
  return path.resolve(baseDir, p);
}

function isInside(child: string, parent: string): boolean {
  if (child === parent) return true;
  const withSep = parent.endsWith(path.sep) ? parent : parent + path.sep;
  return child.startsWith(withSep);
}

/** Keeps the roots that lie inside one of `allowed` (absolute, normalised paths). */
export function filterRoots(
  roots: readonly Root[],
  allowed: readonly string[] | undefined,
): Root[] {
  if (allowed === undefined) return [...roots];
  const out: Root[] = [];
  for (const root of roots) {
    let rootPath: string;
    try {
      if (!root.uri.startsWith('file:')) continue;
      rootPath = path.resolve(fileURLToPath(root.uri));
    } catch {
      continue;
    }
    if (allowed.some((a) => isInside(rootPath, a))) out.push(root);
  }
  return out;
}

/** File URI for an allowed path (used in tests and reports). */
export function rootUri(p: string): string {
  return pathToFileURL(p).href;
}
