/**
 * @module creation/registry/signed-message
 * Every write to the registry is a message signed by a namespace owner key, one signing domain
 * per kind (`SIGNING_DOMAINS`), so a signature made for one kind never verifies as another: the
 * registry checks a message under the domain of the endpoint it arrived at, never under one the
 * message names itself.
 *
 * Every payload names its namespace and links to the namespace's current state: `seq` (how many
 * messages the namespace accepted so far) and `previous` (the hash of the last one, `null` for a
 * claim). A message is accepted only against exactly that state, so an old rotation, release or
 * status change replayed later is stale and refused.
 */
import { z } from 'zod';

import type { SigningDomain, SigningKeyPair } from '../signing/index.js';
import { SIGNING_DOMAINS, signPayload, verifyPayload } from '../signing/index.js';
import { ReleaseSchema } from './release.js';
import { ServerJsonSchema } from './server-json.js';

/** A raw Ed25519 public key in base64url (43 characters). */
export const PublicKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'must be a 32-byte Ed25519 key in base64url');
const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');
const Namespace = z.string().min(3).max(200);
const Seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Lifecycle states of a version. `yanked`: must not be installed, but stays readable. */
export const ReleaseStatusSchema = z.enum(['active', 'deprecated', 'yanked']);
export type ReleaseStatus = z.infer<typeof ReleaseStatusSchema>;

export const ClaimPayloadSchema = z.strictObject({
  type: z.literal('namespace-claim'),
  namespace: Namespace,
  seq: z.literal(0),
  previous: z.null(),
  /** The claiming key; it signs the claim itself (proof of possession). */
  publicKey: PublicKeySchema,
});

export const KeyAdditionPayloadSchema = z.strictObject({
  type: z.literal('key-addition'),
  namespace: Namespace,
  seq: Seq,
  previous: Hash,
  /** The new owner key. */
  publicKey: PublicKeySchema,
});

export const KeyRotationPayloadSchema = z.strictObject({
  type: z.literal('key-rotation'),
  namespace: Namespace,
  seq: Seq,
  previous: Hash,
  /** The owner key removed. */
  remove: PublicKeySchema,
  /** Its replacement; `null` removes the key only (never the last one). */
  add: PublicKeySchema.nullable(),
});

export const ReleasePayloadSchema = z.strictObject({
  type: z.literal('release'),
  namespace: Namespace,
  seq: Seq,
  previous: Hash,
  /** The whole `server.json`, as it will be served. */
  server: ServerJsonSchema,
  release: ReleaseSchema,
});

export const StatusPayloadSchema = z.strictObject({
  type: z.literal('release-status'),
  namespace: Namespace,
  seq: Seq,
  previous: Hash,
  name: z.string().min(3).max(200),
  version: z.string().min(1).max(255),
  status: ReleaseStatusSchema,
  message: z.string().max(500).nullable(),
});

export type ClaimPayload = z.infer<typeof ClaimPayloadSchema>;
export type KeyAdditionPayload = z.infer<typeof KeyAdditionPayloadSchema>;
export type KeyRotationPayload = z.infer<typeof KeyRotationPayloadSchema>;
export type ReleasePayload = z.infer<typeof ReleasePayloadSchema>;
export type StatusPayload = z.infer<typeof StatusPayloadSchema>;

/** Every kind of registry message, its signing domain and its payload schema. */
export const MESSAGE_KINDS = {
  'namespace-claim': { domain: SIGNING_DOMAINS.namespaceClaim, schema: ClaimPayloadSchema },
  'key-addition': { domain: SIGNING_DOMAINS.keyAddition, schema: KeyAdditionPayloadSchema },
  'key-rotation': { domain: SIGNING_DOMAINS.keyRotation, schema: KeyRotationPayloadSchema },
  release: { domain: SIGNING_DOMAINS.release, schema: ReleasePayloadSchema },
  'release-status': { domain: SIGNING_DOMAINS.releaseStatus, schema: StatusPayloadSchema },
} as const;

export type MessageKind = keyof typeof MESSAGE_KINDS;

/** The payload type of each kind. */
export interface PayloadOf {
  'namespace-claim': ClaimPayload;
  'key-addition': KeyAdditionPayload;
  'key-rotation': KeyRotationPayload;
  release: ReleasePayload;
  'release-status': StatusPayload;
}

/** A message as sent over HTTP: the payload, the signer's public key and the signature. */
export const SignedEnvelopeSchema = z.strictObject({
  payload: z.record(z.string(), z.unknown()),
  publicKey: PublicKeySchema,
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'must be a 64-byte signature in base64url'),
});
export type SignedEnvelope = z.infer<typeof SignedEnvelopeSchema>;

/** A verified message as stored and logged: its domain is part of what is kept. */
export interface SignedEntry {
  readonly domain: SigningDomain;
  readonly payload: Record<string, unknown>;
  readonly publicKey: string;
  readonly signature: string;
}

/** Signs a payload of `kind` under that kind's domain. */
export function signMessage<K extends MessageKind>(
  key: SigningKeyPair,
  kind: K,
  payload: PayloadOf[K],
): SignedEnvelope {
  const { domain } = MESSAGE_KINDS[kind];
  return {
    payload: payload,
    publicKey: key.publicKey,
    signature: signPayload(key.privateKey, domain, payload),
  };
}

/** The outcome of {@link openMessage}. */
export type OpenedMessage<K extends MessageKind> =
  | { ok: true; payload: PayloadOf[K]; entry: SignedEntry }
  | { ok: false; reason: 'malformed' | 'signature'; message: string };

/**
 * Checks an envelope as a message of `kind`: the signature under `kind`'s domain (threat: a
 * signature of another kind replayed here), then the payload's shape. Never throws.
 */
export function openMessage<K extends MessageKind>(
  kind: K,
  envelope: SignedEnvelope,
): OpenedMessage<K> {
  const { domain, schema } = MESSAGE_KINDS[kind];
  // The signature covers the payload exactly as received, before any parsing touches it.
  if (!verifyPayload(envelope.publicKey, domain, envelope.payload, envelope.signature)) {
    return {
      ok: false,
      reason: 'signature',
      message: `the signature does not verify as a ${kind} message by key ${envelope.publicKey}`,
    };
  }
  const parsed = schema.safeParse(envelope.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return {
      ok: false,
      reason: 'malformed',
      message: `not a valid ${kind} payload: ${where}${issue?.message ?? 'invalid'}`,
    };
  }
  return {
    ok: true,
    payload: parsed.data as PayloadOf[K],
    entry: {
      domain,
      payload: envelope.payload,
      publicKey: envelope.publicKey,
      signature: envelope.signature,
    },
  };
}
