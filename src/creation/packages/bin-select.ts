/**
 * @module creation/packages/bin-select
 * Picks the bin to run the way npx does: the only bin; else the bin named like the package's
 * unscoped name; or the bin named with `npx -p pkg bin-name`. Anything else is a coded error
 * listing the bins, never a guess.
 *
 * Threat: a package.json `bin` pointing outside the package folder (`../../…`, an absolute
 * path) to run a file the lock does not cover. Such paths are refused.
 */
import path from 'node:path';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';

/** The unscoped part of a package name: `@scope/pkg` → `pkg`. */
export function unscopedName(name: string): string {
  return name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
}

/** True when a bin path stays inside its package folder. */
function isContained(relative: string): boolean {
  if (relative === '' || path.posix.isAbsolute(relative) || path.win32.isAbsolute(relative)) {
    return false;
  }
  return !relative.split(/[\\/]/).some((segment) => segment === '..');
}

/**
 * package.json `bin` in npm's normalized form (name → relative path), like
 * `npm-normalize-package-bin`: a string becomes `{ <unscoped name>: path }`, `./` is dropped, and
 * bin names with path separators are dropped. Paths leaving the package are refused.
 */
export function normalizeBins(name: string, bin: unknown): Record<string, string> {
  const raw: Record<string, unknown> =
    typeof bin === 'string'
      ? { [unscopedName(name)]: bin }
      : bin !== null && typeof bin === 'object'
        ? (bin as Record<string, unknown>)
        : {};
  const bins: Record<string, string> = {};
  for (const [binName, target] of Object.entries(raw)) {
    if (typeof target !== 'string') continue;
    const cleanName = path.posix.basename(binName.replace(/\\/g, '/'));
    if (cleanName === '' || cleanName === '.' || cleanName === '..') continue;
    const relative = path.posix.normalize(target.replace(/\\/g, '/')).replace(/^\.\//, '');
    if (!isContained(relative)) {
      throw new GatehouseError(
        ErrorCode.PackageBinUnresolved,
        `${name}: bin "${binName}" points outside the package (${target}); refusing to run it`,
        { data: { name, bin: binName, target } },
      );
    }
    bins[cleanName] = relative;
  }
  return bins;
}

/**
 * The bin to run and its path inside the package.
 * @throws GatehouseError `PACKAGE_BIN_UNRESOLVED` naming the package, version and its bins.
 */
export function selectBin(
  pkg: { name: string; version: string; bins: Readonly<Record<string, string>> },
  requested?: string,
): { bin: string; relativePath: string } {
  const names = Object.keys(pkg.bins);
  const pick = (bin: string): { bin: string; relativePath: string } | undefined => {
    const relativePath = pkg.bins[bin];
    if (relativePath === undefined || !isContained(relativePath)) return undefined;
    return { bin, relativePath };
  };
  const list = names.length > 0 ? names.join(', ') : 'none';
  const id = `${pkg.name}@${pkg.version}`;
  if (requested !== undefined) {
    const found = pick(requested);
    if (found) return found;
    throw new GatehouseError(
      ErrorCode.PackageBinUnresolved,
      `${id} has no bin "${requested}" (its bins: ${list}); fix the name after "-p ${pkg.name}"`,
      { data: { name: pkg.name, version: pkg.version, bins: names, requested } },
    );
  }
  const only = names.length === 1 ? pick(names[0] as string) : undefined;
  const found = only ?? pick(unscopedName(pkg.name));
  if (found) return found;
  throw new GatehouseError(
    ErrorCode.PackageBinUnresolved,
    names.length === 0
      ? `${id} has no bin to run; it cannot be launched with npx`
      : `${id} has several bins (${list}) and none is named "${unscopedName(pkg.name)}"; ` +
          `choose one with "npx -p ${pkg.name} <bin>"`,
    { data: { name: pkg.name, version: pkg.version, bins: names } },
  );
}
