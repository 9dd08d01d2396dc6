import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  EMPTY_TREE_HASH,
  hashLeaf,
  rootFromInclusionPath,
  verifyConsistencyPath,
  verifyInclusionPath,
} from '../../../src/creation/transparency/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import {
  CONSISTENCY_PROOFS,
  EMPTY_ROOT,
  INCLUSION_PROOFS,
  LEAVES,
  ROOTS,
} from './helpers/ct-vectors.js';
import { flipBit, logWith, storeKinds, unhex } from './helpers/logs.js';

const dir = useTempDir();
const leaves = LEAVES.map((leaf) => Buffer.from(leaf, 'hex'));
const someHash = Buffer.from(
  'abacaba000000000000000000000000000000000000000000060061e00123456',
  'hex',
);

describe.each(storeKinds(dir))('the RFC 6962 known answers (%s store)', (_kind, makeStore) => {
  it('hashes the empty tree to SHA-256 of nothing and every prefix to its known root', () => {
    const log = logWith(makeStore(), []);
    expect(log.rootHash()).toBe(EMPTY_ROOT);
    for (const [n, leaf] of leaves.entries()) {
      log.append(leaf);
      expect(log.rootHash()).toBe(ROOTS[n]);
      // Every earlier size keeps its root: the log only appends.
      for (let m = 1; m <= n; m += 1) expect(log.rootHash(m)).toBe(ROOTS[m - 1]);
    }
  });

  it('builds the known audit paths', () => {
    const log = logWith(makeStore(), leaves);
    for (const vector of INCLUSION_PROOFS) {
      expect(log.inclusionProof(vector.index, vector.size).path).toEqual(vector.path);
    }
  });

  it('builds the known consistency proofs', () => {
    const log = logWith(makeStore(), leaves);
    for (const vector of CONSISTENCY_PROOFS) {
      expect(log.consistencyProof(vector.first, vector.second).path).toEqual(vector.path);
    }
  });
});

describe('verifying the known audit paths (RFC 9162 §2.1.3.2)', () => {
  it('accepts each known path and computes the known root from it', () => {
    for (const { index, size, path } of INCLUSION_PROOFS) {
      const leafHash = hashLeaf(leaves[index]!);
      const root = Buffer.from(ROOTS[size - 1]!, 'hex');
      expect(rootFromInclusionPath(leafHash, index, size, unhex(path))?.toString('hex')).toBe(
        ROOTS[size - 1],
      );
      expect(verifyInclusionPath(leafHash, index, size, unhex(path), root)).toBe(true);
    }
  });

  it('fails closed on every corruption of a known path', () => {
    for (const { index, size, path } of INCLUSION_PROOFS) {
      const proof = unhex(path);
      const leafHash = hashLeaf(leaves[index]!);
      const root = Buffer.from(ROOTS[size - 1]!, 'hex');
      const probes: [string, number, number, Buffer, Buffer[], Buffer][] = [
        ['index - 1', index - 1, size, leafHash, proof, root],
        ['index + 1', index + 1, size, leafHash, proof, root],
        ['index ^ 2', index ^ 2, size, leafHash, proof, root],
        ['size * 2', index, size * 2, leafHash, proof, root],
        ['size / 2', index, Math.floor(size / 2), leafHash, proof, root],
        ['wrong leaf', index, size, hashLeaf(Buffer.from('WrongLeaf')), proof, root],
        ['empty root', index, size, leafHash, proof, EMPTY_TREE_HASH],
        ['random root', index, size, leafHash, proof, someHash],
        ['short root', index, size, leafHash, proof, root.subarray(0, 31)],
        ['trailing garbage', index, size, leafHash, [...proof, Buffer.alloc(0)], root],
        ['trailing root', index, size, leafHash, [...proof, root], root],
        ['preceding garbage', index, size, leafHash, [Buffer.alloc(0), ...proof], root],
        ['preceding root', index, size, leafHash, [root, ...proof], root],
        ['short leaf hash', index, size, leafHash.subarray(1), proof, root],
      ];
      for (const [position, hash] of proof.entries()) {
        const flipped = [...proof];
        flipped[position] = flipBit(hash);
        probes.push([`flipped bit in path[${position}]`, index, size, leafHash, flipped, root]);
      }
      if (proof.length > 0) {
        probes.push(['removed last', index, size, leafHash, proof.slice(0, -1), root]);
      }
      if (proof.length > 1) {
        const inserted = [proof[0]!, someHash, ...proof.slice(1)];
        probes.push(['inserted component', index, size, leafHash, inserted, root]);
      }
      for (const [what, i, n, leaf, path, r] of probes) {
        expect(verifyInclusionPath(leaf, i, n, path, r), `${what} (${index}/${size})`).toBe(false);
      }
    }
  });

  it('refuses an index at or past the tree size, and the empty tree', () => {
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [1, 1],
      [2, 1],
      [-1, 1],
      [0.5, 1],
      [Number.MAX_SAFE_INTEGER + 1, Number.MAX_SAFE_INTEGER + 2],
    ] as const) {
      expect(verifyInclusionPath(someHash, index, size, [], EMPTY_TREE_HASH)).toBe(false);
      expect(verifyInclusionPath(someHash, index, size, [], someHash)).toBe(false);
    }
  });

  it('accepts a single leaf only against its own hash as root, with an empty path', () => {
    const leafHash = hashLeaf(Buffer.from('data'));
    expect(verifyInclusionPath(leafHash, 0, 1, [], leafHash)).toBe(true);
    expect(verifyInclusionPath(leafHash, 0, 1, [], someHash)).toBe(false);
    expect(verifyInclusionPath(Buffer.alloc(0), 0, 1, [], Buffer.alloc(0))).toBe(false);
  });
});

describe('verifying the known consistency proofs (RFC 9162 §2.1.4.2)', () => {
  const root = (size: number) => Buffer.from(ROOTS[size - 1]!, 'hex');

  it('accepts each known proof', () => {
    for (const { first, second, path } of CONSISTENCY_PROOFS) {
      expect(verifyConsistencyPath(first, second, root(first), root(second), unhex(path))).toBe(
        true,
      );
    }
  });

  it('fails closed on every corruption of a non-trivial known proof', () => {
    for (const { first, second, path } of CONSISTENCY_PROOFS.filter((v) => v.path.length > 0)) {
      const proof = unhex(path);
      const [r1, r2] = [root(first), root(second)];
      const wrongRoot = createHash('sha256').update('WrongRoot').digest();
      const probes: [string, number, number, Buffer, Buffer, Buffer[]][] = [
        ['first - 1', first - 1, second, r1, r2, proof],
        ['first + 1', first + 1, second, r1, r2, proof],
        ['first ^ 2', first ^ 2, second, r1, r2, proof],
        ['second * 2', first, second * 2, r1, r2, proof],
        ['second / 2', first, Math.floor(second / 2), r1, r2, proof],
        ['wrong first root', first, second, wrongRoot, r2, proof],
        ['wrong second root', first, second, r1, wrongRoot, proof],
        ['swapped roots', first, second, r2, r1, proof],
        ['empty proof', first, second, r1, r2, []],
        ['trailing garbage', first, second, r1, r2, [...proof, Buffer.alloc(0)]],
        ['trailing first root', first, second, r1, r2, [...proof, r1]],
        ['trailing second root', first, second, r1, r2, [...proof, r2]],
        ['preceding garbage', first, second, r1, r2, [Buffer.alloc(0), ...proof]],
        ['preceding first root', first, second, r1, r2, [r1, ...proof]],
        ['preceding second root', first, second, r1, r2, [r2, ...proof]],
        ['preceding proof[0]', first, second, r1, r2, [proof[0]!, ...proof]],
        ['truncated', first, second, r1, r2, proof.slice(0, -1)],
      ];
      for (const [position, hash] of proof.entries()) {
        const flipped = [...proof];
        flipped[position] = flipBit(hash, 4);
        probes.push([`flipped bit in proof[${position}]`, first, second, r1, r2, flipped]);
      }
      for (const [what, m, n, a, b, p] of probes) {
        expect(verifyConsistencyPath(m, n, a, b, p), `${what} (${first} → ${second})`).toBe(false);
      }
    }
  });

  it('treats equal sizes and the empty tree as trivially consistent, and nothing else', () => {
    const [r1, r2] = [root(1), root(2)];
    expect(verifyConsistencyPath(0, 0, EMPTY_TREE_HASH, EMPTY_TREE_HASH, [])).toBe(true);
    expect(verifyConsistencyPath(0, 5, EMPTY_TREE_HASH, root(5), [])).toBe(true);
    expect(verifyConsistencyPath(1, 1, r1, r1, [])).toBe(true);
    // Equal sizes with different roots is a fork; a proof there is malformed.
    expect(verifyConsistencyPath(1, 1, r1, r2, [])).toBe(false);
    expect(verifyConsistencyPath(1, 1, r1, r1, [EMPTY_TREE_HASH])).toBe(false);
    // The empty tree has one root, and nothing to prove.
    expect(verifyConsistencyPath(0, 1, r1, r1, [])).toBe(false);
    expect(verifyConsistencyPath(0, 1, EMPTY_TREE_HASH, r1, [EMPTY_TREE_HASH])).toBe(false);
    // Time travel to the past.
    expect(verifyConsistencyPath(1, 0, r1, EMPTY_TREE_HASH, [])).toBe(false);
    expect(verifyConsistencyPath(2, 1, r2, r1, [])).toBe(false);
    // A real extension needs a proof.
    expect(verifyConsistencyPath(1, 2, r1, r2, [])).toBe(false);
  });
});
