/**
 * @module shared/canonical/jcs
 * Canonical JSON (RFC 8785, JCS, via the `canonicalize` package) and its SHA-256: the one way
 * Gatehouse hashes definitions (scan cache, pins) and records (audit), so the same content
 * always has the same digest whatever the key order or number formatting it arrived with.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

import { ErrorCode, GatehouseError } from '../errors/index.js';

// The package is CommonJS (`module.exports = serialize`) but types itself as an ES default export,
// which TypeScript's NodeNext resolution then reads as a namespace: load it with require.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (
  value: unknown,
) => string | undefined;

/** The RFC 8785 canonical form of a JSON value. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) {
    throw new GatehouseError(
      ErrorCode.Internal,
      'value has no canonical JSON form (undefined or a function)',
    );
  }
  return text;
}

/** Lowercase hex SHA-256 of the canonical form. */
export function jcsHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
