/**
 * `verifyAudit` against an attacker who can write the database (and, in the last cases, the
 * checkpoint file or the key files): every change is named by its first bad seq.
 */
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  CHECKPOINTS_FILE,
  openAuditLog,
  PUBLIC_KEY_FILE,
  SIGNING_KEY_FILE,
} from '../../../src/operation/audit/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { copyState, entry, rawRows, relinkFrom, seedLog, tamper, verifyState } from './helpers.js';

const dir = useTempDir('gatehouse-audit-verify-');
let pristine: string;

beforeAll(async () => {
  // 30 records, checkpoints at 10, 20 and 30.
  pristine = await seedLog(dir, 30, { checkpointEvery: 10 });
});

function checkpointLines(stateDir: string): string[] {
  return readFileSync(path.join(stateDir, CHECKPOINTS_FILE), 'utf8').trim().split('\n');
}

describe('verifyAudit finds tampering', () => {
  const COLUMNS = Object.keys(rawRowsOrEmpty());
  function rawRowsOrEmpty(): Record<string, unknown> {
    return {
      seq: 0,
      v: 0,
      time: 0,
      request_id: 0,
      principal: 0,
      front: 0,
      era: 0,
      session: 0,
      method: 0,
      server_key: 0,
      server_name: 0,
      server_version: 0,
      server_identity: 0,
      item_kind: 0,
      item: 0,
      definition_hash: 0,
      arguments_hmac: 0,
      decision: 0,
      outcome: 0,
      error_code: 0,
      latency_ms: 0,
      findings: 0,
      prev_hash: 0,
      hash: 0,
    };
  }

  it.each(COLUMNS)('a changed byte in column %s of seq 7', async (column) => {
    const stateDir = copyState(pristine);
    const row = rawRows(stateDir)[6]!;
    expect(row.seq).toBe(7);
    const value = row[column];
    let changed: unknown;
    if (column === 'seq') changed = 1000;
    else if (typeof value === 'number') changed = value + 1;
    else if (typeof value === 'string') {
      const last = value.at(-1) === 'a' ? 'b' : 'a';
      changed = `${value.slice(0, -1)}${column === 'findings' ? `${value.at(-1)} ` : last}`;
    } else changed = 'x';
    tamper(stateDir, `UPDATE audit_log SET ${column} = ? WHERE seq = 7`, changed);
    const report = await verifyState(stateDir);
    expect(report.ok).toBe(false);
    expect(report.firstBadSeq).toBe(7);
  });

  it('a changed byte in the database file itself', async () => {
    const stateDir = copyState(pristine);
    const file = path.join(stateDir, 'gatehouse.db');
    const bytes = readFileSync(file);
    const at = bytes.indexOf('principal-0012');
    expect(at).toBeGreaterThan(0);
    expect(bytes.indexOf('principal-0012', at + 1)).toBe(-1);
    bytes[at + 'principal-0012'.length - 1] = '9'.charCodeAt(0);
    writeFileSync(file, bytes);
    const report = await verifyState(stateDir);
    expect(report).toMatchObject({ ok: false, firstBadSeq: 12 });
    expect(report.problems[0]).toMatchObject({ kind: 'hash-mismatch', seq: 12 });
  });

  it('a deleted row', async () => {
    const stateDir = copyState(pristine);
    tamper(stateDir, 'DELETE FROM audit_log WHERE seq = 15');
    const report = await verifyState(stateDir);
    expect(report).toMatchObject({ ok: false, firstBadSeq: 15 });
    expect(report.problems.map((p) => p.kind)).toContain('seq-gap');
    expect(report.problems[0]?.message).toMatch(/rows 15 are missing/);
  });

  it('a deleted first row', async () => {
    const stateDir = copyState(pristine);
    tamper(stateDir, 'DELETE FROM audit_log WHERE seq = 1');
    expect(await verifyState(stateDir)).toMatchObject({ ok: false, firstBadSeq: 1 });
  });

  it('two rows swapped (each row moved to the other position)', async () => {
    const stateDir = copyState(pristine);
    const db = new Database(path.join(stateDir, 'gatehouse.db'));
    db.transaction(() => {
      db.prepare('UPDATE audit_log SET seq = -1 WHERE seq = 8').run();
      db.prepare('UPDATE audit_log SET seq = 8 WHERE seq = 9').run();
      db.prepare('UPDATE audit_log SET seq = 9 WHERE seq = -1').run();
    })();
    db.close();
    const report = await verifyState(stateDir);
    expect(report).toMatchObject({ ok: false, firstBadSeq: 8 });
  });

  it('two rows swapped with their hashes re-linked (contents exchanged, links repaired)', async () => {
    const stateDir = copyState(pristine);
    const rows = rawRows(stateDir);
    const [a, b] = [rows[7]!, rows[8]!];
    const cols = Object.keys(a).filter((c) => c !== 'seq' && c !== 'prev_hash' && c !== 'hash');
    const db = new Database(path.join(stateDir, 'gatehouse.db'));
    const set = cols.map((c) => `${c} = @${c}`).join(', ');
    db.prepare(`UPDATE audit_log SET ${set} WHERE seq = 8`).run(pick(b, cols));
    db.prepare(`UPDATE audit_log SET ${set} WHERE seq = 9`).run(pick(a, cols));
    db.close();
    relinkFrom(stateDir, 1);
    const report = await verifyState(stateDir);
    // The chain is consistent again; only the signed checkpoint at seq 10 disagrees.
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'checkpoint-mismatch', seq: 10 });
    expect(report.problems[0]?.message).toMatch(/rows 1\.\.10 were changed/);
  });

  it('a truncated tail (rows deleted at the end)', async () => {
    const stateDir = copyState(pristine);
    tamper(stateDir, 'DELETE FROM audit_log WHERE seq > 26');
    const report = await verifyState(stateDir);
    expect(report).toMatchObject({ ok: false, firstBadSeq: 27 });
    expect(report.problems[0]).toMatchObject({ kind: 'truncated' });
    expect(report.problems[0]?.message).toMatch(/ends at seq 26 .* covers seq 30: rows 27\.\.30/);
  });

  it('an emptied table', async () => {
    const stateDir = copyState(pristine);
    tamper(stateDir, 'DELETE FROM audit_log');
    expect(await verifyState(stateDir)).toMatchObject({ ok: false, firstBadSeq: 1 });
  });

  it('a fully recomputed chain after changing one record', async () => {
    const stateDir = copyState(pristine);
    tamper(stateDir, "UPDATE audit_log SET decision = 'deny' WHERE seq = 14");
    relinkFrom(stateDir, 1);
    const report = await verifyState(stateDir);
    expect(report.ok).toBe(false);
    // Rows 11..20 are where the change must be: 10 still matches, 20 and 30 do not.
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['checkpoint-mismatch', 20],
      ['checkpoint-mismatch', 30],
    ]);
    expect(report.problems[0]?.message).toMatch(/rows 11\.\.20 were changed/);
  });

  it('a rewritten chain vouched for by a checkpoint signed with another key', async () => {
    const stateDir = copyState(pristine);
    tamper(stateDir, "UPDATE audit_log SET principal = 'mallory' WHERE seq = 3");
    relinkFrom(stateDir, 1);
    const file = path.join(stateDir, CHECKPOINTS_FILE);
    const forged = JSON.parse(checkpointLines(stateDir).at(-1)!);
    forged.hash = rawRows(stateDir).at(-1)!.hash;
    forged.sig = Buffer.alloc(64).toString('base64');
    writeFileSync(file, `${readFileSync(file, 'utf8')}${JSON.stringify(forged)}\n`);
    const report = await verifyState(stateDir);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind)).toContain('checkpoint-signature');
  });

  it('a truncated tail with the checkpoint lines covering it deleted: caught only by an off-host copy', async () => {
    const stateDir = copyState(pristine);
    const offHost = path.join(dir, 'off-host-checkpoints.jsonl');
    copyFileSync(path.join(stateDir, CHECKPOINTS_FILE), offHost);
    tamper(stateDir, 'DELETE FROM audit_log WHERE seq > 20');
    const lines = checkpointLines(stateDir).filter((line) => JSON.parse(line).seq <= 20);
    writeFileSync(path.join(stateDir, CHECKPOINTS_FILE), `${lines.join('\n')}\n`);
    // The documented limit: locally, this looks like a log that ended at seq 20.
    expect(await verifyState(stateDir)).toMatchObject({ ok: true, lastSeq: 20 });
    // Against the copy kept elsewhere, the truncation shows.
    expect(await verifyState(stateDir, { checkpointsFile: offHost })).toMatchObject({
      ok: false,
      firstBadSeq: 21,
    });
  });

  it('a chain re-signed with replaced key files: caught against the pinned public key', async () => {
    const pinned = path.join(dir, 'pinned.pub');
    copyFileSync(path.join(pristine, PUBLIC_KEY_FILE), pinned);
    const stateDir = copyState(pristine);
    tamper(stateDir, "UPDATE audit_log SET outcome = 'ok' WHERE seq = 5");
    relinkFrom(stateDir, 1);
    // The attacker swaps in their own key pair and signs a fresh checkpoint file.
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(
      path.join(stateDir, SIGNING_KEY_FILE),
      privateKey.export({ format: 'pem', type: 'pkcs8' }),
    );
    writeFileSync(
      path.join(stateDir, PUBLIC_KEY_FILE),
      publicKey.export({ format: 'pem', type: 'spki' }),
    );
    rmSync(path.join(stateDir, CHECKPOINTS_FILE));
    const log = await openAuditLog({ stateDir });
    await log.checkpoint();
    await log.close();
    expect(await verifyState(stateDir)).toMatchObject({ ok: true });
    const report = await verifyState(stateDir, { publicKeyFile: pinned });
    expect(report.ok).toBe(false);
    expect(report.problems[0]?.kind).toBe('checkpoint-signature');
  });
});

describe('verifyAudit accepts', () => {
  it('an untouched log', async () => {
    const report = await verifyState(pristine);
    expect(report).toMatchObject({
      ok: true,
      rows: 30,
      lastSeq: 30,
      firstBadSeq: null,
      unsignedTail: 0,
      checkpoints: { valid: 3, lastSeq: 30 },
    });
    expect(report.problems).toEqual([]);
  });

  it('a deleted or reordered middle checkpoint line (later ones still cover those rows)', async () => {
    const stateDir = copyState(pristine);
    const [first, second, third] = checkpointLines(stateDir);
    writeFileSync(path.join(stateDir, CHECKPOINTS_FILE), `${third}\n${first}\n`);
    expect(second).toBeDefined();
    expect(await verifyState(stateDir)).toMatchObject({ ok: true, checkpoints: { valid: 2 } });
  });

  it('rows recorded after the newest checkpoint, reported as the unsigned tail', async () => {
    const stateDir = copyState(pristine);
    const log = await openAuditLog({ stateDir, config: { checkpointEvery: 1000 } });
    await log.append(entry(31));
    await log.append(entry(32));
    const report = await log.verify();
    expect(report).toMatchObject({ ok: true, unsignedTail: 2 });
    await log.close();
  });
});

function pick(row: Record<string, unknown>, cols: string[]): Record<string, unknown> {
  return Object.fromEntries(cols.map((c) => [c, row[c]]));
}
