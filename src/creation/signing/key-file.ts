/**
 * @module creation/signing/key-file
 * A publisher's signing key on disk: a JSON file, owner-only (0600), holding the Ed25519 JWK.
 * Threat: another local user reading the key and publishing as its owner.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';

import { z } from 'zod';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { SigningKeyPair } from './ed25519.js';
import { keyIdOf } from './ed25519.js';

const KeyFileSchema = z.strictObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  d: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

/** Writes a key pair as a new owner-only file (never overwrites). */
export function writeKeyFile(file: string, key: SigningKeyPair): void {
  writeFileSync(file, `${JSON.stringify(key.privateKey, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
}

/** Reads a key file; refuses one that others can read, or a malformed one, naming the file. */
export function readKeyFile(file: string): SigningKeyPair {
  const mode = statSync(file).mode;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new GatehouseError(
      ErrorCode.Usage,
      `${file}: a signing key must be readable by its owner only (chmod 600 ${file})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GatehouseError(ErrorCode.Usage, `${file}: not a JSON key file (${String(error)})`);
  }
  const key = KeyFileSchema.safeParse(parsed);
  if (!key.success) {
    throw new GatehouseError(
      ErrorCode.Usage,
      `${file}: not an Ed25519 key file (expected kty OKP, crv Ed25519, x, d)`,
    );
  }
  return { publicKey: key.data.x, keyId: keyIdOf(key.data.x), privateKey: key.data };
}
