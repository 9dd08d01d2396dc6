/**
 * @module operation/gateway/downstream/http/bearer-keys
 * Bearer API keys for the HTTP endpoint. Keys are stored only as SHA-256 digests and compared in
 * constant time. Threats: a leaked config file revealing usable keys (digests only), and timing
 * attacks that recover a key byte by byte (`timingSafeEqual` over fixed-length digests).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import type { ApiKey } from '../../../../shared/config/schema.js';

export type KeyCheck =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'unknown' };

/** SHA-256 of a key, lowercase hex, as stored in `gateway.auth.keys[].sha256`. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Verifies an `Authorization` header against the configured keys. */
export function checkBearer(header: string | undefined, keys: readonly ApiKey[]): KeyCheck {
  if (header === undefined || header === '') return { ok: false, reason: 'missing' };
  const match = /^Bearer ([\x21-\x7e]{1,4096})$/i.exec(header.trim());
  if (!match?.[1]) return { ok: false, reason: 'malformed' };
  const presented = createHash('sha256').update(match[1], 'utf8').digest();
  let found: string | undefined;
  // Every key is compared, so the time taken does not reveal which one matched.
  for (const key of keys) {
    const expected = Buffer.from(key.sha256, 'hex');
    if (expected.length === presented.length && timingSafeEqual(expected, presented))
      found ??= key.id;
  }
  return found === undefined ? { ok: false, reason: 'unknown' } : { ok: true, id: found };
}
