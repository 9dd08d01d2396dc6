/**
 * @module operation/sandbox/launch-target
 * Works out what a stdio server entry runs and which host files that needs: the executable (found
 * on PATH, as a realpath), its install folder when it is not a system program, and for an
 * interpreter running a local script, the script's project folder. Those are bound read-only and
 * nothing else of the host is. `npx` entries are resolved to the verified package store first.
 */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import { ErrorCode } from '../../shared/errors/index.js';
import { findExecutable } from './host-tools.js';
import type { PathGrant } from './path-grants.js';
import { SYSTEM_DIRS, within } from './path-grants.js';
import { ESCAPE_HATCH, SandboxError } from './sandbox-error.js';

/** What runs inside the sandbox, and what of the host it needs to read. */
export interface LaunchTarget {
  /** Absolute path of the program (a realpath). */
  readonly command: string;
  readonly args: readonly string[];
  /** Read-only grants the program itself needs. */
  readonly grants: readonly PathGrant[];
  /** The package an `npx` entry was resolved to, when it was one. */
  readonly package?: { readonly name: string; readonly version: string; readonly storeDir: string };
}

/** Programs that run a script named by their first non-option argument. */
const INTERPRETERS = /^(?:node|nodejs|python[0-9.]*|deno|bun|ruby|perl|php|bash|sh|dash)$/;

/** Builds the target of a non-`npx` entry. `cwd` is where relative arguments resolve. */
export function localTarget(command: string, args: readonly string[], cwd?: string): LaunchTarget {
  const searchPath = process.env.PATH;
  const executable = findExecutable(
    command.includes('/') && cwd ? path.resolve(cwd, command) : command,
    searchPath,
  );
  if (executable === undefined) {
    throw new SandboxError(
      ErrorCode.SandboxLaunchFailed,
      `The command "${command}" was not found on PATH`,
      `Install it, give its absolute path, or write an npm package as "npx -y PACKAGE"; ${ESCAPE_HATCH}`,
    );
  }
  const grants: PathGrant[] = [];
  if (!isSystemPath(executable)) {
    grants.push({ path: installRoot(executable), mode: 'ro', origin: 'command' });
  }
  if (INTERPRETERS.test(path.basename(executable))) {
    const script = args.find((a) => !a.startsWith('-'));
    if (script !== undefined) {
      const file = path.resolve(cwd ?? process.cwd(), script);
      if (existsSync(file) && statSync(file).isFile() && !isSystemPath(file)) {
        grants.push({ path: projectRoot(file), mode: 'ro', origin: 'script' });
      }
    }
  }
  return { command: executable, args, grants };
}

/** `file` lies in a directory every sandbox already sees read-only. */
export function isSystemPath(file: string): boolean {
  return SYSTEM_DIRS.some((dir) => within(file, dir));
}

/**
 * The folder a program was installed into: the folder holding the outermost `node_modules` on its
 * path, else the prefix of a `bin` folder, else its own folder.
 */
export function installRoot(file: string): string {
  const parts = file.split('/');
  const modules = parts.indexOf('node_modules');
  if (modules > 1) return parts.slice(0, modules).join('/');
  const dir = path.dirname(file);
  return path.basename(dir) === 'bin' && path.dirname(dir) !== '/' ? path.dirname(dir) : dir;
}

/**
 * A local script's project: the nearest folder above it with a `package.json` or `pyproject.toml`
 * (its dependencies live there), else the script's own folder. Never `/`, and never the user's home
 * or above it: a stray `package.json` in a home folder must not expose `~/.ssh`.
 */
export function projectRoot(file: string, home: string = homedir()): string {
  const inModules = installRoot(file);
  if (inModules !== path.dirname(file) && file.includes('/node_modules/')) return inModules;
  let dir = path.dirname(file);
  while (dir !== '/' && !within(home, dir)) {
    if (
      existsSync(path.join(dir, 'package.json')) ||
      existsSync(path.join(dir, 'pyproject.toml'))
    ) {
      return dir;
    }
    dir = path.dirname(dir);
  }
  return path.dirname(file);
}
