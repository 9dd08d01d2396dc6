/**
 * @module creation/signing/ed25519
 * Ed25519 keys and domain-separated signatures over canonical JSON. Signed bytes are
 * `utf8(domain) || 0x00 || utf8(RFC 8785 canonical JSON of the payload)`: canonical, so every
 * party signs and checks the same bytes; domain-separated, so no signature crosses message kinds.
 * Keys travel as base64url of the raw 32-byte public key; key ids are the SHA-256 of those bytes.
 * Node's own crypto does Ed25519; only the framing is written here.
 */
import type { JsonWebKey, KeyObject } from 'node:crypto';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';

import { canonicalJson } from '../../shared/canonical/index.js';
import type { SigningDomain } from './signing-domains.js';

/** A private key as stored (a JWK of an Ed25519 key pair). */
export interface PrivateKeyJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly d: string;
}

/** A key pair: the public key as base64url of its raw 32 bytes, the private key as a JWK. */
export interface SigningKeyPair {
  readonly publicKey: string;
  readonly keyId: string;
  readonly privateKey: PrivateKeyJwk;
}

/** A fresh Ed25519 key pair. */
export function generateSigningKey(): SigningKeyPair {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' }) as PrivateKeyJwk;
  return {
    publicKey: jwk.x,
    keyId: keyIdOf(jwk.x),
    privateKey: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d },
  };
}

/** The key id of a public key: hex SHA-256 of its raw bytes. */
export function keyIdOf(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('hex');
}

/** The exact bytes signed for `payload` in `domain`. */
export function signedBytes(domain: SigningDomain, payload: unknown): Buffer {
  return Buffer.concat([
    Buffer.from(domain, 'utf8'),
    Buffer.from([0]),
    Buffer.from(canonicalJson(payload), 'utf8'),
  ]);
}

/** Signs `payload` in `domain`; the signature is base64url. */
export function signPayload(
  privateKey: PrivateKeyJwk,
  domain: SigningDomain,
  payload: unknown,
): string {
  const jwk: JsonWebKey = { ...privateKey };
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  return sign(null, signedBytes(domain, payload), key).toString('base64url');
}

/**
 * Checks a signature; false (never a throw) for a malformed key or signature. Threat: forged
 * publications, rotations and tree heads; a signature from another domain never verifies.
 */
export function verifyPayload(
  publicKey: string,
  domain: SigningDomain,
  payload: unknown,
  signature: string,
): boolean {
  let key: KeyObject;
  try {
    key = publicKeyObject(publicKey);
  } catch {
    return false;
  }
  const sig = Buffer.from(signature, 'base64url');
  if (sig.length !== 64) return false;
  try {
    return verify(null, signedBytes(domain, payload), key, sig);
  } catch {
    return false;
  }
}

/** A public key from its base64url raw form; throws on anything but 32 bytes. */
export function publicKeyObject(publicKey: string): KeyObject {
  if (!/^[A-Za-z0-9_-]{43}$/.test(publicKey) || Buffer.from(publicKey, 'base64url').length !== 32) {
    throw new Error('an Ed25519 public key is 32 bytes in base64url (43 characters)');
  }
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
}
