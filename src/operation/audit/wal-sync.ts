/**
 * @module operation/audit/wal-sync
 * Makes committed audit transactions durable without holding the event loop while the disk
 * flushes. The audit connection commits with `synchronous = NORMAL` (the WAL frames are written to
 * the operating system, not yet flushed), then `WalSync.sync()` runs `fdatasync` on the WAL file
 * in libuv's thread pool; an append resolves only after a flush that started after its commit
 * completed. That is what `synchronous = FULL` does inside COMMIT (WAL mode: the WAL is synced
 * after each commit), so a record is on disk before its reply is released, against a power loss
 * as much as against a crash; the difference is only that the event loop keeps serving requests
 * while the flush runs, and one flush covers every commit made before it started (group commit).
 * `synchronous = NORMAL` keeps SQLite's own syncs around checkpoints and WAL resets, so the
 * database is never left corrupt.
 *
 * With `gateway.audit.durability: crash` (the default) appends do not wait for the flush:
 * `syncSoon()` flushes in the background, at most `BACKGROUND_FLUSH_MS` after the first commit it
 * has not yet covered (and at close), so a power loss can lose the records of that window, and a
 * crash of the process none (the WAL frames are in the kernel once COMMIT returns).
 *
 * Written by hand: better-sqlite3 is synchronous and offers no asynchronous commit.
 *
 * Threat: an audit record lost by a power cut after its reply went out. Fails closed: once a
 * flush fails (EIO, ENOSPC, ...), Linux may already have dropped the dirty pages, so a later
 * flush succeeding would prove nothing; every later `sync()` rejects with the first error.
 */
import { closeSync, fdatasync, fstatSync, openSync, statSync } from 'node:fs';

/** `fs.fdatasync`'s shape, injectable so tests can count and delay real flushes. */
export type FdatasyncFn = (
  fd: number,
  callback: (error: NodeJS.ErrnoException | null) => void,
) => void;

/** With `durability: crash`: the longest a commit waits for the background flush to start. */
export const BACKGROUND_FLUSH_MS = 50;

export class WalSync {
  private readonly walFile: string;
  private readonly databaseFile: string;
  private readonly flush: FdatasyncFn;
  private fd: number | undefined;
  private inode: number | undefined;
  private inFlight: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private failure: Error | undefined;
  private flushes = 0;
  private soon: NodeJS.Timeout | undefined;

  /** `databaseFile`: the SQLite file; its WAL is `<databaseFile>-wal`. */
  constructor(databaseFile: string, flush: FdatasyncFn = fdatasync) {
    this.databaseFile = databaseFile;
    this.walFile = `${databaseFile}-wal`;
    this.flush = flush;
  }

  /** Flushes started so far (for tests and metrics). */
  get flushCount(): number {
    return this.flushes;
  }

  /**
   * Resolves once everything written to the WAL before this call is on disk. A flush already
   * running may have started before the caller's write, so the caller waits for the next one;
   * every caller arriving meanwhile shares that next flush.
   */
  sync(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.queued) return this.queued;
    if (this.inFlight) {
      const queued = this.inFlight
        .catch(() => undefined)
        .then(() => {
          this.queued = undefined;
          return this.start();
        });
      this.queued = queued;
      return queued;
    }
    return this.start();
  }

  /** The first flush failure, once there was one (every later sync is refused). */
  get failed(): Error | undefined {
    return this.failure;
  }

  /**
   * Schedules a background flush covering every commit made so far, at most
   * `BACKGROUND_FLUSH_MS` from now; commits made before it starts share it. A failure is kept
   * (see `failed`): the caller refuses later appends.
   */
  syncSoon(): void {
    if (this.soon !== undefined || this.failure) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.sync().catch(() => undefined);
    }, BACKGROUND_FLUSH_MS);
    // close() flushes what is pending; the timer alone must not keep a process alive.
    this.soon.unref();
  }

  close(): void {
    if (this.soon !== undefined) clearTimeout(this.soon);
    this.soon = undefined;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private start(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const run = this.flushNow().finally(() => {
      if (this.inFlight === run) this.inFlight = undefined;
    });
    this.inFlight = run;
    return run;
  }

  private flushNow(): Promise<void> {
    let fd: number;
    try {
      fd = this.currentFd();
    } catch (error) {
      return Promise.reject(this.fail(error));
    }
    this.flushes++;
    return new Promise<void>((resolve, reject) => {
      this.flush(fd, (error) => {
        if (error) reject(this.fail(error));
        else resolve();
      });
    });
  }

  /**
   * The descriptor of the file holding the commits: the WAL as it is now (reopened if SQLite
   * replaced it), or the database file when there is no WAL (its commits then went there).
   */
  private currentFd(): number {
    let target = this.walFile;
    let inode: number;
    try {
      inode = statSync(this.walFile).ino;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      target = this.databaseFile;
      inode = statSync(this.databaseFile).ino;
    }
    if (this.fd !== undefined && this.inode === inode && fstatSync(this.fd).ino === inode) {
      return this.fd;
    }
    this.close();
    this.fd = openSync(target, 'r');
    this.inode = inode;
    return this.fd;
  }

  private fail(error: unknown): Error {
    this.failure ??= new Error(`cannot flush the audit log to disk: ${String(error)}`, {
      cause: error,
    });
    return this.failure;
  }
}
