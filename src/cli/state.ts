/**
 * @module cli/state
 * Opens the run-time state a command needs: the state directory (from `--state-dir`, the config's
 * `gateway.stateDir`, `GATEHOUSE_STATE_DIR`, or the per-user default) and the SQLite store in it.
 */
import { SqlitePinStore } from '../operation/pins/index.js';
import type { GatehouseConfig } from '../shared/config/index.js';
import type { SqliteDatabase } from '../shared/store/index.js';
import { openDatabase, resolveStateDir } from '../shared/store/index.js';

export interface OpenState {
  readonly stateDir: string;
  readonly db: SqliteDatabase;
  readonly pins: SqlitePinStore;
  close(): void;
}

/** Opens (creating if needed) the state directory and its store. */
export function openState(config: GatehouseConfig | undefined, stateDirOption?: string): OpenState {
  const stateDir = resolveStateDir(stateDirOption ?? config?.gateway.stateDir);
  const db = openDatabase(stateDir);
  const pins = new SqlitePinStore(db);
  return { stateDir, db, pins, close: () => db.close() };
}
