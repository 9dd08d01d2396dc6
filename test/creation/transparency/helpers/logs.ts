/** Logs over real stores for the transparency tests. */
import path from 'node:path';

import type { SigningKeyPair } from '../../../../src/creation/signing/index.js';
import { generateSigningKey } from '../../../../src/creation/signing/index.js';
import type { LogStore } from '../../../../src/creation/transparency/index.js';
import {
  MemoryLogStore,
  SqliteLogStore,
  TransparencyLog,
} from '../../../../src/creation/transparency/index.js';
import { openDatabase } from '../../../../src/shared/store/index.js';

let counter = 0;

/** The two store kinds, each made fresh (SQLite: a new file in `dir`). */
export function storeKinds(dir: string): [string, () => LogStore][] {
  return [
    ['memory', () => new MemoryLogStore()],
    [
      'sqlite',
      () => new SqliteLogStore(openDatabase(path.join(dir, `log-${process.pid}-${counter++}.db`))),
    ],
  ];
}

/** A log over `store` holding `leaves`. */
export function logWith(
  store: LogStore,
  leaves: readonly Uint8Array[],
  signingKey: SigningKeyPair = generateSigningKey(),
  now?: () => Date,
): TransparencyLog {
  const log = new TransparencyLog({ store, signingKey, ...(now ? { now } : {}) });
  log.appendAll(leaves);
  return log;
}

/** Hex strings as buffers. */
export function unhex(hashes: readonly string[]): Buffer[] {
  return hashes.map((hash) => Buffer.from(hash, 'hex'));
}

/** A copy of `hash` with one bit flipped. */
export function flipBit(hash: Uint8Array, bit = 3): Buffer {
  const copy = Buffer.from(hash);
  copy[0] = copy[0]! ^ (1 << bit);
  return copy;
}
