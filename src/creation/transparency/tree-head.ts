/**
 * @module creation/transparency/tree-head
 * Signed tree heads: the log's signed statement "my first `treeSize` leaves hash to `rootHash`",
 * in the spirit of RFC 6962 §3.5 but as canonical JSON signed with Ed25519 in the tree-head
 * signing domain (so no other Gatehouse signature can pass as a tree head, nor a tree head as
 * anything else). The log id is the key id of the log's public key: a head names the one key that
 * may have signed it.
 *
 * Threat: a forged head, or a genuine head re-labelled as another log's, accepted by a client
 * that would then trust proofs against a root the log never committed to.
 */
import { z } from 'zod';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { SigningKeyPair } from '../signing/index.js';
import { keyIdOf, SIGNING_DOMAINS, signPayload, verifyPayload } from '../signing/index.js';

const HEX_HASH = /^[0-9a-f]{64}$/;

/** The signed fields of a tree head, as they travel (JSON). */
export const TreeHeadSchema = z.strictObject({
  /** Hex SHA-256 of the log's raw Ed25519 public key. */
  logId: z.string().regex(HEX_HASH),
  treeSize: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** Hex Merkle Tree Hash of the first `treeSize` leaves. */
  rootHash: z.string().regex(HEX_HASH),
  /** When the log signed the head, ISO 8601 in UTC. */
  timestamp: z.iso.datetime(),
});

/** A tree head with the log's Ed25519 signature (base64url) over its canonical JSON. */
export const SignedTreeHeadSchema = TreeHeadSchema.extend({
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
});

export type TreeHead = z.infer<typeof TreeHeadSchema>;
export type SignedTreeHead = z.infer<typeof SignedTreeHeadSchema>;

/** Why a tree head (or a proof checked against one) was refused. */
export type LogCheckFailure =
  | 'malformed'
  | 'wrong_log'
  | 'bad_signature'
  | 'size_mismatch'
  | 'index_mismatch'
  | 'not_included'
  | 'rollback'
  | 'fork'
  | 'inconsistent';

/** A refused check: a stable code and a sentence saying why. */
export interface LogCheckRefusal {
  readonly ok: false;
  readonly code: LogCheckFailure;
  readonly message: string;
}

/** The outcome of {@link verifyTreeHead}: the parsed head, or why not. */
export type TreeHeadCheck = { readonly ok: true; readonly head: SignedTreeHead } | LogCheckRefusal;

/** Signs `head` with the log's key; the head's `logId` must be that key's id. */
export function signTreeHead(head: TreeHead, key: SigningKeyPair): SignedTreeHead {
  const payload = TreeHeadSchema.parse(head);
  if (payload.logId !== keyIdOf(key.publicKey)) {
    throw new GatehouseError(
      ErrorCode.Internal,
      `a tree head of log ${payload.logId} cannot be signed by key ${keyIdOf(key.publicKey)}`,
    );
  }
  return { ...payload, signature: signPayload(key.privateKey, SIGNING_DOMAINS.treeHead, payload) };
}

/**
 * Checks a tree head received from anywhere: its shape, that it names `publicKey` as its log,
 * and the signature. Never throws.
 */
export function verifyTreeHead(sth: unknown, publicKey: string): TreeHeadCheck {
  const parsed = SignedTreeHeadSchema.safeParse(sth);
  if (!parsed.success) {
    return refuse('malformed', `not a signed tree head: ${parsed.error.issues[0]?.message ?? ''}`);
  }
  const { signature, ...head } = parsed.data;
  const expectedLogId = keyIdOf(publicKey);
  // Threat: a head of another log (or signed by an attacker's key) offered as this log's.
  if (head.logId !== expectedLogId) {
    return refuse(
      'wrong_log',
      `the tree head names log ${head.logId.slice(0, 16)}…, not the log of the expected key ` +
        `${expectedLogId.slice(0, 16)}…`,
    );
  }
  if (!verifyPayload(publicKey, SIGNING_DOMAINS.treeHead, head, signature)) {
    return refuse(
      'bad_signature',
      `the tree head of size ${head.treeSize} is not signed by the log key`,
    );
  }
  return { ok: true, head: parsed.data };
}

/** A short description of a head for messages: size, root prefix, time. */
export function describeHead(head: TreeHead): string {
  return `size ${head.treeSize}, root ${head.rootHash.slice(0, 16)}…, signed ${head.timestamp}`;
}

/** A refusal of `code`. */
export function refuse(code: LogCheckFailure, message: string): LogCheckRefusal {
  return { ok: false, code, message };
}
