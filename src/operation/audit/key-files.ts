/**
 * @module operation/audit/key-files
 * The audit log's two secrets live in files in the state directory, never in the database: the
 * HMAC key for arguments and session ids, and the Ed25519 key that signs checkpoints. Both are
 * created on first use, owner-only (0600), and never overwritten.
 */
import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

import { AuditError } from './audit-error.js';

export const HMAC_KEY_FILE = 'audit-hmac.key';
export const SIGNING_KEY_FILE = 'audit-checkpoint.key';
export const PUBLIC_KEY_FILE = 'audit-checkpoint.pub';
export const CHECKPOINTS_FILE = 'audit-checkpoints.jsonl';

/** The HMAC keys derived from the state directory's master key. */
export interface HmacKeys {
  /** HMAC-SHA256 of the canonical JSON of the redacted arguments, lowercase hex. */
  readonly arguments: (canonical: string) => string;
  /** Pseudonym of a session id: the first 32 hex digits of its HMAC-SHA256. */
  readonly session: (sessionId: string) => string;
}

/** Reads (creating on first use) `audit-hmac.key` and derives the arguments and session keys. */
export function loadHmacKeys(stateDir: string): HmacKeys {
  const file = path.join(stateDir, HMAC_KEY_FILE);
  const text = readOrCreate(file, () => `${randomBytes(32).toString('hex')}\n`).trim();
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new AuditError('unavailable', `${file} is not a 64-hex-digit audit HMAC key`);
  }
  const master = Buffer.from(text, 'hex');
  // Separate keys per use, so an arguments HMAC can never equal a session pseudonym.
  const argumentsKey = createHmac('sha256', master).update('gatehouse audit arguments').digest();
  const sessionKey = createHmac('sha256', master).update('gatehouse audit session').digest();
  // Every request of a session names the same id: its pseudonym is computed once (bounded).
  const pseudonyms = new Map<string, string>();
  return {
    arguments: (canonical) => createHmac('sha256', argumentsKey).update(canonical).digest('hex'),
    session: (id) => {
      let pseudonym = pseudonyms.get(id);
      if (pseudonym === undefined) {
        pseudonym = createHmac('sha256', sessionKey).update(id).digest('hex').slice(0, 32);
        if (pseudonyms.size >= SESSION_PSEUDONYMS_KEPT) pseudonyms.clear();
        pseudonyms.set(id, pseudonym);
      }
      return pseudonym;
    },
  };
}

/** How many session pseudonyms are remembered before the cache starts over. */
const SESSION_PSEUDONYMS_KEPT = 4096;

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Lowercase hex SHA-256 of the public key's SPKI DER encoding. */
  readonly fingerprint: string;
}

/**
 * Reads the checkpoint signing key, creating it (and its `.pub` companion) only when `create` is
 * true. Refuses a `.pub` file that does not belong to the private key.
 */
export function loadSigningKey(stateDir: string, create: boolean): SigningKey | undefined {
  const file = path.join(stateDir, SIGNING_KEY_FILE);
  let pem: string;
  try {
    pem = create
      ? readOrCreate(file, () => {
          const { privateKey } = generateKeyPairSync('ed25519');
          return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
        })
      : readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new AuditError('unavailable', `${file} is not an Ed25519 private key`);
  }
  const publicKey = createPublicKey(privateKey);
  const pubFile = path.join(stateDir, PUBLIC_KEY_FILE);
  const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const stored = readOrCreate(pubFile, () => publicPem, 0o644);
  if (fingerprintOf(createPublicKey(stored)) !== fingerprintOf(publicKey)) {
    throw new AuditError(
      'tampered',
      `${pubFile} does not match ${file}: one of the audit key files was replaced`,
    );
  }
  return { privateKey, publicKey, fingerprint: fingerprintOf(publicKey) };
}

/** Reads a PEM public key (SPKI) from a file; refuses anything but Ed25519. */
export function readPublicKey(file: string): KeyObject {
  const key = createPublicKey(readFileSync(file, 'utf8'));
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new AuditError('unavailable', `${file} is not an Ed25519 public key`);
  }
  return key;
}

export function fingerprintOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex');
}

/**
 * Reads `file`, or creates it with `make()` if it does not exist. Creation writes a temporary
 * file, fsyncs it and hard-links it into place, so a concurrent starter or a crash never leaves a
 * half-written key, and an existing key is never replaced (link fails with EEXIST).
 */
function readOrCreate(file: string, make: () => string, mode = 0o600): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', mode);
  try {
    writeSync(fd, make());
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file);
    fsyncDir(path.dirname(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
  return readFileSync(file, 'utf8');
}

/** Makes a new directory entry durable (no-op where directories cannot be opened). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot fsync a directory; the entry is durable once the file is.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
