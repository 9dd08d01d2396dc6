/**
 * Several processes opening one fresh state directory at once (the workers of `run --workers N`
 * start together) must all succeed: each applies a module's migrations only if no other process
 * has. Before the migrations ran in IMMEDIATE transactions, about one round in five failed with
 * "table race_a already exists".
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { openDatabase } from '../../../src/shared/store/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const run = promisify(execFile);
const RACER = fileURLToPath(new URL('../../../dist/fixtures/store/open-race.js', import.meta.url));
const dir = useTempDir('gatehouse-open-race-');

describe('several processes opening one fresh state directory', () => {
  it('all open it, and each migration is applied once', { timeout: 120_000 }, async () => {
    for (let round = 0; round < 10; round++) {
      const stateDir = mkdtempSync(path.join(dir, 'state-'));
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, () => run(process.execPath, [RACER, stateDir])),
      );
      const outputs = results.map((result) =>
        result.status === 'fulfilled' ? result.value.stdout : String(result.reason),
      );
      expect(outputs).toEqual(['ok\n', 'ok\n', 'ok\n', 'ok\n']);
      const db = openDatabase(stateDir);
      const rows = db.prepare("SELECT version FROM schema_migrations WHERE module = 'race'").all();
      db.close();
      expect(rows).toEqual([{ version: 1 }, { version: 2 }]);
    }
  });
});
