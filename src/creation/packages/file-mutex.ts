/**
 * @module creation/packages/file-mutex
 * A mutex shared by every Gatehouse process on the machine, keyed by a path: `proper-lockfile`
 * creates `<path>.lock` as a folder (mkdir is atomic), refreshes its mtime while held and treats
 * a lock older than `stale` as left by a dead process. Inside one process, callers of the same
 * path also queue on a promise chain, so they never poll against each other.
 *
 * Threat: two gateways (or two servers of one gateway) writing the lock file or installing the
 * same package at once, one overwriting the other's entry or half-written tree.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import lockfile from 'proper-lockfile';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';

const queues = new Map<string, Promise<unknown>>();

/** How long a holder may go without refreshing before its lock counts as abandoned. */
const STALE_MS = 20_000;

/**
 * Runs `fn` while holding the mutex of `target` (the file itself need not exist).
 * Waits up to about ten minutes for another holder (an install of a large tree).
 */
export async function withFileMutex<T>(target: string, fn: () => Promise<T>): Promise<T> {
  const key = path.resolve(target);
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => holdAcrossProcesses(key, fn));
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  try {
    return await run;
  } finally {
    if (queues.get(key) === tail) queues.delete(key);
  }
}

async function holdAcrossProcesses<T>(target: string, fn: () => Promise<T>): Promise<T> {
  mkdirSync(path.dirname(target), { recursive: true });
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(target, {
      realpath: false,
      stale: STALE_MS,
      update: STALE_MS / 4,
      retries: { retries: 600, factor: 1.2, minTimeout: 50, maxTimeout: 1_000 },
      onCompromised: (error) => {
        compromised = error;
      },
    });
  } catch (error) {
    throw new GatehouseError(
      ErrorCode.PackageResolveFailed,
      `could not take the lock ${target}.lock: ${(error as Error).message}; if no other ` +
        'Gatehouse process is running, delete that folder',
      { cause: error, data: { target } },
    );
  }
  try {
    const result = await fn();
    // Threat: another process took over a lock we held too long; what we wrote may race theirs.
    if (compromised) {
      throw new GatehouseError(
        ErrorCode.PackageResolveFailed,
        `the lock ${target}.lock was taken over by another process while held; start again`,
        { cause: compromised, data: { target } },
      );
    }
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}
