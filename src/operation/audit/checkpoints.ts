/**
 * @module operation/audit/checkpoints
 * Signed checkpoints of the audit chain, kept outside the database in `audit-checkpoints.jsonl`
 * (one JSON object per line, appended and fsynced, never rewritten). A checkpoint is an Ed25519
 * signature over `(seq, hash, count, time)` of the chain at one moment.
 *
 * Threat: someone able to write the database, but without the signing key, rewriting history.
 * Recomputing every hash after a change no longer matches a signed `(seq, hash)`, and deleting
 * the tail leaves the chain shorter than a signed `seq`.
 */
import { type KeyObject, sign, verify } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { type FileHandle, open as openFile } from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

import { canonicalJson } from '../../shared/canonical/index.js';
import { AuditError } from './audit-error.js';
import { HEX64 } from './audit-record.js';
import { fsyncDir, type SigningKey } from './key-files.js';

export const CHECKPOINT_REASONS = ['count', 'interval', 'shutdown', 'open', 'manual'] as const;

/** The signed part of a checkpoint. */
export const CheckpointPayloadSchema = z.strictObject({
  v: z.literal(1),
  /** The last row covered. */
  seq: z.number().int().min(1),
  /** That row's hash. */
  hash: z.string().regex(HEX64),
  /** How many rows the chain held (seq 1..seq, so equal to `seq`). */
  count: z.number().int().min(1),
  time: z.string().min(1).max(64),
  reason: z.enum(CHECKPOINT_REASONS),
  /** Fingerprint of the signing key (SHA-256 of its SPKI encoding). */
  key: z.string().regex(HEX64),
});
export const CheckpointSchema = CheckpointPayloadSchema.extend({
  /** Ed25519 signature of the payload's canonical JSON, base64. */
  sig: z.string().min(1).max(200),
});
export type CheckpointPayload = z.infer<typeof CheckpointPayloadSchema>;
export type Checkpoint = z.infer<typeof CheckpointSchema>;
export type CheckpointReason = (typeof CHECKPOINT_REASONS)[number];

export function signCheckpoint(payload: CheckpointPayload, key: SigningKey): Checkpoint {
  const sig = sign(null, Buffer.from(canonicalJson(payload), 'utf8'), key.privateKey);
  return { ...payload, sig: sig.toString('base64') };
}

export function checkpointSignatureValid(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  const { sig, ...payload } = checkpoint;
  try {
    return verify(
      null,
      Buffer.from(canonicalJson(payload), 'utf8'),
      publicKey,
      Buffer.from(sig, 'base64'),
    );
  } catch {
    return false;
  }
}

/** One line of the checkpoint file as read back. */
export type CheckpointLine =
  | { readonly line: number; readonly ok: true; readonly checkpoint: Checkpoint }
  | { readonly line: number; readonly ok: false; readonly json: boolean; readonly problem: string };

/** Every line of a checkpoint file (empty when the file does not exist). */
export function readCheckpointLines(file: string): CheckpointLine[] {
  if (!existsSync(file)) return [];
  return parseLines(readFileSync(file, 'utf8'), 1);
}

/**
 * The checkpoint with the highest seq among the last lines of the file (the newest ones; several
 * processes may interleave lines). Refuses a file whose recent lines are not signed by `key`.
 */
export function readLastCheckpoint(file: string, key: KeyObject): Checkpoint | undefined {
  if (!existsSync(file)) return undefined;
  const fd = openSync(file, 'r');
  let text: string;
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    text = buffer.toString('utf8');
    // Reading from the middle of the file: drop the partial first line.
    if (length < size) text = text.slice(text.indexOf('\n') + 1);
  } finally {
    closeSync(fd);
  }
  let best: Checkpoint | undefined;
  for (const entry of parseLines(text, 0)) {
    if (!entry.ok) {
      // A line that is not JSON is a write torn by a crash (or noise): it attests nothing.
      if (!entry.json) continue;
      throw new AuditError('tampered', `${file}: a recent line is malformed: ${entry.problem}`);
    }
    if (!checkpointSignatureValid(entry.checkpoint, key)) {
      throw new AuditError(
        'tampered',
        `${file}: the checkpoint for seq ${entry.checkpoint.seq} is not signed by this state directory's key`,
      );
    }
    if (best === undefined || entry.checkpoint.seq > best.seq) best = entry.checkpoint;
  }
  return best;
}

function parseLines(text: string, firstLine: number): CheckpointLine[] {
  const out: CheckpointLine[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = firstLine === 0 ? 0 : firstLine + index;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      out.push({ line, ok: false, json: false, problem: 'not JSON (a torn write?)' });
      return;
    }
    const parsed = CheckpointSchema.safeParse(value);
    if (parsed.success) out.push({ line, ok: true, checkpoint: parsed.data });
    else out.push({ line, ok: false, json: true, problem: parsed.error.issues[0]?.message ?? '' });
  });
  return out;
}

/** Appends checkpoints to the file, each line fsynced before `append` resolves. */
export class CheckpointWriter {
  private constructor(private readonly handle: FileHandle) {}

  static async open(file: string): Promise<CheckpointWriter> {
    const created = !existsSync(file);
    const handle = await openFile(file, 'a+', 0o600);
    try {
      const { size } = await handle.stat();
      if (size > 0) {
        // A crash mid-line leaves no newline: start a fresh line rather than extend the torn one.
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) await handle.appendFile('\n');
      }
      if (created) fsyncDir(path.dirname(file));
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new CheckpointWriter(handle);
  }

  async append(checkpoint: Checkpoint): Promise<void> {
    await this.handle.appendFile(`${JSON.stringify(checkpoint)}\n`);
    await this.handle.sync();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
