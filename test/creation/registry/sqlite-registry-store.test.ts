import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import type { PackageVerifier, RegistryChange } from '../../../src/creation/registry/index.js';
import {
  entryHash,
  entryLeaf,
  openRegistry,
  signMessage,
} from '../../../src/creation/registry/index.js';
import { generateSigningKey, SIGNING_DOMAINS } from '../../../src/creation/signing/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { FIRST_COME, releaseOf } from './registry-harness.js';

const NPM = 'https://registry.npmjs.org/';
const acceptAll: PackageVerifier = {
  registry: NPM,
  verify: () => Promise.resolve({ ok: true }),
  close: () => Promise.resolve(),
};

describe('SqliteRegistryStore: durable, immutable, and atomic with the transparency log', () => {
  const dir = useTempDir('gatehouse-registry-store-');
  const dbFile = path.join(dir, 'registry.db');
  const key = generateSigningKey();

  beforeAll(async () => {
    const opened = openRegistry({ dbFile, proofs: FIRST_COME, packages: acceptAll });
    await opened.service.claim(
      signMessage(key, 'namespace-claim', {
        type: 'namespace-claim',
        namespace: 'io.github.dura',
        seq: 0,
        previous: null,
        publicKey: key.publicKey,
      }),
    );
    const state = (await opened.store.namespace('io.github.dura'))!;
    const { server, release } = await releaseOf(NPM, {
      serverName: 'io.github.dura/ble',
      identifier: 'durable-mcp',
      version: '1.0.0',
      integrity: `sha512-${'C'.repeat(86)}==`,
    });
    await opened.service.publish(
      signMessage(key, 'release', {
        type: 'release',
        namespace: 'io.github.dura',
        seq: state.seq,
        previous: state.head,
        server,
        release,
      }),
    );
    await opened.close();
  });

  it('opens in WAL mode with synchronous FULL, and refuses a file not named .db', () => {
    const opened = openRegistry({ dbFile, proofs: FIRST_COME, packages: acceptAll });
    try {
      expect(opened.store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(opened.store.db.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      void opened.close();
    }
    expect(() => openRegistry({ dbFile: path.join(dir, 'registry.sqlite') })).toThrow(
      /ending in \.db/,
    );
  });

  it('keeps namespaces, versions and the log across a restart (same log key, same root)', async () => {
    const opened = openRegistry({ dbFile, proofs: FIRST_COME, packages: acceptAll });
    try {
      const state = await opened.store.namespace('io.github.dura');
      expect(state?.seq).toBe(2);
      expect(state?.owners.map((o) => o.publicKey)).toEqual([key.publicKey]);
      const version = await opened.store.version('io.github.dura/ble', '1.0.0');
      expect(version?.isLatest).toBe(true);
      expect(version?.releaseEvent.logIndex).toBe(1);
      expect(opened.log.size()).toBe(2);
      const leaf = opened.log.entries(1, 2)[0]!.leaf;
      expect(leaf.equals(entryLeaf(version!.releaseEvent.entry))).toBe(true);
    } finally {
      await opened.close();
    }
  });

  it('refuses, in the database itself, any rewrite of a published version or of history', async () => {
    const opened = openRegistry({ dbFile, proofs: FIRST_COME, packages: acceptAll });
    try {
      const db = opened.store.db;
      expect(() => db.prepare("UPDATE registry_versions SET server = '{}'").run()).toThrow(
        /published versions are immutable/,
      );
      expect(() => db.prepare("UPDATE registry_versions SET release = '{}'").run()).toThrow(
        /immutable/,
      );
      expect(() => db.prepare('DELETE FROM registry_versions').run()).toThrow(/immutable/);
      expect(() => db.prepare("UPDATE registry_events SET entry = '{}'").run()).toThrow(
        /append-only/,
      );
      expect(() => db.prepare('DELETE FROM registry_events').run()).toThrow(/append-only/);
      // A status change may touch the status columns only.
      db.prepare("UPDATE registry_versions SET status = 'deprecated' WHERE 0").run();
    } finally {
      await opened.close();
    }
  });

  it('rolls back the log leaf with the registry rows when a commit fails half way', async () => {
    const opened = openRegistry({ dbFile, proofs: FIRST_COME, packages: acceptAll });
    try {
      const before = await opened.store.namespace('io.github.dura');
      const sizeBefore = opened.log.size();
      const payload = {
        type: 'release-status' as const,
        namespace: 'io.github.dura',
        seq: before!.seq,
        previous: before!.head,
        name: 'io.github.dura/ble',
        version: '9.9.9',
        status: 'yanked' as const,
        message: null,
      };
      const envelope = signMessage(key, 'release-status', payload);
      const entry = { domain: SIGNING_DOMAINS.releaseStatus, ...envelope };
      const change: RegistryChange = {
        event: {
          namespace: 'io.github.dura',
          seq: before!.seq,
          kind: 'release-status',
          entry,
          hash: entryHash(entry),
          at: new Date().toISOString(),
        },
        leaf: entryLeaf(entry),
        // No such version: the UPDATE after the log append finds nothing and throws.
        status: { name: 'io.github.dura/ble', version: '9.9.9', status: 'yanked', message: null },
      };
      await expect(opened.store.commit(change, opened.log)).rejects.toThrow(/no version/);
      expect(opened.log.size()).toBe(sizeBefore);
      expect(await opened.store.namespace('io.github.dura')).toEqual(before);
      // The same change on a stale state is a conflict, checked before anything is logged.
      const stale = await opened.store.commit(
        { ...change, event: { ...change.event, seq: before!.seq - 1 } },
        opened.log,
      );
      expect(stale).toEqual({ ok: false, conflict: 'stale' });
      expect(opened.log.size()).toBe(sizeBefore);
    } finally {
      await opened.close();
    }
  });
});
