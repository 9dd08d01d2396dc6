/**
 * @module operation/sandbox/host-tools
 * Finds the host programs the sandbox is built from (bwrap, setpriv, prlimit, sh) and any command a
 * server config names. Only system locations and the gateway's PATH are searched; the result is a
 * realpath, so what is checked is what runs.
 */
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** Where system packages put programs; searched before the gateway's own PATH. */
export const SYSTEM_BIN_DIRS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'] as const;

/** The absolute real path of an executable `name` (absolute paths are checked as given). */
export function findExecutable(
  name: string,
  searchPath: string | undefined = process.env.PATH,
  preferSystem = false,
): string | undefined {
  if (name.includes('/')) return executableAt(path.resolve(name));
  const pathDirs = (searchPath ?? '').split(path.delimiter).filter((d) => path.isAbsolute(d));
  const dirs = preferSystem ? [...SYSTEM_BIN_DIRS, ...pathDirs] : [...pathDirs, ...SYSTEM_BIN_DIRS];
  for (const dir of dirs) {
    const found = executableAt(path.join(dir, name));
    if (found) return found;
  }
  return undefined;
}

function executableAt(file: string): string | undefined {
  try {
    accessSync(file, constants.X_OK);
    if (!statSync(file).isFile()) return undefined;
    return realpathSync(file);
  } catch {
    return undefined;
  }
}
