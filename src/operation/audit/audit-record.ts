/**
 * @module operation/audit/audit-record
 * The stored form of one audit record and the hash chain over records. A record holds no
 * plaintext arguments and no session id: only their keyed HMACs (see `audit-keys.ts`).
 *
 * Chain rule (format 1): `hash = hex(SHA-256(utf8(prevHash + canonicalJson(record))))`, where
 * `prevHash` is the previous row's `hash` (64 zeros before seq 1) and `record` is every field
 * below, absent values as `null`, canonicalised by RFC 8785. `seq` is part of the record, so a
 * row moved to another position no longer hashes to its stored hash.
 */
import { hash } from 'node:crypto';

import { z } from 'zod';

import { recordJson, recordJsonAt } from './record-json.js';

/** The `prevHash` of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** The record format version written today. */
export const RECORD_FORMAT = 1;

export const HEX64 = /^[0-9a-f]{64}$/;

/** What the policy pipeline decided about the request. Adding a value is backwards compatible. */
export const AUDIT_DECISIONS = [
  'allow',
  'deny',
  'quarantined',
  'withheld',
  'confirm',
  'confirmed',
  'declined',
  /** A sandbox limit stopped what the server tried (not a request: method `sandbox/limit`). */
  'contained',
] as const;
export type AuditDecision = (typeof AUDIT_DECISIONS)[number];

/** How the request ended. */
export const AUDIT_OUTCOMES = ['ok', 'error', 'cancelled', 'timeout'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const ITEM_KINDS = ['tool', 'prompt', 'resource'] as const;

/** A short summary of the scanner's findings for the item; never the finding texts. */
export const FindingsSummarySchema = z.strictObject({
  count: z.number().int().min(0),
  maxSeverity: z.string().max(32).nullable(),
  codes: z.array(z.string().max(128)).max(32),
});
export type FindingsSummary = z.infer<typeof FindingsSummarySchema>;

// Bounds are looser than the entry's: redaction may lengthen a value a little.
const text = (max: number) => z.string().max(max).nullable();
const hex64 = z.string().regex(HEX64);

/** Every hashed field of one record, in the shape it is stored, exported and hashed. */
export const AuditRecordSchema = z.strictObject({
  v: z.literal(RECORD_FORMAT),
  seq: z.number().int().positive(),
  time: z.string().min(1).max(64),
  requestId: text(4096),
  principal: z.string().min(1).max(256),
  front: z.string().min(1).max(32),
  era: text(32),
  /** HMAC of the session id (32 hex digits): sessions correlate, the id itself is not kept. */
  session: text(64),
  method: z.string().min(1).max(128),
  serverKey: text(128),
  serverName: text(256),
  serverVersion: text(128),
  serverIdentity: text(256),
  itemKind: z.enum(ITEM_KINDS).nullable(),
  item: text(16384),
  definitionHash: hex64.nullable(),
  argumentsHmac: hex64.nullable(),
  decision: z.string().min(1).max(32),
  outcome: z.string().min(1).max(32),
  errorCode: text(1024),
  latencyMs: z.number().min(0).finite(),
  findings: FindingsSummarySchema.nullable(),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

/** A record before the store gives it its place in the chain. */
export type AuditFields = Omit<AuditRecord, 'seq'>;

/** One row of the chain: the record, the hash of the row before it, and its own hash. */
export interface AuditRow extends AuditRecord {
  readonly prevHash: string;
  readonly hash: string;
}

/** A position in the chain: the last row's seq and hash (seq 0 and GENESIS_HASH when empty). */
export interface ChainPoint {
  readonly seq: number;
  readonly hash: string;
}

export const EMPTY_CHAIN: ChainPoint = { seq: 0, hash: GENESIS_HASH };

/**
 * The hash of a record placed after `prevHash`: SHA-256 of the UTF-8 of `prevHash` followed by the
 * record's canonical JSON. One-shot `crypto.hash` (no Hash object per record: about half the cost
 * of `createHash().update().update().digest()` on the test VM); the same bytes are hashed.
 */
export function chainHash(prevHash: string, record: AuditRecord): string {
  return hash('sha256', prevHash + recordJson(record), 'hex');
}

/** The hashed fields of a row (drops `prevHash` and `hash`). */
export function recordOf(row: AuditRow): AuditRecord {
  const { prevHash: _prev, hash: _hash, ...record } = row;
  return record;
}

/**
 * Places records after `tail`: numbers them and chains their hashes. Each row is one object
 * literal, hashed from `fields` and its seq directly: the two object spreads this replaced
 * (`{ ...fields, seq }`, then `{ ...record, prevHash, hash }`) took V8's slow cloning path for a
 * 22-key object and cost more than the record's SHA-256 (about 3.8 µs of a 55 µs append on the
 * test VM). Same rows, same key order, same hashes.
 */
export function chainRecords(tail: ChainPoint, fields: readonly AuditFields[]): AuditRow[] {
  const rows: AuditRow[] = [];
  let prevHash = tail.hash;
  let seq = tail.seq;
  for (const f of fields) {
    seq += 1;
    const hash = sha256Hex(prevHash + recordJsonAt(f, seq));
    rows.push({
      v: f.v,
      time: f.time,
      requestId: f.requestId,
      principal: f.principal,
      front: f.front,
      era: f.era,
      session: f.session,
      method: f.method,
      serverKey: f.serverKey,
      serverName: f.serverName,
      serverVersion: f.serverVersion,
      serverIdentity: f.serverIdentity,
      itemKind: f.itemKind,
      item: f.item,
      definitionHash: f.definitionHash,
      argumentsHmac: f.argumentsHmac,
      decision: f.decision,
      outcome: f.outcome,
      errorCode: f.errorCode,
      latencyMs: f.latencyMs,
      findings: f.findings,
      seq,
      prevHash,
      hash,
    });
    prevHash = hash;
  }
  return rows;
}

const sha256Hex = (text: string): string => hash('sha256', text, 'hex');
