/**
 * @module creation/signing
 * Public surface of creation/signing: Ed25519 keys and domain-separated signatures over canonical
 * JSON, shared by namespaces, releases and the transparency log. No wildcards.
 */
export type { PrivateKeyJwk, SigningKeyPair } from './ed25519.js';
export {
  generateSigningKey,
  keyIdOf,
  publicKeyObject,
  signedBytes,
  signPayload,
  verifyPayload,
} from './ed25519.js';
export { readKeyFile, writeKeyFile } from './key-file.js';
export type { SigningDomain } from './signing-domains.js';
export { SIGNING_DOMAINS } from './signing-domains.js';
