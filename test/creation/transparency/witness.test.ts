import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { generateSigningKey } from '../../../src/creation/signing/index.js';
import type { SignedTreeHead, TransparencyLog } from '../../../src/creation/transparency/index.js';
import { MemoryLogStore, Witness } from '../../../src/creation/transparency/index.js';
import { ErrorCode } from '../../../src/shared/errors/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { logWith } from './helpers/logs.js';

const dir = useTempDir();
let files = 0;
const freshFile = () => path.join(dir, `witness-${files++}`, 'witness.json');
const entries = (from: number, to: number, tag = '') =>
  Array.from({ length: to - from }, (_, i) => Buffer.from(`release ${from + i}${tag}`));

/** A fetcher that asks `log` and records what it was asked. */
function fetcherOf(log: TransparencyLog) {
  const calls: [number, number][] = [];
  const fetch = (first: number, second: number) => {
    calls.push([first, second]);
    return log.consistencyProof(first, second);
  };
  return { calls, fetch };
}

const refuseFetch = () => {
  throw new Error('the witness must not ask for a proof here');
};

describe('Witness', () => {
  const key = generateSigningKey();

  it('remembers the first head (after checking its signature) in an owner-only file', async () => {
    const file = freshFile();
    const log = logWith(new MemoryLogStore(), entries(0, 4), key);
    const witness = new Witness({ file, logKeys: [key.publicKey] });
    const head = log.treeHead();
    const result = await witness.advance(head, refuseFetch);
    expect(result).toEqual({ previous: undefined, current: head, grew: false });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      version: 1,
      heads: { [log.logId]: head },
    });
    // Another witness object (another process) on the same file remembers it.
    expect(await new Witness({ file, logKeys: [key.publicKey] }).head(log.logId)).toEqual(head);
  });

  it('advances along a consistency proof fetched from the remembered size', async () => {
    const file = freshFile();
    const log = logWith(new MemoryLogStore(), entries(0, 5), key);
    const witness = new Witness({ file, logKeys: [key.publicKey] });
    const first = log.treeHead();
    await witness.advance(first, refuseFetch);
    log.appendAll(entries(5, 12));
    const second = log.treeHead();
    const { calls, fetch } = fetcherOf(log);
    expect(await witness.advance(second, fetch)).toEqual({
      previous: first,
      current: second,
      grew: true,
    });
    expect(calls).toEqual([[5, 12]]);
    // The same tree again needs no proof.
    expect((await witness.advance(second, refuseFetch)).current).toEqual(second);
  });

  it("refuses a forked log: the witness of one log refuses the other's heads", async () => {
    const file = freshFile();
    const shared = entries(0, 8);
    const honest = logWith(new MemoryLogStore(), shared, key);
    const forked = logWith(new MemoryLogStore(), shared, key);
    honest.appendAll(entries(8, 12));
    forked.appendAll(entries(8, 12, ' (backdoored)'));
    const witness = new Witness({ file, logKeys: [key.publicKey] });
    const remembered = honest.treeHead();
    await witness.advance(remembered, refuseFetch);
    const before = readFileSync(file, 'utf8');

    // Same size, another root: equivocation, with both signed heads as evidence.
    const sameSize = forked.treeHead();
    const fork = await witness.advance(sameSize, refuseFetch).catch((error: unknown) => error);
    expect(fork).toMatchObject({
      code: ErrorCode.TransparencyLogFork,
      data: { remembered, offered: sameSize },
    });
    expect((fork as Error).message).toContain(remembered.rootHash.slice(0, 16));
    expect((fork as Error).message).toContain(sameSize.rootHash.slice(0, 16));

    // Larger, with the forked log's own proof: not an extension of what the witness saw.
    forked.appendAll(entries(12, 20));
    const larger = forked.treeHead();
    const { calls, fetch } = fetcherOf(forked);
    await expect(witness.advance(larger, fetch)).rejects.toMatchObject({
      code: ErrorCode.TransparencyLogInconsistent,
      data: { remembered, offered: larger },
    });
    expect(calls).toEqual([[12, 20]]);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses a rewritten history (a leaf changed, then more appended)', async () => {
    const file = freshFile();
    const original = logWith(new MemoryLogStore(), entries(0, 10), key);
    const witness = new Witness({ file, logKeys: [key.publicKey] });
    await witness.advance(original.treeHead(), refuseFetch);
    const history = entries(0, 16);
    history[3] = Buffer.from('release 3, quietly replaced');
    const rewritten = logWith(new MemoryLogStore(), history, key);
    await expect(
      witness.advance(rewritten.treeHead(), fetcherOf(rewritten).fetch),
    ).rejects.toMatchObject({ code: ErrorCode.TransparencyLogInconsistent });
  });

  it('refuses a rollback to a smaller head without asking for a proof', async () => {
    const file = freshFile();
    const log = logWith(new MemoryLogStore(), entries(0, 3), key);
    const old = log.treeHead();
    log.appendAll(entries(3, 9));
    const witness = new Witness({ file, logKeys: [key.publicKey] });
    await witness.advance(log.treeHead(), refuseFetch);
    await expect(witness.advance(old, refuseFetch)).rejects.toMatchObject({
      code: ErrorCode.TransparencyLogRollback,
      data: { offered: old },
    });
  });

  it('refuses heads signed by another key, whatever log they name', async () => {
    const file = freshFile();
    const stranger = generateSigningKey();
    const witness = new Witness({ file, logKeys: [key.publicKey] });
    const foreign = logWith(new MemoryLogStore(), entries(0, 3), stranger).treeHead();
    await expect(witness.advance(foreign, refuseFetch)).rejects.toMatchObject({
      code: ErrorCode.TransparencyHeadInvalid,
    });
    const ours = logWith(new MemoryLogStore(), entries(0, 3), key).treeHead();
    const relabelled: SignedTreeHead = { ...foreign, logId: ours.logId };
    await expect(witness.advance(relabelled, refuseFetch)).rejects.toMatchObject({
      code: ErrorCode.TransparencyHeadInvalid,
      data: { reason: 'bad_signature' },
    });
    for (const junk of [undefined, 'head', { logId: 42 }]) {
      await expect(witness.advance(junk, refuseFetch)).rejects.toMatchObject({
        code: ErrorCode.TransparencyHeadInvalid,
      });
    }
    expect(existsSync(file)).toBe(false);
  });

  it('fails closed on a bad proof from the log and leaves the file alone when fetching fails', async () => {
    const file = freshFile();
    const log = logWith(new MemoryLogStore(), entries(0, 4), key);
    const witness = new Witness({ file, logKeys: [key.publicKey] });
    const first = log.treeHead();
    await witness.advance(first, refuseFetch);
    log.appendAll(entries(4, 7));
    const next = log.treeHead();
    for (const bad of [undefined, { firstSize: 4, secondSize: 7, path: [] }, 'proof']) {
      await expect(witness.advance(next, () => bad)).rejects.toMatchObject({
        code: ErrorCode.TransparencyLogInconsistent,
      });
    }
    await expect(
      witness.advance(next, () => Promise.reject(new Error('registry unreachable'))),
    ).rejects.toThrow('registry unreachable');
    expect(await witness.head(log.logId)).toEqual(first);
  });

  it('follows several logs in one file, each under its own id', async () => {
    const file = freshFile();
    const other = generateSigningKey();
    const a = logWith(new MemoryLogStore(), entries(0, 2), key);
    const b = logWith(new MemoryLogStore(), entries(0, 5), other);
    const witness = new Witness({ file, logKeys: [key.publicKey, other.publicKey] });
    await witness.advance(a.treeHead(), refuseFetch);
    await witness.advance(b.treeHead(), refuseFetch);
    expect((await witness.head(a.logId))?.treeSize).toBe(2);
    expect((await witness.head(b.logId))?.treeSize).toBe(5);
  });

  it('serializes concurrent advances: the file ends at the largest head, never corrupt', async () => {
    const file = freshFile();
    const log = logWith(new MemoryLogStore(), entries(0, 3), key);
    const witness = new Witness({ file, logKeys: [key.publicKey] });
    await witness.advance(log.treeHead(), refuseFetch);
    const heads = [];
    for (let size = 4; size <= 10; size += 1) {
      log.append(Buffer.from(`release ${size}`));
      heads.push(log.treeHead());
    }
    const { fetch } = fetcherOf(log);
    const results = await Promise.allSettled(heads.map((head) => witness.advance(head, fetch)));
    for (const result of results) {
      if (result.status === 'rejected') {
        expect(result.reason).toMatchObject({ code: ErrorCode.TransparencyLogRollback });
      }
    }
    expect((await witness.head(log.logId))?.treeSize).toBe(10);
  });

  it('refuses a witness file others can write, or whose remembered head was edited', async () => {
    const file = freshFile();
    const log = logWith(new MemoryLogStore(), entries(0, 6), key);
    const witness = new Witness({ file, logKeys: [key.publicKey] });
    const head = log.treeHead();
    await witness.advance(head, refuseFetch);
    chmodSync(file, 0o666);
    await expect(witness.head(log.logId)).rejects.toMatchObject({
      code: ErrorCode.TransparencyWitnessInvalid,
    });
    chmodSync(file, 0o600);
    // An older genuine-looking head swapped in: its signature no longer matches.
    const edited = { version: 1, heads: { [log.logId]: { ...head, treeSize: 1 } } };
    writeFileSync(file, JSON.stringify(edited));
    await expect(witness.advance(head, refuseFetch)).rejects.toMatchObject({
      code: ErrorCode.TransparencyWitnessInvalid,
    });
    writeFileSync(file, '{ not json');
    await expect(witness.head(log.logId)).rejects.toMatchObject({
      code: ErrorCode.TransparencyWitnessInvalid,
    });
  });
});
