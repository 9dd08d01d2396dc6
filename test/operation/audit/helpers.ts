/** Helpers for the audit tests: entries, seeded logs in real temp folders, raw table edits. */
import { cpSync, mkdtempSync } from 'node:fs';
import path from 'node:path';

import Database from 'better-sqlite3';

import type { AuditConfig, AuditEntry, AuditRecord } from '../../../src/operation/audit/index.js';
import {
  type AuditVerification,
  chainHash,
  CHECKPOINTS_FILE,
  GENESIS_HASH,
  openAuditLog,
  PUBLIC_KEY_FILE,
  readPublicKey,
  SqliteAuditStore,
  verifyAudit,
} from '../../../src/operation/audit/index.js';

export function entry(n: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    principal: `principal-${String(n).padStart(4, '0')}`,
    front: 'http',
    era: 'session',
    sessionId: `session-${n % 3}`,
    method: 'tools/call',
    serverKey: 'github',
    serverName: 'github-mcp',
    serverVersion: '1.2.3',
    serverIdentity: 'npm:@modelcontextprotocol/server-github@1.2.3',
    itemKind: 'tool',
    item: 'create_issue',
    definitionHash: 'ab'.repeat(32),
    arguments: { title: `issue ${n}` },
    decision: 'allow',
    outcome: n % 5 === 0 ? 'error' : 'ok',
    errorCode: n % 5 === 0 ? -32603 : null,
    latencyMs: 12.5 + n,
    findings: { count: 1, maxSeverity: 'low', codes: ['hidden-text'] },
    requestId: n,
    ...extra,
  };
}

/** A state dir holding a closed log of `count` records (final checkpoint written). */
export async function seedLog(
  parent: string,
  count: number,
  config: Partial<AuditConfig> = {},
): Promise<string> {
  const stateDir = mkdtempSync(path.join(parent, 'state-'));
  const log = await openAuditLog({ stateDir, config });
  for (let i = 1; i <= count; i++) await log.append(entry(i));
  await log.close();
  // Move the WAL into the main file so raw file edits and copies see every row.
  const db = new Database(path.join(stateDir, 'gatehouse.db'));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return stateDir;
}

/** A copy of a state dir, for one tampering experiment. */
export function copyState(stateDir: string): string {
  const copy = `${stateDir}-copy-${Math.random().toString(36).slice(2)}`;
  cpSync(stateDir, copy, { recursive: true });
  return copy;
}

/** Runs SQL straight against the audit table, as an attacker with write access would. */
export function tamper(stateDir: string, sql: string, ...params: unknown[]): void {
  const db = new Database(path.join(stateDir, 'gatehouse.db'));
  db.prepare(sql).run(...params);
  db.close();
}

export function rawRows(stateDir: string): Record<string, unknown>[] {
  const db = new Database(path.join(stateDir, 'gatehouse.db'), { readonly: true });
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Record<
    string,
    unknown
  >[];
  db.close();
  return rows;
}

/** Verifies a state dir the way `gatehouse audit verify` does. */
export async function verifyState(
  stateDir: string,
  options: { checkpointsFile?: string; publicKeyFile?: string } = {},
): Promise<AuditVerification> {
  const store = SqliteAuditStore.open(stateDir);
  try {
    return await verifyAudit({
      store,
      checkpointsFile: options.checkpointsFile ?? path.join(stateDir, CHECKPOINTS_FILE),
      publicKey: readPublicKey(options.publicKeyFile ?? path.join(stateDir, PUBLIC_KEY_FILE)),
    });
  } finally {
    await store.close();
  }
}

/**
 * Recomputes the hashes of every row from `seq` on, as an attacker without the signing key would
 * after editing a row: the chain is consistent again, only the signed checkpoints disagree.
 */
export function relinkFrom(stateDir: string, seq: number): void {
  const db = new Database(path.join(stateDir, 'gatehouse.db'));
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Record<string, any>[];
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?');
  let prev = GENESIS_HASH;
  for (const row of rows) {
    if (row.seq < seq) {
      prev = row.hash;
      continue;
    }
    const record: AuditRecord = {
      v: row.v,
      seq: row.seq,
      time: row.time,
      requestId: row.request_id,
      principal: row.principal,
      front: row.front,
      era: row.era,
      session: row.session,
      method: row.method,
      serverKey: row.server_key,
      serverName: row.server_name,
      serverVersion: row.server_version,
      serverIdentity: row.server_identity,
      itemKind: row.item_kind,
      item: row.item,
      definitionHash: row.definition_hash,
      argumentsHmac: row.arguments_hmac,
      decision: row.decision,
      outcome: row.outcome,
      errorCode: row.error_code,
      latencyMs: row.latency_ms,
      findings: row.findings === null ? null : JSON.parse(row.findings),
    };
    const hash = chainHash(prev, record);
    update.run(prev, hash, row.seq);
    prev = hash;
  }
  db.close();
}
