/**
 * @module creation/transparency/sqlite-log-store
 * The {@link LogStore} in SQLite (better-sqlite3), in the database the caller opened with
 * `openDatabase` (a registry keeps its own file). Two tables: the leaves, keyed by their index,
 * and the hashes of complete subtrees. Each append is one transaction that first checks the
 * index is the current size; `exclusive` takes SQLite's write lock up front (BEGIN IMMEDIATE),
 * so another process cannot append between a size read and the append that relies on it.
 * Triggers refuse any UPDATE or DELETE: append-only is enforced by the database too, against a
 * bug in our own code (not against someone who can write the file, which the signed tree heads
 * and the clients' witnesses catch).
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { Migration, SqliteDatabase } from '../../shared/store/index.js';
import { migrate } from '../../shared/store/index.js';
import type { LeafAppend, LogStore, StoredLeaf } from './log-store.js';

const MIGRATIONS: readonly Migration[] = [
  {
    module: 'transparency',
    version: 1,
    sql: `
      CREATE TABLE transparency_leaves (
        idx INTEGER PRIMARY KEY CHECK (idx >= 0),
        leaf BLOB NOT NULL,
        leaf_hash BLOB NOT NULL CHECK (length(leaf_hash) = 32));
      CREATE TABLE transparency_nodes (
        level INTEGER NOT NULL CHECK (level >= 1),
        idx INTEGER NOT NULL CHECK (idx >= 0),
        hash BLOB NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, idx)) WITHOUT ROWID;
      CREATE TRIGGER transparency_leaves_no_update BEFORE UPDATE ON transparency_leaves
        BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
      CREATE TRIGGER transparency_leaves_no_delete BEFORE DELETE ON transparency_leaves
        BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
      CREATE TRIGGER transparency_nodes_no_update BEFORE UPDATE ON transparency_nodes
        BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
      CREATE TRIGGER transparency_nodes_no_delete BEFORE DELETE ON transparency_nodes
        BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
    `,
  },
];

interface LeafRow {
  idx: number;
  leaf: Buffer;
  leaf_hash: Buffer;
}

/** The SQLite implementation of {@link LogStore}; one log per database. */
export class SqliteLogStore implements LogStore {
  private readonly db: SqliteDatabase;
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.db = db;
    migrate(db, MIGRATIONS);
    this.statements = {
      size: db.prepare('SELECT COALESCE(MAX(idx) + 1, 0) AS size FROM transparency_leaves').pluck(),
      leaf: db.prepare('SELECT idx, leaf, leaf_hash FROM transparency_leaves WHERE idx = ?'),
      leaves: db.prepare(
        'SELECT idx, leaf, leaf_hash FROM transparency_leaves WHERE idx >= ? AND idx < ? ORDER BY idx',
      ),
      leafHash: db.prepare('SELECT leaf_hash FROM transparency_leaves WHERE idx = ?').pluck(),
      node: db.prepare('SELECT hash FROM transparency_nodes WHERE level = ? AND idx = ?').pluck(),
      insertLeaf: db.prepare(
        'INSERT INTO transparency_leaves (idx, leaf, leaf_hash) VALUES (?, ?, ?)',
      ),
      insertNode: db.prepare('INSERT INTO transparency_nodes (level, idx, hash) VALUES (?, ?, ?)'),
    };
    this.appendInTransaction = db.transaction((entry: LeafAppend) => {
      const size = this.size();
      if (entry.index !== size) {
        throw new GatehouseError(
          ErrorCode.TransparencyLogCorrupt,
          `append at index ${entry.index} refused: the log holds ${size} leaves`,
          { data: { index: entry.index, size } },
        );
      }
      this.statements.insertLeaf.run(entry.index, entry.leaf, entry.leafHash);
      for (const node of entry.nodes) {
        this.statements.insertNode.run(node.level, node.index, node.hash);
      }
    });
  }

  private readonly appendInTransaction: (entry: LeafAppend) => void;

  size(): number {
    return this.statements.size.get() as number;
  }

  leaf(index: number): StoredLeaf | undefined {
    const row = this.statements.leaf.get(index) as LeafRow | undefined;
    return row && toLeaf(row);
  }

  leaves(start: number, end: number): StoredLeaf[] {
    return (this.statements.leaves.all(start, end) as LeafRow[]).map(toLeaf);
  }

  node(level: number, index: number): Buffer | undefined {
    const statement = level === 0 ? this.statements.leafHash : this.statements.node;
    const args = level === 0 ? [index] : [level, index];
    return statement.get(...args) as Buffer | undefined;
  }

  append(entry: LeafAppend): void {
    this.appendInTransaction(entry);
  }

  exclusive<T>(fn: () => T): T {
    // Inside a transaction better-sqlite3 turns this into a savepoint of the outer one.
    return this.db.transaction(fn).immediate();
  }
}

function toLeaf(row: LeafRow): StoredLeaf {
  return { index: row.idx, leaf: row.leaf, leafHash: row.leaf_hash };
}
