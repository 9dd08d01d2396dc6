import { describe, expect, it } from 'vitest';

import { generateSigningKey, keyIdOf } from '../../../src/creation/signing/index.js';
import {
  hashLeaf,
  MAX_ENTRIES_PER_CALL,
  TransparencyLog,
  verifyInclusion,
  verifyTreeHead,
} from '../../../src/creation/transparency/index.js';
import { ErrorCode } from '../../../src/shared/errors/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { EMPTY_ROOT, LEAVES, ROOTS } from './helpers/ct-vectors.js';
import { logWith, storeKinds } from './helpers/logs.js';

const dir = useTempDir();
const vectorLeaves = LEAVES.map((leaf) => Buffer.from(leaf, 'hex'));
const releases = Array.from({ length: 13 }, (_, i) => Buffer.from(`release ${i}`));

describe.each(storeKinds(dir))('TransparencyLog (%s store)', (_kind, makeStore) => {
  it('appends leaves at consecutive indices and reads them back in ranges', () => {
    const log = new TransparencyLog({ store: makeStore(), signingKey: generateSigningKey() });
    expect(log.append(Buffer.from('first'))).toEqual({
      index: 0,
      leafHash: hashLeaf(Buffer.from('first')).toString('hex'),
    });
    expect(
      log.appendAll([Buffer.from('second'), Buffer.from('third')]).map((r) => r.index),
    ).toEqual([1, 2]);
    expect(log.size()).toBe(3);
    const entries = log.entries(1, 10);
    expect(entries.map((e) => [e.index, e.leaf.toString()])).toEqual([
      [1, 'second'],
      [2, 'third'],
    ]);
    expect(entries[0]!.leafHash).toBe(hashLeaf(Buffer.from('second')).toString('hex'));
    expect(log.entries(3, 5)).toEqual([]);
  });

  it('signs a head for its current size with the log key, the log id being the key id', () => {
    const key = generateSigningKey();
    const now = new Date('2026-09-01T12:00:00.000Z');
    const log = logWith(makeStore(), [], key, () => now);
    expect(log.logId).toBe(keyIdOf(key.publicKey));
    const empty = log.treeHead();
    expect(empty).toMatchObject({ treeSize: 0, rootHash: EMPTY_ROOT, logId: log.logId });
    log.appendAll(vectorLeaves);
    const head = log.treeHead();
    expect(head).toMatchObject({
      logId: keyIdOf(key.publicKey),
      treeSize: 8,
      rootHash: ROOTS[7],
      timestamp: '2026-09-01T12:00:00.000Z',
    });
    expect(verifyTreeHead(head, key.publicKey)).toEqual({ ok: true, head });
  });

  it('refuses proofs and ranges outside the log with TRANSPARENCY_LOG_RANGE', () => {
    const log = logWith(makeStore(), releases.slice(0, 5));
    const refused = [
      () => log.inclusionProof(5, 5),
      () => log.inclusionProof(0, 0),
      () => log.inclusionProof(-1, 5),
      () => log.inclusionProof(0, 6),
      () => log.inclusionProof(1.5, 5),
      () => log.consistencyProof(3, 2),
      () => log.consistencyProof(2, 6),
      () => log.consistencyProof(-1, 2),
      () => log.rootHash(6),
      () => log.entries(3, 2),
      () => log.entries(-1, 2),
    ];
    for (const call of refused) {
      expect(call).toThrow(expect.objectContaining({ code: ErrorCode.TransparencyLogRange }));
    }
  });

  it('returns at most MAX_ENTRIES_PER_CALL entries per call', () => {
    const many = Array.from({ length: MAX_ENTRIES_PER_CALL + 5 }, (_, i) => Buffer.from(`${i}`));
    const log = logWith(makeStore(), many);
    const page = log.entries(2, many.length);
    expect(page).toHaveLength(MAX_ENTRIES_PER_CALL);
    expect(page[0]!.index).toBe(2);
    expect(log.entries(2 + MAX_ENTRIES_PER_CALL, many.length).map((e) => e.index)).toEqual([
      1002, 1003, 1004,
    ]);
  });

  it('gives proofs a client verifies against a signed head, for every leaf and older sizes', () => {
    const key = generateSigningKey();
    const log = logWith(makeStore(), releases, key);
    const head = log.treeHead();
    for (const [index, leaf] of releases.entries()) {
      const proof = log.inclusionProof(index, head.treeSize);
      expect(verifyInclusion(leaf, index, proof, head, key.publicKey)).toEqual({ ok: true, head });
    }
  });
});

describe('a client checking an inclusion proof refuses tampering', () => {
  const key = generateSigningKey();
  const log = logWith(storeKinds(dir)[1]![1](), releases, key);
  const head = log.treeHead();
  const proof = log.inclusionProof(6, head.treeSize);
  const leaf = releases[6]!;

  it('a flipped bit in any hash of the path', () => {
    for (const [position, hash] of proof.path.entries()) {
      const flipped = [...proof.path];
      flipped[position] = (hash[0] === '0' ? '1' : '0') + hash.slice(1);
      const check = verifyInclusion(leaf, 6, { ...proof, path: flipped }, head, key.publicKey);
      expect(check).toMatchObject({ ok: false, code: 'not_included' });
    }
  });

  it('a shortened or lengthened path', () => {
    for (const path of [proof.path.slice(0, -1), proof.path.slice(1), [...proof.path, ROOTS[0]]]) {
      const check = verifyInclusion(leaf, 6, { ...proof, path }, head, key.publicKey);
      expect(check).toMatchObject({ ok: false, code: 'not_included' });
    }
  });

  it('a proof for another index, relabelled or not', () => {
    const other = log.inclusionProof(7, head.treeSize);
    expect(verifyInclusion(leaf, 6, other, head, key.publicKey)).toMatchObject({
      ok: false,
      code: 'index_mismatch',
    });
    expect(verifyInclusion(leaf, 6, { ...other, leafIndex: 6 }, head, key.publicKey)).toMatchObject(
      { ok: false, code: 'not_included' },
    );
    // The right proof, but claimed for another leaf's bytes.
    expect(verifyInclusion(releases[7]!, 6, proof, head, key.publicKey)).toMatchObject({
      ok: false,
      code: 'not_included',
    });
  });

  it('a proof against another tree size than the signed head', () => {
    const older = log.inclusionProof(6, 10);
    expect(verifyInclusion(leaf, 6, older, head, key.publicKey)).toMatchObject({
      ok: false,
      code: 'size_mismatch',
    });
    expect(
      verifyInclusion(leaf, 6, { ...older, treeSize: head.treeSize }, head, key.publicKey),
    ).toMatchObject({ ok: false, code: 'not_included' });
  });

  it('a head signed by another key, or altered after signing', () => {
    const stranger = generateSigningKey();
    const forged = logWith(storeKinds(dir)[0]![1](), releases, stranger).treeHead();
    expect(verifyInclusion(leaf, 6, proof, forged, key.publicKey)).toMatchObject({
      ok: false,
      code: 'wrong_log',
    });
    expect(
      verifyInclusion(leaf, 6, proof, { ...forged, logId: head.logId }, key.publicKey),
    ).toMatchObject({ ok: false, code: 'bad_signature' });
    expect(
      verifyInclusion(
        leaf,
        6,
        proof,
        { ...head, timestamp: '2030-01-01T00:00:00Z' },
        key.publicKey,
      ),
    ).toMatchObject({ ok: false, code: 'bad_signature' });
  });

  it('malformed proofs and heads, without throwing', () => {
    for (const bad of [
      undefined,
      null,
      'proof',
      {},
      { ...proof, path: 'abc' },
      { ...proof, path: [proof.path[0]!.toUpperCase()] },
      { ...proof, path: [proof.path[0]!.slice(2)] },
      { ...proof, leafIndex: '6' },
      { ...proof, extra: true },
      { ...proof, path: Array.from({ length: 65 }, () => proof.path[0]!) },
    ]) {
      expect(verifyInclusion(leaf, 6, bad, head, key.publicKey)).toMatchObject({
        ok: false,
        code: 'malformed',
      });
    }
    for (const bad of [undefined, {}, { ...head, treeSize: -1 }, { ...head, rootHash: 'ab' }]) {
      expect(verifyInclusion(leaf, 6, proof, bad, key.publicKey)).toMatchObject({
        ok: false,
        code: 'malformed',
      });
    }
  });
});
