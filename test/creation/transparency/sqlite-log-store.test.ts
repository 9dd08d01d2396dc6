import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { generateSigningKey } from '../../../src/creation/signing/index.js';
import {
  hashLeaf,
  SqliteLogStore,
  TransparencyLog,
  verifyConsistency,
  verifyConsistencyPath,
  verifyInclusion,
  verifyInclusionPath,
} from '../../../src/creation/transparency/index.js';
import { ErrorCode } from '../../../src/shared/errors/index.js';
import { openDatabase } from '../../../src/shared/store/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { unhex } from './helpers/logs.js';
import { referenceConsistency, referencePath, referenceRoot } from './helpers/reference-merkle.js';

const dir = useTempDir();
const leaf = (i: number) => Buffer.from(`io.github.owner${i}/server@1.0.${i}`);

describe('SqliteLogStore', () => {
  it('keeps the log across reopening the file: same root, and later heads extend the old one', () => {
    const file = path.join(dir, 'persist.db');
    const key = generateSigningKey();
    const first = openDatabase(file);
    const before = new TransparencyLog({ store: new SqliteLogStore(first), signingKey: key });
    before.appendAll(Array.from({ length: 37 }, (_, i) => leaf(i)));
    const oldHead = before.treeHead();
    first.close();

    const second = openDatabase(file);
    const after = new TransparencyLog({ store: new SqliteLogStore(second), signingKey: key });
    expect(after.size()).toBe(37);
    expect(after.rootHash()).toBe(oldHead.rootHash);
    expect(after.entries(36, 37)[0]!.leaf.toString()).toBe(leaf(36).toString());
    after.appendAll(Array.from({ length: 30 }, (_, i) => leaf(37 + i)));
    const newHead = after.treeHead();
    const proof = after.consistencyProof(37, 67);
    expect(verifyConsistency(oldHead, newHead, proof, key.publicKey)).toMatchObject({ ok: true });
    const inclusion = after.inclusionProof(5, 67);
    expect(verifyInclusion(leaf(5), 5, inclusion, newHead, key.publicKey).ok).toBe(true);
    second.close();
  });

  it('refuses UPDATE and DELETE of leaves and subtree hashes in the database itself', () => {
    const db = openDatabase(path.join(dir, 'append-only.db'));
    const log = new TransparencyLog({
      store: new SqliteLogStore(db),
      signingKey: generateSigningKey(),
    });
    log.appendAll([leaf(0), leaf(1)]);
    for (const sql of [
      "UPDATE transparency_leaves SET leaf = x'00' WHERE idx = 0",
      'DELETE FROM transparency_leaves WHERE idx = 1',
      'UPDATE transparency_nodes SET hash = zeroblob(32) WHERE level = 1',
      'DELETE FROM transparency_nodes',
    ]) {
      expect(() => db.prepare(sql).run(), sql).toThrow(/append-only/);
    }
    expect(log.size()).toBe(2);
    db.close();
  });

  it('refuses an append at any index but the current size', () => {
    const db = openDatabase(path.join(dir, 'index.db'));
    const store = new SqliteLogStore(db);
    const entry = { leaf: leaf(0), leafHash: hashLeaf(leaf(0)), nodes: [] };
    for (const index of [1, -1]) {
      expect(() => store.append({ ...entry, index })).toThrow(
        expect.objectContaining({ code: ErrorCode.TransparencyLogCorrupt }),
      );
    }
    store.append({ ...entry, index: 0 });
    expect(() => store.append({ ...entry, index: 0 })).toThrow(
      expect.objectContaining({ code: ErrorCode.TransparencyLogCorrupt }),
    );
    db.close();
  });

  it('appends a batch all or nothing', () => {
    const db = openDatabase(path.join(dir, 'batch.db'));
    const log = new TransparencyLog({
      store: new SqliteLogStore(db),
      signingKey: generateSigningKey(),
    });
    log.appendAll([leaf(0), leaf(1), leaf(2)]);
    const root = log.rootHash();
    expect(() => log.appendAll([leaf(3), leaf(4), null as unknown as Buffer])).toThrow();
    expect(log.size()).toBe(3);
    expect(log.rootHash()).toBe(root);
    expect(log.append(leaf(3)).index).toBe(3);
    db.close();
  });

  it('lets two connections to one file append in turn without taking the same index', () => {
    const file = path.join(dir, 'shared.db');
    const key = generateSigningKey();
    const [a, b] = [openDatabase(file), openDatabase(file)];
    const logA = new TransparencyLog({ store: new SqliteLogStore(a), signingKey: key });
    const logB = new TransparencyLog({ store: new SqliteLogStore(b), signingKey: key });
    const indices = [];
    for (let i = 0; i < 20; i += 1) indices.push((i % 3 === 0 ? logB : logA).append(leaf(i)).index);
    expect(indices).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(logA.rootHash()).toBe(referenceRoot(indices.map(leaf)).toString('hex'));
    expect(logB.rootHash()).toBe(logA.rootHash());
    a.close();
    b.close();
  });

  it('fails closed when a subtree hash is missing from a damaged store', () => {
    const db = openDatabase(path.join(dir, 'damaged.db'));
    const log = new TransparencyLog({
      store: new SqliteLogStore(db),
      signingKey: generateSigningKey(),
    });
    log.appendAll(Array.from({ length: 8 }, (_, i) => leaf(i)));
    db.exec('DROP TRIGGER transparency_nodes_no_delete');
    db.exec('DELETE FROM transparency_nodes WHERE level >= 2');
    expect(() => log.treeHead()).toThrow(
      expect.objectContaining({ code: ErrorCode.TransparencyLogCorrupt }),
    );
    expect(() => log.inclusionProof(0, 8)).toThrow(
      expect.objectContaining({ code: ErrorCode.TransparencyLogCorrupt }),
    );
    db.close();
  });

  it('holds 100,000 leaves with roots and proofs matching the reference', () => {
    const n = 100_000;
    const leaves = Array.from({ length: n }, (_, i) => leaf(i));
    const db = openDatabase(path.join(dir, 'large.db'));
    const log = new TransparencyLog({
      store: new SqliteLogStore(db),
      signingKey: generateSigningKey(),
    });
    for (let start = 0; start < n; start += 10_000)
      log.appendAll(leaves.slice(start, start + 10_000));
    const root = referenceRoot(leaves);
    expect(log.rootHash()).toBe(root.toString('hex'));
    for (let i = 0; i < 500; i += 1) {
      const index = (i * 7919) % n;
      const path = unhex(log.inclusionProof(index, n).path);
      expect(path.length).toBeLessThanOrEqual(17);
      expect(verifyInclusionPath(hashLeaf(leaves[index]!), index, n, path, root)).toBe(true);
    }
    expect(log.inclusionProof(99_999, n).path).toEqual(
      referencePath(99_999, leaves).map((h) => h.toString('hex')),
    );
    const first = 70_001;
    const proof = log.consistencyProof(first, n).path;
    expect(proof).toEqual(referenceConsistency(first, leaves).map((h) => h.toString('hex')));
    const firstRoot = referenceRoot(leaves.slice(0, first));
    expect(verifyConsistencyPath(first, n, firstRoot, root, unhex(proof))).toBe(true);
    db.close();
  }, 120_000);
});
