import { describe, expect, it } from 'vitest';

import {
  generateSigningKey,
  SIGNING_DOMAINS,
  signPayload,
} from '../../../src/creation/signing/index.js';
import {
  MemoryLogStore,
  verifyConsistency,
  verifyTreeHead,
} from '../../../src/creation/transparency/index.js';
import { logWith } from './helpers/logs.js';

const key = generateSigningKey();
const entries = (from: number, to: number, tag = '') =>
  Array.from({ length: to - from }, (_, i) => Buffer.from(`entry ${from + i}${tag}`));

/** The honest log at 10 then 25 leaves, and a fork of it (same key) rewritten after leaf 6. */
const honest = logWith(new MemoryLogStore(), entries(0, 10), key);
const head10 = honest.treeHead();
honest.appendAll(entries(10, 25));
const head25 = honest.treeHead();
const fork = logWith(new MemoryLogStore(), [...entries(0, 6), ...entries(6, 25, ' (forged)')], key);
const forkHead10 = logWith(
  new MemoryLogStore(),
  [...entries(0, 6), ...entries(6, 10, ' (forged)')],
  key,
).treeHead();
const forkHead25 = fork.treeHead();

describe('verifyTreeHead', () => {
  it('accepts a head signed by the log key', () => {
    expect(verifyTreeHead(head25, key.publicKey)).toEqual({ ok: true, head: head25 });
  });

  it('refuses a head of another log, a head signed by another key, and an altered head', () => {
    const stranger = generateSigningKey();
    const foreign = logWith(new MemoryLogStore(), entries(0, 3), stranger).treeHead();
    expect(verifyTreeHead(foreign, key.publicKey)).toMatchObject({ ok: false, code: 'wrong_log' });
    // The attacker keeps our log id but signs with their key.
    const { signature: _drop, ...body } = { ...foreign, logId: head25.logId };
    const resigned = {
      ...body,
      signature: signPayload(stranger.privateKey, SIGNING_DOMAINS.treeHead, body),
    };
    expect(verifyTreeHead(resigned, key.publicKey)).toMatchObject({
      ok: false,
      code: 'bad_signature',
    });
    for (const altered of [
      { ...head25, treeSize: 26 },
      { ...head25, rootHash: head10.rootHash },
      { ...head25, timestamp: '2001-01-01T00:00:00.000Z' },
    ]) {
      expect(verifyTreeHead(altered, key.publicKey)).toMatchObject({
        ok: false,
        code: 'bad_signature',
      });
    }
  });

  it('refuses a signature the log key made in another domain (a release, not a tree head)', () => {
    const { signature: _drop, ...body } = head25;
    const release = {
      ...body,
      signature: signPayload(key.privateKey, SIGNING_DOMAINS.release, body),
    };
    expect(verifyTreeHead(release, key.publicKey)).toMatchObject({
      ok: false,
      code: 'bad_signature',
    });
  });

  it('refuses malformed heads without throwing', () => {
    for (const bad of [
      undefined,
      42,
      {},
      { ...head25, extra: 1 },
      { ...head25, rootHash: head25.rootHash.toUpperCase() },
      { ...head25, treeSize: 2 ** 53 },
      { ...head25, timestamp: 'yesterday' },
      { ...head25, signature: 'x' },
    ]) {
      expect(verifyTreeHead(bad, key.publicKey)).toMatchObject({ ok: false, code: 'malformed' });
    }
    expect(verifyTreeHead(head25, 'not a key')).toMatchObject({ ok: false });
  });
});

describe('verifyConsistency', () => {
  it('accepts a newer head with a proof from the older one, and the same head again', () => {
    const proof = honest.consistencyProof(10, 25);
    expect(verifyConsistency(head10, head25, proof, key.publicKey)).toEqual({
      ok: true,
      oldHead: head10,
      newHead: head25,
    });
    expect(verifyConsistency(head25, head25, undefined, key.publicKey).ok).toBe(true);
    const empty = honest.consistencyProof(25, 25);
    expect(verifyConsistency(head25, honest.treeHead(), empty, key.publicKey).ok).toBe(true);
  });

  it('refuses a rollback to a smaller head', () => {
    const proof = honest.consistencyProof(10, 25);
    expect(verifyConsistency(head25, head10, proof, key.publicKey)).toMatchObject({
      ok: false,
      code: 'rollback',
    });
  });

  it('refuses two signed roots for one size as a fork', () => {
    expect(verifyConsistency(head10, forkHead10, undefined, key.publicKey)).toMatchObject({
      ok: false,
      code: 'fork',
    });
    expect(verifyConsistency(head25, forkHead25, undefined, key.publicKey)).toMatchObject({
      ok: false,
      code: 'fork',
    });
  });

  it('refuses a rewritten history whatever proof comes with it', () => {
    for (const proof of [fork.consistencyProof(10, 25), honest.consistencyProof(10, 25)]) {
      expect(verifyConsistency(head10, forkHead25, proof, key.publicKey)).toMatchObject({
        ok: false,
        code: 'inconsistent',
      });
    }
  });

  it('refuses proofs for other sizes, malformed proofs, and non-empty proofs between equal heads', () => {
    expect(
      verifyConsistency(head10, head25, honest.consistencyProof(9, 25), key.publicKey),
    ).toMatchObject({ ok: false, code: 'size_mismatch' });
    for (const bad of [undefined, {}, { firstSize: 10, secondSize: 25, path: 'x' }]) {
      expect(verifyConsistency(head10, head25, bad, key.publicKey)).toMatchObject({
        ok: false,
        code: 'malformed',
      });
    }
    const notEmpty = { firstSize: 25, secondSize: 25, path: [head25.rootHash] };
    expect(verifyConsistency(head25, head25, notEmpty, key.publicKey)).toMatchObject({
      ok: false,
      code: 'malformed',
    });
  });

  it('refuses heads not signed by the log key, naming which one', () => {
    const stranger = logWith(new MemoryLogStore(), entries(0, 25), generateSigningKey()).treeHead();
    const check = verifyConsistency(
      head10,
      stranger,
      honest.consistencyProof(10, 25),
      key.publicKey,
    );
    expect(check).toMatchObject({ ok: false, code: 'wrong_log' });
    expect(!check.ok && check.message).toMatch(/newer head/);
  });
});
