/**
 * @module creation/registry/entry-hash
 * How an accepted message is committed to: its log leaf is the RFC 8785 canonical JSON of the
 * whole signed entry (domain, payload, signer, signature), and its hash, the SHA-256 of those
 * bytes, becomes the namespace's new head. The next message of the namespace names that head as
 * `previous`, chaining every namespace's history; anyone holding the entries can recompute both.
 */
import { canonicalJson, jcsHash } from '../../shared/canonical/index.js';
import type { SignedEntry } from './signed-message.js';

/** The bytes appended to the transparency log for `entry`. */
export function entryLeaf(entry: SignedEntry): Buffer {
  return Buffer.from(canonicalJson(entryObject(entry)), 'utf8');
}

/** Hex SHA-256 of the entry's leaf bytes: the namespace head after `entry`. */
export function entryHash(entry: SignedEntry): string {
  return jcsHash(entryObject(entry));
}

function entryObject(entry: SignedEntry): Record<string, unknown> {
  return {
    domain: entry.domain,
    payload: entry.payload,
    publicKey: entry.publicKey,
    signature: entry.signature,
  };
}
