/**
 * @module operation/policy/confirmation-ledger
 * Confirmations the user gave, each usable once, for one call: the same principal, server, kind,
 * item and arguments (compared by their RFC 8785 canonical SHA-256), within a short time.
 *
 * Threats: replaying a confirmation for a second call (single use: it is removed on the first
 * attempt to use it, whether that attempt matches or not); using it for other arguments, another
 * tool or another caller (bound to all of them); using it long after the question was asked
 * (TTL); guessing one (128 random bits); filling memory with unanswered ones (bounded: the oldest
 * are dropped, which only makes the user asked again).
 */
import { randomBytes } from 'node:crypto';

import { jcsHash } from '../../shared/canonical/index.js';
import type { PolicyRequest } from './decision.js';

export interface IssuedConfirmation {
  /** Opaque id to carry to the point where the confirmed call is made. */
  readonly id: string;
  /** Milliseconds since the epoch after which it is no longer accepted. */
  readonly expiresAt: number;
  /** The canonical digest of the arguments it is bound to. */
  readonly digest: string;
}

export type ConfirmationUse =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'unknown' | 'expired' | 'mismatch' };

export interface ConfirmationLedgerOptions {
  /** How long a confirmation stays usable, in milliseconds. */
  readonly ttlMs: number;
  /** Most confirmations held at once; default 1 000. */
  readonly maxPending?: number;
}

interface Entry {
  readonly binding: string;
  readonly expiresAt: number;
}

type Bound = Pick<PolicyRequest, 'principal' | 'server' | 'kind' | 'item' | 'arguments'>;

/** The canonical SHA-256 of a call's arguments (absent arguments count as `{}`). */
export function argumentDigest(args: Readonly<Record<string, unknown>> | undefined): string {
  return jcsHash(args ?? {});
}

function bindingOf(request: Bound, digest: string): string {
  return JSON.stringify([request.principal, request.server, request.kind, request.item, digest]);
}

export class ConfirmationLedger {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #max: number;

  constructor(options: ConfirmationLedgerOptions) {
    this.#ttlMs = options.ttlMs;
    this.#max = Math.max(1, options.maxPending ?? 1_000);
  }

  /** Confirmations currently held. */
  get size(): number {
    return this.#entries.size;
  }

  /** Records that a confirmation is being asked for `request`; returns its id. */
  issue(request: Bound, now: number): IssuedConfirmation {
    this.#prune(now);
    const digest = argumentDigest(request.arguments);
    const id = randomBytes(16).toString('base64url');
    const expiresAt = now + this.#ttlMs;
    this.#entries.set(id, { binding: bindingOf(request, digest), expiresAt });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#max) break;
      this.#entries.delete(oldest);
    }
    return { id, expiresAt, digest };
  }

  /** Uses the confirmation `id` for `request`: it is gone afterwards, whatever the outcome. */
  consume(id: string, request: Bound, now: number): ConfirmationUse {
    const entry = this.#entries.get(id);
    if (entry === undefined) return { ok: false, reason: 'unknown' };
    this.#entries.delete(id);
    if (now > entry.expiresAt) return { ok: false, reason: 'expired' };
    let digest: string;
    try {
      digest = argumentDigest(request.arguments);
    } catch {
      return { ok: false, reason: 'mismatch' };
    }
    return entry.binding === bindingOf(request, digest)
      ? { ok: true }
      : { ok: false, reason: 'mismatch' };
  }

  /** Drops confirmations no longer usable. */
  #prune(now: number): void {
    for (const [id, entry] of this.#entries) {
      if (now > entry.expiresAt) this.#entries.delete(id);
    }
  }
}
