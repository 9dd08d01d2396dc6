import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  hashLeaf,
  MemoryLogStore,
  verifyConsistencyPath,
  verifyInclusionPath,
} from '../../../src/creation/transparency/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { flipBit, logWith, storeKinds, unhex } from './helpers/logs.js';
import { referenceConsistency, referencePath, referenceRoot } from './helpers/reference-merkle.js';

const dir = useTempDir();

/** Distinct leaves (the index is part of each), so no two positions share a leaf hash. */
const leavesArb = fc
  .array(fc.uint8Array({ maxLength: 24 }), { maxLength: 300 })
  .map((raw) => raw.map((bytes, index) => Buffer.concat([Buffer.from(`${index}:`), bytes])));

/** A tree of n ≥ 1 leaves with a leaf index and a second size inside it. */
const treeArb = leavesArb
  .filter((leaves) => leaves.length > 0)
  .chain((leaves) =>
    fc.record({
      leaves: fc.constant(leaves),
      size: fc.integer({ min: 1, max: leaves.length }),
      pick: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      other: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    }),
  )
  .map(({ leaves, size, pick, other }) => ({
    leaves,
    size,
    index: Math.floor(pick * size),
    otherIndex: Math.floor(other * size),
  }));

describe('the log against a naive reference of RFC 6962 (fast-check)', () => {
  it('has the reference root for every size', () => {
    fc.assert(
      fc.property(leavesArb, (leaves) => {
        const log = logWith(new MemoryLogStore(), leaves);
        for (const size of new Set([0, 1, Math.floor(leaves.length / 2), leaves.length])) {
          if (size > leaves.length) continue;
          expect(log.rootHash(size)).toBe(referenceRoot(leaves.slice(0, size)).toString('hex'));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('builds the reference audit path, which verifies, and only for its own leaf and index', () => {
    fc.assert(
      fc.property(treeArb, ({ leaves, size, index, otherIndex }) => {
        const log = logWith(new MemoryLogStore(), leaves);
        const prefix = leaves.slice(0, size);
        const proof = log.inclusionProof(index, size);
        expect(proof.path).toEqual(referencePath(index, prefix).map((h) => h.toString('hex')));
        const root = referenceRoot(prefix);
        const path = unhex(proof.path);
        expect(verifyInclusionPath(hashLeaf(leaves[index]!), index, size, path, root)).toBe(true);
        if (otherIndex !== index) {
          // A proof for another index, with either leaf.
          expect(verifyInclusionPath(hashLeaf(leaves[index]!), otherIndex, size, path, root)).toBe(
            false,
          );
          expect(
            verifyInclusionPath(hashLeaf(leaves[otherIndex]!), otherIndex, size, path, root),
          ).toBe(false);
        }
        if (path.length > 0) {
          const flipped = [...path];
          const at = index % path.length;
          flipped[at] = flipBit(path[at]!, index % 8);
          expect(verifyInclusionPath(hashLeaf(leaves[index]!), index, size, flipped, root)).toBe(
            false,
          );
          expect(
            verifyInclusionPath(hashLeaf(leaves[index]!), index, size, path.slice(1), root),
          ).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('builds the reference consistency proof, which verifies, and fails once tampered', () => {
    fc.assert(
      fc.property(treeArb, ({ leaves, size, index }) => {
        const log = logWith(new MemoryLogStore(), leaves);
        // `index` doubles as a first size in [0, size).
        const first = index;
        const proof = log.consistencyProof(first, size);
        expect(proof.path).toEqual(
          referenceConsistency(first, leaves.slice(0, size)).map((h) => h.toString('hex')),
        );
        const r1 = referenceRoot(leaves.slice(0, first));
        const r2 = referenceRoot(leaves.slice(0, size));
        const path = unhex(proof.path);
        expect(verifyConsistencyPath(first, size, r1, r2, path)).toBe(true);
        if (path.length > 0) {
          const flipped = [...path];
          const at = size % path.length;
          flipped[at] = flipBit(path[at]!, size % 8);
          expect(verifyConsistencyPath(first, size, r1, r2, flipped)).toBe(false);
          expect(verifyConsistencyPath(first, size, r1, r2, path.slice(0, -1))).toBe(false);
          // The older tree with one leaf changed: a rewritten history.
          const rewritten = leaves
            .slice(0, first)
            .map((leaf, i) => (i === 0 ? flipBit(leaf) : leaf));
          if (first > 0) {
            const fake = referenceRoot(rewritten);
            expect(verifyConsistencyPath(first, size, fake, r2, path)).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each(storeKinds(dir))('answers the same in the %s store', (_kind, makeStore) => {
    fc.assert(
      fc.property(treeArb, ({ leaves, size, index }) => {
        const log = logWith(makeStore(), leaves);
        const prefix = leaves.slice(0, size);
        expect(log.rootHash(size)).toBe(referenceRoot(prefix).toString('hex'));
        expect(log.inclusionProof(index, size).path).toEqual(
          referencePath(index, prefix).map((h) => h.toString('hex')),
        );
        expect(log.consistencyProof(index, size).path).toEqual(
          referenceConsistency(index, prefix).map((h) => h.toString('hex')),
        );
      }),
      { numRuns: 40 },
    );
  });
});
