/**
 * WalSync: with durability `power`, appends resolve only after a real fdatasync of the WAL that
 * started after their commit; with `crash`, once committed, the flush following in the background;
 * flushes are shared by every commit made before they start; a failed flush fails every later one.
 */
import { fdatasync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { openAuditLog, SqliteAuditStore } from '../../../src/operation/audit/index.js';
import type { FdatasyncFn } from '../../../src/operation/audit/wal-sync.js';
import { WalSync } from '../../../src/operation/audit/wal-sync.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { entry, rawRows } from './helpers.js';

const dir = useTempDir('gatehouse-wal-sync-');

/** The real fdatasync, held back until `release()`; counts the flushes started. */
function gatedFlush(): { flush: FdatasyncFn; started: () => number; release: () => void } {
  let started = 0;
  const waiting: (() => void)[] = [];
  let open = false;
  const flush: FdatasyncFn = (fd, callback) => {
    started++;
    const go = (): void => fdatasync(fd, callback);
    if (open) go();
    else waiting.push(go);
  };
  return {
    flush,
    started: () => started,
    release: () => {
      open = true;
      for (const go of waiting.splice(0)) go();
    },
  };
}

describe('WalSync', () => {
  it('fails closed: after one failed flush every later sync is refused, even if the disk recovers', async () => {
    const file = path.join(dir, 'fail.db');
    writeFileSync(file, '');
    let calls = 0;
    const sync = new WalSync(file, (_fd, callback) => {
      calls++;
      callback(calls === 1 ? Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }) : null);
    });
    await expect(sync.sync()).rejects.toThrow(/cannot flush the audit log to disk: .*EIO/);
    await expect(sync.sync()).rejects.toThrow(/EIO/);
    expect(calls).toBe(1);
    sync.close();
  });

  it('makes a caller arriving during a flush wait for the next one, shared by all who arrive meanwhile', async () => {
    const file = path.join(dir, 'share.db');
    writeFileSync(file, '');
    const gate = gatedFlush();
    const sync = new WalSync(file, gate.flush);
    let firstDone = false;
    const first = sync.sync().then(() => (firstDone = true));
    const later = [sync.sync(), sync.sync(), sync.sync()];
    expect(gate.started()).toBe(1);
    gate.release();
    await first;
    await Promise.all(later);
    expect(firstDone).toBe(true);
    // One flush for the first caller, one shared by the three that came while it ran.
    expect(gate.started()).toBe(2);
    sync.close();
  });

  it('flushes the WAL itself, and follows it when SQLite replaces the file', async () => {
    const file = path.join(dir, 'follow.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x)');
    const flushed: number[] = [];
    const sync = new WalSync(file, (fd, callback) => {
      flushed.push(fd);
      fdatasync(fd, callback);
    });
    await sync.sync();
    db.close(); // the last connection removes the WAL
    const again = new Database(file);
    again.pragma('journal_mode = WAL');
    again.exec('INSERT INTO t VALUES (1)');
    await sync.sync();
    expect(flushed).toHaveLength(2);
    again.close();
    sync.close();
  });
});

describe('SqliteAuditStore with WalSync', () => {
  it('power: commits with synchronous NORMAL on its own connection and resolves an append only after its flush', async () => {
    const stateDir = path.join(dir, 'store');
    mkdirSync(stateDir, { mode: 0o700 });
    const store = SqliteAuditStore.open(stateDir, 'power');
    const db = (store as unknown as { db: Database.Database }).db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    const gate = gatedFlush();
    (store as unknown as { walSync: WalSync }).walSync = new WalSync(db.name, gate.flush);
    const log = await openAuditLog({ stateDir, store });
    let resolved = false;
    const appended = log.append(entry(1)).then(() => (resolved = true));
    // Committed (visible to another connection) but not flushed: the append must still wait.
    for (let i = 0; i < 50 && rawRows(stateDir).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(rawRows(stateDir)).toHaveLength(1);
    expect(resolved).toBe(false);
    gate.release();
    await appended;
    expect(resolved).toBe(true);
    await log.close();
  });

  it('crash: resolves an append once committed, flushes in the background, and waits for it at close', async () => {
    const stateDir = path.join(dir, 'store-crash');
    mkdirSync(stateDir, { mode: 0o700 });
    const store = SqliteAuditStore.open(stateDir, 'crash');
    const db = (store as unknown as { db: Database.Database }).db;
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    const gate = gatedFlush();
    (store as unknown as { walSync: WalSync }).walSync = new WalSync(db.name, gate.flush);
    const log = await openAuditLog({ stateDir, store });
    // Resolves although no flush has completed (the gate holds every flush back).
    await log.append(entry(1));
    expect(rawRows(stateDir)).toHaveLength(1);
    // The background flush starts by itself, covering the commit.
    while (gate.started() === 0) await new Promise((r) => setTimeout(r, 10));
    let closed = false;
    const closing = log.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(false);
    gate.release();
    await closing;
    expect(closed).toBe(true);
  });

  it('crash: fails closed once a background flush failed', async () => {
    const stateDir = path.join(dir, 'store-crash-fail');
    mkdirSync(stateDir, { mode: 0o700 });
    const store = SqliteAuditStore.open(stateDir, 'crash');
    const db = (store as unknown as { db: Database.Database }).db;
    const sync = new WalSync(db.name, (_fd, callback) =>
      callback(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' })),
    );
    (store as unknown as { walSync: WalSync }).walSync = sync;
    const log = await openAuditLog({ stateDir, store });
    await log.append(entry(1));
    while (sync.failed === undefined) await new Promise((r) => setTimeout(r, 10));
    await expect(log.append(entry(2))).rejects.toThrow(/EIO/);
    expect(rawRows(stateDir)).toHaveLength(1);
    await log.close();
  });
});
