/**
 * @module creation/packages/lock-file
 * Reads and writes `gatehouse.lock`. Reads validate with zod and name the file and the field of
 * every problem; writes sort keys (stable diffs), go to a temp file in the same folder and are
 * renamed over the old file, so a reader never sees half a lock. Concurrent writers are
 * serialized by {@link updateLockFile} with a lock folder (see `file-mutex.ts`).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

import type { z } from 'zod';

import type { ConfigIssue } from '../../shared/errors/index.js';
import { ConfigError, ErrorCode } from '../../shared/errors/index.js';
import { withFileMutex } from './file-mutex.js';
import type { InstallRecord } from './install-record.js';
import type { LockEntry, LockFile } from './lock-schema.js';
import { LOCKFILE_VERSION, LockFileSchema } from './lock-schema.js';

/** An empty lock, as used when the file does not exist yet. */
export function emptyLock(): LockFile {
  return { lockfileVersion: LOCKFILE_VERSION, entries: {} };
}

function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) {
      out += out ? `.${segment}` : segment;
    } else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** zod's words for one issue; a bad record key carries its own issues (e.g. a regex). */
function problemOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key') return issue.issues.map((inner) => inner.message).join('; ');
  return issue.message;
}

function invalid(issues: ConfigIssue[], cause?: unknown): ConfigError {
  return new ConfigError(issues, { code: ErrorCode.PackageLockInvalid, cause });
}

/**
 * Reads and validates the lock; a missing file is an empty lock.
 * @throws ConfigError with code `PACKAGE_LOCK_INVALID` naming the file and each bad field.
 */
export async function readLockFile(file: string): Promise<LockFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyLock();
    throw invalid(
      [{ file, path: '', problem: `cannot be read: ${(error as Error).message}` }],
      error,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(
      [
        {
          file,
          path: '',
          problem: `is not valid JSON (${(error as Error).message}); fix or delete it`,
        },
      ],
      error,
    );
  }
  const parsed = LockFileSchema.safeParse(json);
  if (!parsed.success) {
    throw invalid(
      parsed.error.issues.map((issue) => ({
        file,
        path: formatPath(issue.path),
        problem: `${problemOf(issue)} (delete the entry to resolve it again)`,
      })),
      parsed.error,
    );
  }
  return parsed.data;
}

/** A copy of `value` with object keys sorted at every level, for a stable file. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return sorted;
  }
  return value;
}

/** Writes the lock atomically: temp file in the same folder, fsync, rename. */
export async function writeLockFile(file: string, lock: LockFile): Promise<void> {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(`${JSON.stringify(sortKeys(lock), null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Sets (or, with `undefined`, removes) the entry of `spec`: re-reads the lock under a
 * cross-process mutex so concurrent writers of other specs keep their entries.
 */
export async function updateLockFile(
  file: string,
  spec: string,
  entry: LockEntry | undefined,
): Promise<void> {
  await withFileMutex(file, async () => {
    const lock = await readLockFile(file);
    const entries = { ...lock.entries };
    if (entry === undefined) delete entries[spec];
    else entries[spec] = entry;
    await writeLockFile(file, { ...lock, entries });
  });
}

/**
 * Sets (or, with `undefined`, removes) the install record of server `name`, under the same
 * cross-process mutex as {@link updateLockFile}.
 */
export async function updateInstallRecord(
  file: string,
  name: string,
  record: InstallRecord | undefined,
): Promise<void> {
  await withFileMutex(file, async () => {
    const lock = await readLockFile(file);
    const installs = { ...(lock.installs ?? {}) };
    if (record === undefined) delete installs[name];
    else installs[name] = record;
    await writeLockFile(file, { ...lock, installs });
  });
}
