/**
 * The sandboxed floor row against the real launcher, bwrap and server-everything: it answers the
 * same checked echo calls as the plain floor, and reports the server's RSS, not bwrap's.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { BenchEnv } from '../../../scripts/bench/index.js';
import {
  callEcho,
  echoMessage,
  initialize,
  largestInTree,
  startSandboxedFloor,
} from '../../../scripts/bench/index.js';
import { EVERYTHING_SERVER } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { benchEnv } from './helpers/bench-env.js';

const dir = useTempDir();

function env(): BenchEnv {
  return benchEnv(dir, { everything: EVERYTHING_SERVER });
}

describe('largestInTree', () => {
  it('finds no process for a pid that does not exist', () => {
    expect(largestInTree(2 ** 22 + 1)).toBeNull();
  });
});

describe('startSandboxedFloor', () => {
  it('serves checked echo calls from a sandboxed server-everything and weighs the server', async () => {
    const row = await startSandboxedFloor(env(), 'floor-test');
    try {
      expect(await initialize(row.connection)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (let i = 0; i < 3; i++) await callEcho(row.connection, 'echo', echoMessage(i));
      // The wrapper shell has exec'd its way to bwrap: the server really is in the sandbox.
      expect(readFileSync(`/proc/${row.frontPid}/comm`, 'utf8').trim()).toBe('bwrap');
      // The tree is sh's exec chain (bwrap), bwrap's init and node: the server is the heaviest.
      const rss = row.rss?.();
      expect(rss).toBeGreaterThan(20 * 1024 * 1024);
    } finally {
      await row.stop();
    }
  });
});
