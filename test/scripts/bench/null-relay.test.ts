/**
 * The null relay row against the real relay (built) and server-everything: checked echo calls
 * pass through it unchanged, its CPU is the relay's own (not the server's), and closing its stdin
 * ends both processes.
 */

import { describe, expect, it } from 'vitest';

import type { BenchEnv } from '../../../scripts/bench/index.js';
import {
  callEcho,
  echoMessage,
  initialize,
  NULL_RELAY_ROW_ID,
  ROWS,
} from '../../../scripts/bench/index.js';
import { childPids } from '../../../scripts/bench/processes.js';
import { EVERYTHING_SERVER, NULL_RELAY } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { benchEnv } from './helpers/bench-env.js';

const dir = useTempDir();

function env(): BenchEnv {
  return benchEnv(dir, { everything: EVERYTHING_SERVER, nullRelay: NULL_RELAY });
}

describe('the null relay row', () => {
  it('is a floor row among the extras', () => {
    const ids = ROWS.map((r) => r.id);
    expect(ids.indexOf(NULL_RELAY_ROW_ID)).toBeGreaterThanOrEqual(5);
    expect(ROWS.find((r) => r.id === NULL_RELAY_ROW_ID)?.role).toBe('floor');
  });

  it('relays checked echo calls to server-everything and stops with its stdin', async () => {
    const spec = ROWS.find((r) => r.id === NULL_RELAY_ROW_ID);
    if (spec === undefined) throw new Error('no null relay row');
    const row = await spec.start(env());
    let server: number | undefined;
    try {
      expect(await initialize(row.connection)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (let i = 0; i < 3; i++) await callEcho(row.connection, spec.tool, echoMessage(i));
      // The front is the relay; the server is its one child.
      const children = childPids(row.frontPid);
      expect(children).toHaveLength(1);
      server = children[0];
    } finally {
      await row.stop();
    }
    expect(server).toBeDefined();
    expect(isAlive(row.frontPid)).toBe(false);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
