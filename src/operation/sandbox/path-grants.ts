/**
 * @module operation/sandbox/path-grants
 * Turns the host paths a server is granted into bind mounts, checked at start. Threats: a grant that
 * follows a symlink planted in a parent (swapped between check and mount) to a path nobody granted;
 * a grant that exposes Gatehouse's own state (audit keys, pins, the package store) or the kernel's
 * pseudo-filesystems. A grant is taken only as its real path, and refused otherwise.
 */
import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** How a host path appears inside the sandbox. */
export type BindMode = 'ro' | 'rw';

/** Where a grant came from, for `sandbox explain` and error messages. */
export type GrantOrigin = 'read' | 'write' | 'argument' | 'command' | 'package' | 'script' | 'cwd';

export interface PathGrant {
  /** The real host path, bound at the same path inside. */
  readonly path: string;
  readonly mode: BindMode;
  readonly origin: GrantOrigin;
}

export type GrantCheck = { ok: true; grant: PathGrant } | { ok: false; reason: string };

/** System directories bound read-only for every server; never granted writable. */
export const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc'];

/** Paths no grant may reach into: the kernel's views and the devices. */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

export interface GrantContext {
  /** Gatehouse's state folder: the audit log, its keys, pins and the package store live there. */
  readonly protectedDirs: readonly string[];
  /** Folders inside a protected one that may still be granted, read-only (the package store). */
  readonly allowedInside?: readonly string[];
}

/** A folder's real path when it exists (a state folder reached through a symlink), else itself. */
function realOrSelf(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/** Checks one grant: absolute, existing, no symlinked parent, nothing protected inside. */
export function checkGrant(
  requested: string,
  mode: BindMode,
  origin: GrantOrigin,
  context: GrantContext,
): GrantCheck {
  if (!path.isAbsolute(requested)) {
    return { ok: false, reason: `${requested} is not an absolute path` };
  }
  const normal = path.resolve(requested);
  const symlinked = symlinkedParent(normal);
  if (symlinked) {
    return {
      ok: false,
      reason: `${normal} has a symlinked parent (${symlinked.link} -> ${symlinked.target}); grant the real path instead`,
    };
  }
  let real: string;
  try {
    real = realpathSync(normal);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason: code === 'ENOENT' ? `${normal} does not exist` : `${normal}: ${code}`,
    };
  }
  // Threat: a server that can write where its grant lives swaps the granted path for a symlink
  // and exits; at its restart the grant would follow the link anywhere. A grant is taken only
  // as the path it names.
  if (real !== normal) {
    return { ok: false, reason: `${normal} is a symlink to ${real}; grant the real path instead` };
  }
  if (real === '/') return { ok: false, reason: 'the whole file system (/) cannot be granted' };
  for (const root of PSEUDO_ROOTS) {
    if (within(real, root)) return { ok: false, reason: `${real} is inside ${root}` };
  }
  for (const dir of context.protectedDirs.map(realOrSelf)) {
    const exempt = mode === 'ro' && (context.allowedInside ?? []).some((a) => within(real, a));
    if (within(dir, real) || (within(real, dir) && !exempt)) {
      return { ok: false, reason: `${real} holds or is inside Gatehouse's state (${dir})` };
    }
  }
  if (mode === 'rw' && SYSTEM_DIRS.some((dir) => within(real, dir) || within(dir, real))) {
    return { ok: false, reason: `${real} is a system directory and stays read-only` };
  }
  return { ok: true, grant: { path: real, mode, origin } };
}

/** `inner` is `outer` or lies below it. */
export function within(inner: string, outer: string): boolean {
  if (outer === '/') return true;
  return inner === outer || inner.startsWith(`${outer}/`);
}

/** The first parent component of `absolute` that is a symlink, if any. */
function symlinkedParent(absolute: string): { link: string; target: string } | undefined {
  const parts = absolute.split('/').filter(Boolean);
  let current = '';
  for (const part of parts.slice(0, -1)) {
    current = `${current}/${part}`;
    try {
      if (lstatSync(current).isSymbolicLink()) {
        return { link: current, target: realpathSync(current) };
      }
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The absolute paths among a server's arguments that exist (`/data`, `--root=/data`): a plain
 * client config names the folders a server works on this way.
 */
export function argumentPaths(args: readonly string[]): string[] {
  const found: string[] = [];
  for (const arg of args) {
    const value = arg.startsWith('/') ? arg : /^--?[A-Za-z0-9-]+=(\/.*)$/.exec(arg)?.[1];
    if (value === undefined || value.includes('\0')) continue;
    try {
      lstatSync(value);
      found.push(value);
    } catch {
      // Not an existing path: an ordinary argument.
    }
  }
  return found;
}

/**
 * Drops grants covered by another grant of the same mode and orders the rest so parents are
 * mounted before children; a read-only grant inside (or equal to) a writable one is mounted after
 * it, so the narrower, stricter grant wins.
 */
export function normaliseGrants(grants: readonly PathGrant[]): PathGrant[] {
  const kept = grants.filter(
    (grant, index) =>
      !grants.some(
        (other, otherIndex) =>
          otherIndex !== index &&
          other.mode === grant.mode &&
          within(grant.path, other.path) &&
          (other.path !== grant.path || otherIndex < index),
      ),
  );
  const depth = (g: PathGrant): number => g.path.split('/').length;
  return kept.sort(
    (a, b) => depth(a) - depth(b) || (a.mode === b.mode ? 0 : a.mode === 'rw' ? -1 : 1),
  );
}
