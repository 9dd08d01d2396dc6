/**
 * @module operation/audit/verify-audit
 * Re-walks the whole audit chain from seq 1 and holds it against the signed checkpoints: every
 * row's hash and link, the seq sequence, every checkpoint's signature, every checkpointed
 * `(seq, hash, count)` still present, and a chain at least as long as the newest checkpoint.
 */
import type { KeyObject } from 'node:crypto';

import { chainHash, GENESIS_HASH, recordOf } from './audit-record.js';
import type { AuditStore, ScannedRow } from './audit-store.js';
import { type Checkpoint, checkpointSignatureValid, readCheckpointLines } from './checkpoints.js';
import { fingerprintOf } from './key-files.js';

export type AuditProblemKind =
  | 'seq-gap'
  | 'row-unreadable'
  | 'link-broken'
  | 'hash-mismatch'
  | 'checkpoint-mismatch'
  | 'truncated'
  | 'checkpoint-invalid'
  | 'checkpoint-signature'
  | 'checkpoint-key';

export interface AuditProblem {
  /** The first seq the problem concerns (null: not tied to a row, e.g. no key). */
  readonly seq: number | null;
  readonly kind: AuditProblemKind;
  readonly message: string;
  /** The checkpoint file line, for checkpoint problems. */
  readonly line?: number;
}

export interface AuditVerification {
  readonly ok: boolean;
  /** Rows read. */
  readonly rows: number;
  readonly lastSeq: number;
  readonly lastHash: string;
  /** Fingerprint of the public key checkpoints were checked with. */
  readonly keyFingerprint: string | null;
  readonly checkpoints: {
    readonly lines: number;
    readonly valid: number;
    readonly lastSeq: number | null;
    readonly lastTime: string | null;
  };
  /** Rows after the newest valid checkpoint: protected by the chain only, not by a signature. */
  readonly unsignedTail: number;
  /** The lowest seq named by a problem; null when there is none or none names a row. */
  readonly firstBadSeq: number | null;
  /** Ordered by seq. */
  readonly problems: readonly AuditProblem[];
  /** Conditions that are not tampering (a torn checkpoint line, no checkpoints yet). */
  readonly warnings: readonly string[];
}

export interface VerifyAuditOptions {
  readonly store: AuditStore;
  readonly checkpointsFile: string;
  /** The key checkpoints must be signed with; absent: every checkpoint is a problem. */
  readonly publicKey: KeyObject | undefined;
  /** Stop recording problems after this many (the walk still completes). */
  readonly maxProblems?: number;
}

const PAGE = 1000;
const short = (hash: string | null): string => (hash === null ? 'none' : `${hash.slice(0, 12)}…`);

export async function verifyAudit(options: VerifyAuditOptions): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  const warnings: string[] = [];
  const maxProblems = options.maxProblems ?? 100;
  const report = (problem: AuditProblem): void => {
    if (problems.length < maxProblems) problems.push(problem);
  };

  const { bySeq, lines, valid } = loadCheckpoints(options, report, warnings);
  const checkpointSeqs = [...bySeq.keys()];
  const newest = checkpointSeqs.length > 0 ? Math.max(...checkpointSeqs) : null;

  let expected = 1;
  let prev = GENESIS_HASH;
  let rows = 0;
  let lastSeq = 0;
  let lastMatched = 0;
  const seen = new Set<number>();
  for (let from = Number.MIN_SAFE_INTEGER; ;) {
    const page = await options.store.read(from, PAGE);
    for (const scanned of page) {
      rows += 1;
      const seq = scanned.seq;
      if (seq !== expected) {
        report({
          seq: Math.min(seq, expected),
          kind: 'seq-gap',
          message:
            seq > expected
              ? `rows ${range(expected, seq - 1)} are missing (deleted)`
              : `seq ${seq} is out of sequence (expected ${expected})`,
        });
      }
      const hash = checkRow(scanned, prev, report);
      for (const checkpoint of bySeq.get(seq) ?? []) {
        seen.add(seq);
        if (checkpoint.hash !== hash) {
          report({
            seq,
            kind: 'checkpoint-mismatch',
            message: `the checkpoint signed ${checkpoint.time} for seq ${seq} names hash ${short(checkpoint.hash)}, the chain has ${short(hash)}: rows ${range(lastMatched + 1, seq)} were changed and their hashes recomputed`,
          });
        } else if (checkpoint.count !== rows) {
          report({
            seq,
            kind: 'checkpoint-mismatch',
            message: `the checkpoint signed ${checkpoint.time} counts ${checkpoint.count} rows up to seq ${seq}, the chain has ${rows}`,
          });
        } else {
          lastMatched = seq;
        }
      }
      prev = hash ?? prev;
      lastSeq = seq;
      expected = seq + 1;
    }
    if (page.length < PAGE) break;
    from = lastSeq + 1;
  }

  for (const seq of checkpointSeqs) {
    if (seq <= lastSeq && !seen.has(seq)) {
      report({
        seq,
        kind: 'checkpoint-mismatch',
        message: `a checkpoint covers seq ${seq}, which is no longer in the chain`,
      });
    }
  }
  if (newest !== null && newest > lastSeq) {
    const checkpoint = bySeq.get(newest)?.[0];
    report({
      seq: lastSeq + 1,
      kind: 'truncated',
      message: `the chain ends at seq ${lastSeq} but the checkpoint signed ${checkpoint?.time ?? '?'} covers seq ${newest}: rows ${range(lastSeq + 1, newest)} were deleted`,
    });
  }
  if (rows > 0 && newest === null) {
    warnings.push(
      'no valid checkpoint: only the chain itself was checked (a recomputed chain or a truncated tail would pass)',
    );
  }

  problems.sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity));
  const withSeq = problems.filter((p) => p.seq !== null);
  const lastCheckpoint = newest === null ? undefined : bySeq.get(newest)?.[0];
  return {
    ok: problems.length === 0,
    rows,
    lastSeq,
    lastHash: prev,
    keyFingerprint: options.publicKey ? fingerprintOf(options.publicKey) : null,
    checkpoints: {
      lines,
      valid,
      lastSeq: newest,
      lastTime: lastCheckpoint?.time ?? null,
    },
    unsignedTail: Math.max(0, lastSeq - (newest ?? 0)),
    firstBadSeq: withSeq.length > 0 ? (withSeq[0]?.seq ?? null) : null,
    problems,
    warnings,
  };
}

/**
 * Checks one row against the hash before it; returns its stored hash (what the next row must
 * link to), or null when the row has none.
 */
function checkRow(
  scanned: ScannedRow,
  prev: string,
  report: (problem: AuditProblem) => void,
): string | null {
  const seq = scanned.seq;
  if (!scanned.ok) {
    report({ seq, kind: 'row-unreadable', message: `seq ${seq}: ${scanned.problem}` });
    return scanned.hash;
  }
  const row = scanned.row;
  if (row.prevHash !== prev) {
    report({
      seq,
      kind: 'link-broken',
      message:
        prev === GENESIS_HASH && seq <= 1
          ? `seq ${seq}: prev_hash is not the genesis hash`
          : `seq ${seq}: prev_hash ${short(row.prevHash)} is not the hash of the row before it (${short(prev)}): a row was deleted, moved or changed`,
    });
  }
  if (chainHash(row.prevHash, recordOf(row)) !== row.hash) {
    report({
      seq,
      kind: 'hash-mismatch',
      message: `seq ${seq}: the row's contents do not hash to its stored hash: a field was changed`,
    });
  }
  return row.hash;
}

/** Reads the checkpoint file, checks every signature, and indexes the valid ones by seq. */
function loadCheckpoints(
  options: VerifyAuditOptions,
  report: (problem: AuditProblem) => void,
  warnings: string[],
): { bySeq: Map<number, Checkpoint[]>; lines: number; valid: number } {
  const entries = readCheckpointLines(options.checkpointsFile);
  const bySeq = new Map<number, Checkpoint[]>();
  let valid = 0;
  const keyFingerprint = options.publicKey ? fingerprintOf(options.publicKey) : null;
  if (entries.length > 0 && options.publicKey === undefined) {
    report({
      seq: null,
      kind: 'checkpoint-key',
      message: `no public key to check the ${entries.length} checkpoints with (the key files are missing)`,
    });
  }
  for (const entry of entries) {
    if (!entry.ok) {
      if (!entry.json) {
        // Not JSON: a write torn by a crash, or noise. It attests nothing, so it hides nothing.
        warnings.push(`${options.checkpointsFile}:${entry.line}: ignored, ${entry.problem}`);
        continue;
      }
      report({
        seq: null,
        kind: 'checkpoint-invalid',
        line: entry.line,
        message: `${options.checkpointsFile}:${entry.line}: not a checkpoint: ${entry.problem}`,
      });
      continue;
    }
    const checkpoint = entry.checkpoint;
    if (options.publicKey === undefined) continue;
    if (
      checkpoint.key !== keyFingerprint ||
      !checkpointSignatureValid(checkpoint, options.publicKey)
    ) {
      // Threat: a forged checkpoint vouching for a rewritten chain.
      report({
        seq: checkpoint.seq,
        kind: 'checkpoint-signature',
        line: entry.line,
        message: `${options.checkpointsFile}:${entry.line}: the checkpoint for seq ${checkpoint.seq} has no valid signature by key ${short(keyFingerprint)}`,
      });
      continue;
    }
    valid += 1;
    const list = bySeq.get(checkpoint.seq) ?? [];
    list.push(checkpoint);
    bySeq.set(checkpoint.seq, list);
  }
  return { bySeq, lines: entries.length, valid };
}

function range(from: number, to: number): string {
  return from === to ? `${from}` : `${from}..${to}`;
}
