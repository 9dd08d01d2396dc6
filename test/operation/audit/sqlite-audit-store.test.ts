/**
 * The SQLite audit store. The insert's parameters are written out field by field: they must follow
 * the table's column order (COLUMNS, then prev_hash and hash), and `findings` must be stored in
 * canonical form. An append skips reading the tail while `PRAGMA data_version` says no other
 * connection committed since its own last commit: stores sharing a file must still build one
 * chain, and a row changed under a store must still be caught.
 */
import { mkdtempSync } from 'node:fs';
import path from 'node:path';

import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';

import { toAuditFields } from '../../../src/operation/audit/audit-entry.js';
import type { AuditFields, AuditRow } from '../../../src/operation/audit/audit-record.js';
import { chainHash, GENESIS_HASH, recordOf } from '../../../src/operation/audit/index.js';
import { loadHmacKeys } from '../../../src/operation/audit/key-files.js';
import {
  COLUMNS,
  SqliteAuditStore,
  toParams,
} from '../../../src/operation/audit/sqlite-audit-store.js';
import { canonicalJson } from '../../../src/shared/canonical/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { entry } from './helpers.js';
import { record } from './record-arbitrary.js';

const dir = useTempDir('gatehouse-audit-store-');
const open: SqliteAuditStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});

function storeIn(stateDir: string): SqliteAuditStore {
  const store = SqliteAuditStore.open(stateDir);
  open.push(store);
  return store;
}

function fieldsOf(stateDir: string, n: number): AuditFields {
  return toAuditFields(entry(n), loadHmacKeys(stateDir), () => new Date());
}

const row: fc.Arbitrary<AuditRow> = fc
  .tuple(record, fc.stringMatching(/^[0-9a-f]{64}$/), fc.stringMatching(/^[0-9a-f]{64}$/))
  .map(([r, prevHash, hash]) => ({ ...r, prevHash, hash }));

describe('toParams', () => {
  it('lists the columns in table order, findings in canonical form', () => {
    fc.assert(
      fc.property(row, (r) => {
        const values = r as unknown as Record<string, unknown>;
        const expected = [
          ...COLUMNS.map(([field]) =>
            field === 'findings'
              ? r.findings === null
                ? null
                : canonicalJson(r.findings)
              : values[field],
          ),
          r.prevHash,
          r.hash,
        ];
        expect(toParams(r)).toStrictEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('SqliteAuditStore.append', () => {
  it('builds one chain when two stores on one file take turns, in batches or one by one', async () => {
    const stateDir = mkdtempSync(path.join(dir, 'two-'));
    const a = storeIn(stateDir);
    const b = storeIn(stateDir);
    let n = 0;
    for (const [store, size] of [
      [a, 1],
      [a, 2],
      [b, 1],
      [a, 1],
      [b, 3],
      [b, 1],
      [a, 2],
    ] as const) {
      const batch = Array.from({ length: size }, () => fieldsOf(stateDir, ++n));
      const rows = await store.append(batch);
      expect(rows.map((row) => row.seq)).toEqual(batch.map((_, i) => n - size + 1 + i));
    }
    const scanned = await a.read(1, 100);
    expect(scanned).toHaveLength(n);
    let prev = GENESIS_HASH;
    for (const [index, item] of scanned.entries()) {
      if (!item.ok) throw new Error(item.problem);
      expect(item.seq).toBe(index + 1);
      expect(item.row.prevHash).toBe(prev);
      expect(chainHash(prev, recordOf(item.row))).toBe(item.row.hash);
      prev = item.row.hash;
    }
  });

  it('catches its own last row changed by another connection, with or without a new hash', async () => {
    for (const sql of [
      "UPDATE audit_log SET principal = 'mallory' WHERE seq = 2",
      'UPDATE audit_log SET hash = ? WHERE seq = 2',
      'DELETE FROM audit_log WHERE seq = 2',
    ]) {
      const stateDir = mkdtempSync(path.join(dir, 'tamper-'));
      const store = storeIn(stateDir);
      await store.append([fieldsOf(stateDir, 1)]);
      const [written] = await store.append([fieldsOf(stateDir, 2)]);
      if (!written) throw new Error('nothing appended');
      const other = new Database(path.join(stateDir, 'gatehouse.db'));
      const statement = other.prepare(sql);
      if (sql.includes('?')) statement.run('f'.repeat(64));
      else statement.run();
      other.close();
      const expectation = { seq: written.seq, hash: written.hash };
      const next = store.append([fieldsOf(stateDir, 3)], expectation);
      if (sql.startsWith('UPDATE audit_log SET principal')) {
        // The hash still matches what this store wrote: the append goes on, chained onto the
        // stored hash, and the change is verify's to find (the row no longer hashes to it).
        const [row] = await next;
        expect(row?.prevHash).toBe(written.hash);
      } else {
        await expect(next).rejects.toMatchObject({ reason: 'tampered' });
      }
    }
  });
});
