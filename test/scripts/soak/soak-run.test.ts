/**
 * A short `npm run soak` end to end (the real gateway, sandboxed upstream, every stage on): every
 * kind of call is made and answered as expected, memory is sampled from /proc and /metrics, and
 * the host sessions the run opened are all gone at the end. The ten-minute run judges growth; a
 * run this short only proves the harness (its verdict is unit-tested in judge.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { REPO_ROOT } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const SOAK = path.join(REPO_ROOT, 'dist', 'scripts', 'soak', 'run.js');
const dir = useTempDir('gatehouse-soak-test-');

describe('the soak run', () => {
  it('refuses a bad option with exit 2', () => {
    const run = spawnSync(process.execPath, [SOAK, '--minutes=-1'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--minutes "-1"');
  });

  it(
    'drives every kind of call without a wrong answer and samples the gateway',
    { timeout: 120_000 },
    () => {
      const out = path.join(dir, 'soak.json');
      const run = spawnSync(
        process.execPath,
        [
          SOAK,
          '--minutes',
          '0.25',
          '--rate',
          '100',
          '--in-flight',
          '4',
          '--no-save',
          '--json',
          out,
        ],
        { encoding: 'utf8', timeout: 110_000 },
      );
      expect(run.stdout + run.stderr).toContain('soak: ');
      const result = JSON.parse(readFileSync(out, 'utf8')) as {
        calls: number;
        errors: number;
        firstErrors: string[];
        byKind: Record<string, number>;
        samples: { rssBytes: number; heapUsedBytes: number }[];
        sessions: { start: number; end: number };
      };
      expect(result.firstErrors).toEqual([]);
      expect(result.errors).toBe(0);
      expect(result.calls).toBeGreaterThan(500);
      expect(Object.keys(result.byKind).sort()).toEqual(
        ['denied', 'echo', 'echo-modern', 'list', 'malformed', 'resources', 'session'].sort(),
      );
      expect(result.samples.length).toBeGreaterThanOrEqual(10);
      for (const s of result.samples) {
        expect(s.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
        expect(s.heapUsedBytes).toBeGreaterThan(1024 * 1024);
      }
      // The long session plus every short one are closed: none is left in the gateway.
      expect(result.sessions.start).toBeGreaterThanOrEqual(1);
      expect(result.sessions.end).toBe(0);
    },
  );
});
