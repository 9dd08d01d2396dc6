/**
 * @module creation/transparency/witness-file
 * The witness's memory on disk: a small JSON file, `{ "version": 1, "heads": { logId: head } }`,
 * readable and writable by its owner only. Writes go to a temp file in the same folder (0600),
 * are synced and renamed over the old file, so a crash never leaves half a file; a lock folder
 * (`proper-lockfile`, `<file>.lock`) serializes read-check-write across processes.
 *
 * Threats: another local user rewriting the file to an older head (a rollback of the witness
 * itself, after which a forked log would pass) — refused by the mode and owner checks; two
 * installers advancing at once and the slower one writing back a head the faster one had
 * already moved past — refused by the lock.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

import lockfile from 'proper-lockfile';
import { z } from 'zod';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import { SignedTreeHeadSchema } from './tree-head.js';

/** The file's format. */
export const WitnessFileSchema = z.strictObject({
  version: z.literal(1),
  heads: z.record(z.string().regex(/^[0-9a-f]{64}$/), SignedTreeHeadSchema),
});

export type WitnessFile = z.infer<typeof WitnessFileSchema>;

/** Reads the witness file; a missing file remembers nothing. */
export async function readWitnessFile(file: string): Promise<WitnessFile> {
  let stats;
  try {
    stats = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, heads: {} };
    throw invalid(file, `cannot be read: ${(error as Error).message}`, error);
  }
  if (!stats.isFile()) throw invalid(file, 'is not a regular file');
  if (process.platform !== 'win32') {
    if ((stats.mode & 0o077) !== 0) {
      throw invalid(file, `must be readable and writable by its owner only (chmod 600 ${file})`);
    }
    const uid = process.getuid?.();
    if (uid !== undefined && stats.uid !== uid) {
      throw invalid(file, `belongs to uid ${stats.uid}, not to this user (uid ${uid})`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw invalid(file, `is not JSON (${(error as Error).message})`, error);
  }
  const witness = WitnessFileSchema.safeParse(parsed);
  if (!witness.success) {
    const issue = witness.error.issues[0];
    throw invalid(
      file,
      `is not a witness file: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
    );
  }
  for (const [logId, head] of Object.entries(witness.data.heads)) {
    if (head.logId !== logId)
      throw invalid(file, `files the head of log ${head.logId} under ${logId}`);
  }
  return witness.data;
}

/** Replaces the witness file atomically (temp file, fsync, rename), owner-only. */
export async function writeWitnessFile(file: string, witness: WitnessFile): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(witness, null, 2)}\n`, 'utf8');
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

/** Runs `fn` holding the cross-process lock of the witness file. */
export async function withWitnessLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  let release: () => Promise<void>;
  let compromised: Error | undefined;
  try {
    release = await lockfile.lock(file, {
      realpath: false,
      stale: 30_000,
      retries: { retries: 200, factor: 1.2, minTimeout: 20, maxTimeout: 500 },
      onCompromised: (error) => {
        compromised = error;
      },
    });
  } catch (error) {
    throw invalid(
      file,
      `is locked by another process (${(error as Error).message}); if none is running, ` +
        `delete ${file}.lock`,
      error,
    );
  }
  try {
    const result = await fn();
    // Threat: another process took the lock over while we held it; our write may undo theirs.
    if (compromised) throw invalid(file, `lock was taken over by another process`, compromised);
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}

function invalid(file: string, problem: string, cause?: unknown): GatehouseError {
  return new GatehouseError(
    ErrorCode.TransparencyWitnessInvalid,
    `witness file ${file} ${problem}`,
    {
      cause,
      data: { file },
    },
  );
}
