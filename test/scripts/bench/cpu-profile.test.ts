/** The `.cpuprofile` summary: self and total time per function, recursion counted once, places. */
import { describe, expect, it } from 'vitest';

import type { CpuProfile } from '../../../scripts/bench/index.js';
import {
  cpuProfileSchema,
  placeOf,
  renderProfileSummary,
  summarizeProfile,
} from '../../../scripts/bench/index.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
  columnNumber: 0,
});

/**
 * root -> main -> parse (recursing into parse) and main -> write; idle beside. Samples: parse
 * (inner) 3 ms, parse (outer) 1 ms, write 2 ms, main 1 ms, idle 5 ms.
 */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 6] },
    { id: 2, callFrame: frame('main', 'file:///repo/dist/src/cli/main.js', 9), children: [3, 5] },
    {
      id: 3,
      callFrame: frame('parse', 'file:///repo/node_modules/zod/v4/core/parse.js', 40),
      children: [4],
    },
    {
      id: 4,
      callFrame: frame('parse', 'file:///repo/node_modules/zod/v4/core/parse.js', 40),
      children: [],
    },
    { id: 5, callFrame: frame('write', 'node:net', 10), children: [] },
    { id: 6, callFrame: frame('(idle)'), children: [] },
  ],
  startTime: 0,
  endTime: 12_000,
  samples: [4, 4, 4, 3, 5, 5, 2, 6, 6, 6, 6, 6],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

describe('summarizeProfile', () => {
  it('refuses a file that is not a profile', () => {
    expect(cpuProfileSchema.safeParse({ nodes: 'x' }).success).toBe(false);
    expect(cpuProfileSchema.safeParse(profile).success).toBe(true);
  });

  it('ranks self time, leaves idle out of the busy time, and counts a recursion once in totals', () => {
    const summary = summarizeProfile(profile);
    expect(summary.wallMs).toBe(12);
    expect(summary.busyMs).toBe(7);
    expect(summary.bySelf.map((f) => [f.key, f.selfMs])).toEqual([
      ['parse (zod/v4/core/parse.js:41)', 4],
      ['write (node:net:11)', 2],
      ['main (src/cli/main.js:10)', 1],
    ]);
    const total = new Map(summary.byTotal.map((f) => [f.key, f.totalMs]));
    expect(total.get('main (src/cli/main.js:10)')).toBe(7);
    // Four samples in parse, not seven (the inner call is inside the outer one).
    expect(total.get('parse (zod/v4/core/parse.js:41)')).toBe(4);
    expect(summary.byPlace).toEqual([
      { place: 'zod', selfMs: 4 },
      { place: 'node:internal', selfMs: 2 },
      { place: 'gatehouse:src/cli', selfMs: 1 },
    ]);
    expect(renderProfileSummary('p', summary)).toContain('57.1%');
  });

  it('names places: scoped packages, Gatehouse folders, V8 pseudo-frames', () => {
    expect(placeOf('file:///r/node_modules/@hono/node-server/dist/index.mjs', 'f')).toBe(
      '@hono/node-server',
    );
    expect(placeOf('file:///r/dist/src/operation/audit/audit-log.js', 'f')).toBe(
      'gatehouse:src/operation/audit',
    );
    expect(placeOf('', '(garbage collector)')).toBe('(garbage collector)');
    expect(placeOf('', 'writev')).toBe('(native)');
  });
});
