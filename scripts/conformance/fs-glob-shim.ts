/**
 * @module scripts/conformance/fs-glob-shim
 * `node:fs` plus a `globSync`, for the conformance suite on Node 20. The suite's bundle imports
 * `fs.globSync` (Node >= 22) at top level although only its `tier-check` subcommand calls it, with
 * patterns of the form `**\/<file name>`; this shim supplies exactly that, so the suite runs on the
 * project's own Node 20 instead of a second Node binary. Hand-written: no library fits a loader
 * shim for one missing export.
 */
import fs from 'node:fs';
import path from 'node:path';

/* eslint-disable no-restricted-syntax -- the shim must be all of `node:fs` (its named exports and
   its default export) with one addition; a wildcard re-export is the only way to say that. */
export * from 'node:fs';
export default fs;
/* eslint-enable no-restricted-syntax */

/** Minimal `fs.globSync` for `**\/<name>` patterns: relative paths of every file so named. */
export function globSync(pattern: string, options: { cwd?: string } = {}): string[] {
  const match = /^\*\*\/([^/*?[\]{}]+)$/.exec(pattern);
  if (!match?.[1]) throw new Error(`fs-glob-shim: unsupported pattern ${pattern}`);
  const name = match[1];
  const root = options.cwd ?? process.cwd();
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === name) found.push(path.relative(root, full));
    }
  };
  walk(root);
  return found;
}
