/**
 * The audit log service: appends, group commit, checkpoints, key files, and fail-closed refusals.
 */
import { existsSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  AuditError,
  CHECKPOINTS_FILE,
  HMAC_KEY_FILE,
  openAuditLog,
  readCheckpointLines,
  SIGNING_KEY_FILE,
} from '../../../src/operation/audit/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { copyState, entry, rawRows, relinkFrom, seedLog, tamper, verifyState } from './helpers.js';

const dir = useTempDir('gatehouse-audit-');

const checkpoints = (stateDir: string) =>
  readCheckpointLines(path.join(stateDir, CHECKPOINTS_FILE)).flatMap((line) =>
    line.ok ? [line.checkpoint] : [],
  );

describe('openAuditLog and append', () => {
  it('rejects a malformed entry and records nothing', async () => {
    const stateDir = path.join(dir, 'invalid');
    const log = await openAuditLog({ stateDir });
    await expect(log.append({ ...entry(1), decision: 'maybe' as 'allow' })).rejects.toMatchObject({
      reason: 'invalid-entry',
    });
    await expect(log.append({ ...entry(1), extra: 1 } as never)).rejects.toBeInstanceOf(AuditError);
    await log.close();
    expect(rawRows(stateDir)).toHaveLength(0);
  });

  it('refuses to open when the signing key is gone but checkpoints exist', async () => {
    const stateDir = copyState(await seedLog(dir, 3));
    rmSync(path.join(stateDir, SIGNING_KEY_FILE));
    await expect(openAuditLog({ stateDir })).rejects.toMatchObject({ reason: 'tampered' });
  });

  it('refuses to open over a chain shorter than its newest checkpoint', async () => {
    const stateDir = copyState(await seedLog(dir, 5));
    tamper(stateDir, 'DELETE FROM audit_log WHERE seq >= 4');
    await expect(openAuditLog({ stateDir })).rejects.toThrow(/ends at seq 3.*covers seq 5/);
  });

  it('refuses to open over a checkpointed row whose hash changed', async () => {
    const stateDir = copyState(await seedLog(dir, 5));
    tamper(stateDir, 'UPDATE audit_log SET hash = ? WHERE seq = 5', 'f'.repeat(64));
    await expect(openAuditLog({ stateDir })).rejects.toThrow(/row 5 no longer has the hash/);
  });

  it('refuses to sign rows changed since the last checkpoint', async () => {
    const stateDir = path.join(dir, 'unsigned-change');
    const log = await openAuditLog({ stateDir, config: { checkpointEvery: 1000 } });
    for (let i = 1; i <= 4; i++) await log.append(entry(i));
    await log.checkpoint();
    await log.append(entry(5));
    await log.append(entry(6));
    // The attacker edits row 5 and recomputes the hashes of rows 5 and 6 to match.
    tamper(stateDir, "UPDATE audit_log SET principal = 'mallory' WHERE seq = 5");
    relinkFrom(stateDir, 5);
    await expect(log.checkpoint()).rejects.toMatchObject({ reason: 'tampered' });
    // Fails closed: no further record is accepted.
    await expect(log.append(entry(7))).rejects.toMatchObject({ reason: 'tampered' });
    await log.close();
    expect(checkpoints(stateDir).map((c) => c.seq)).toEqual([4]);
  });

  it('signs an unsigned row changed without its hash, which verify then reports', async () => {
    const stateDir = path.join(dir, 'unsigned-change-no-rehash');
    const log = await openAuditLog({ stateDir, config: { checkpointEvery: 1000 } });
    for (let i = 1; i <= 3; i++) await log.append(entry(i));
    tamper(stateDir, "UPDATE audit_log SET principal = 'mallory' WHERE seq = 2");
    await log.close();
    expect(await verifyState(stateDir)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('refuses further appends once a row it wrote was deleted under it', async () => {
    const stateDir = path.join(dir, 'deleted-under');
    const log = await openAuditLog({ stateDir, config: { checkpointEvery: 1000 } });
    await log.append(entry(1));
    await log.append(entry(2));
    tamper(stateDir, 'DELETE FROM audit_log WHERE seq = 2');
    await expect(log.append(entry(3))).rejects.toMatchObject({ reason: 'tampered' });
    await expect(log.append(entry(4))).rejects.toMatchObject({ reason: 'tampered' });
    await log.close();
    expect(rawRows(stateDir).map((r) => r.seq)).toEqual([1]);
  });

  it('creates its keys on first use, owner-only and outside the database', async () => {
    const stateDir = path.join(dir, 'keys');
    const log = await openAuditLog({ stateDir });
    await log.append(entry(1));
    await log.close();
    for (const file of [HMAC_KEY_FILE, SIGNING_KEY_FILE]) {
      expect(statSync(path.join(stateDir, file)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(path.join(stateDir, CHECKPOINTS_FILE)).mode & 0o777).toBe(0o600);
    const hmacKey = readFileSync(path.join(stateDir, HMAC_KEY_FILE), 'utf8').trim();
    const db = readFileSync(path.join(stateDir, 'gatehouse.db'));
    expect(db.includes(hmacKey)).toBe(false);
    // The same keys are used again, not replaced.
    const again = await openAuditLog({ stateDir });
    await again.append(entry(2));
    await again.close();
    expect(readFileSync(path.join(stateDir, HMAC_KEY_FILE), 'utf8').trim()).toBe(hmacKey);
    expect((await verifyState(stateDir)).ok).toBe(true);
  });

  it('commits appends made in the same tick together, in order, each with its own receipt', async () => {
    const stateDir = path.join(dir, 'group');
    const log = await openAuditLog({ stateDir, config: { checkpointEvery: 100 } });
    const receipts = await Promise.all(
      Array.from({ length: 500 }, (_, i) => log.append(entry(i + 1))),
    );
    expect(receipts.map((r) => (r.recorded ? r.seq : 0))).toEqual(
      Array.from({ length: 500 }, (_, i) => i + 1),
    );
    const rows = rawRows(stateDir);
    expect(rows.map((r) => r.principal)).toEqual(
      Array.from({ length: 500 }, (_, i) => `principal-${String(i + 1).padStart(4, '0')}`),
    );
    await log.close();
    const report = await verifyState(stateDir);
    expect(report).toMatchObject({ ok: true, rows: 500, lastSeq: 500, unsignedTail: 0 });
  });

  it('checkpoints every N records, on open after a crash, and at close', async () => {
    const stateDir = path.join(dir, 'every-n');
    const log = await openAuditLog({ stateDir, config: { checkpointEvery: 10 } });
    for (let i = 1; i <= 25; i++) await log.append(entry(i));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // A count checkpoint signs the tail it finds when it runs: appends that do not wait for a disk
    // flush (durability crash) may have gone further by then.
    const counted = checkpoints(stateDir);
    expect(counted.map((c) => c.reason)).toEqual(counted.map(() => 'count'));
    expect(counted[0]?.seq).toBeGreaterThanOrEqual(10);
    expect(counted.at(-1)?.seq).toBeGreaterThanOrEqual(20);
    // One more, not enough for a count checkpoint: close signs it.
    await log.append(entry(26));
    await log.close();
    expect(checkpoints(stateDir).at(-1)).toMatchObject({ seq: 26, count: 26, reason: 'shutdown' });
    // Closing again, or reopening with nothing new, adds no checkpoint.
    const written = checkpoints(stateDir).length;
    await log.close();
    const reopened = await openAuditLog({ stateDir });
    await reopened.close();
    expect(checkpoints(stateDir)).toHaveLength(written);
  });

  it('checkpoints every T seconds while records arrive', async () => {
    const stateDir = path.join(dir, 'every-t');
    const log = await openAuditLog({
      stateDir,
      config: { checkpointEvery: 1000, checkpointSeconds: 1 },
    });
    await log.append(entry(1));
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(checkpoints(stateDir).map((c) => [c.seq, c.reason])).toEqual([[1, 'interval']]);
    await log.close();
  });

  it('continues one chain across restarts, and verify() agrees', async () => {
    const stateDir = path.join(dir, 'restarts');
    for (let round = 0; round < 3; round++) {
      const log = await openAuditLog({ stateDir });
      const receipt = await log.append(entry(round));
      expect(receipt).toMatchObject({ recorded: true, seq: round + 1 });
      expect(await log.verify()).toMatchObject({ ok: true, rows: round + 1 });
      await log.close();
    }
  });

  it('rejects appends after close', async () => {
    const log = await openAuditLog({ stateDir: path.join(dir, 'closed') });
    await log.close();
    await expect(log.append(entry(1))).rejects.toMatchObject({ reason: 'closed' });
  });

  it('records nothing when disabled', async () => {
    const stateDir = path.join(dir, 'disabled');
    const log = await openAuditLog({ stateDir, config: { enabled: false } });
    expect(await log.append(entry(1))).toEqual({ recorded: false });
    await log.close();
    expect(existsSync(path.join(stateDir, 'gatehouse.db'))).toBe(false);
  });

  it('ignores a checkpoint line torn by a crash and starts a fresh line after it', async () => {
    const stateDir = copyState(await seedLog(dir, 3));
    const file = path.join(stateDir, CHECKPOINTS_FILE);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, `${text}{"v":1,"seq":4,"ha`);
    const log = await openAuditLog({ stateDir });
    await log.append(entry(4));
    await log.close();
    const report = await verifyState(stateDir);
    expect(report.ok).toBe(true);
    expect(report.warnings.join('\n')).toMatch(/torn write/);
    expect(checkpoints(stateDir).at(-1)?.seq).toBe(4);
    truncateSync(file, 0);
  });
});
