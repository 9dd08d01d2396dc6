/**
 * Public surface of shared/store: the state directory and the embedded SQLite database.
 */
export type { Migration, SqliteDatabase } from './sqlite-database.js';
export { migrate, openDatabase } from './sqlite-database.js';
export { resolveStateDir } from './state-dir.js';
