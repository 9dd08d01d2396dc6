/**
 * The start benchmark's markdown: whole starts with what the sandbox adds and the verdict against
 * the target, the parts set against the leg before them, costs paid once, and measures not taken.
 */
import { describe, expect, it } from 'vitest';

import type { StartMeasure, StartupResult } from '../../../scripts/bench/index.js';
import {
  addedMillis,
  millis,
  pairedMedian,
  startupReport,
  targetSentence,
} from '../../../scripts/bench/index.js';

function ok(
  id: string,
  group: 'start' | 'part',
  p50Ms: number,
  p90Ms: number,
  compare?: string,
): StartMeasure {
  return {
    id,
    label: `label ${id}`,
    detail: `detail ${id}`,
    group,
    ...(compare === undefined ? {} : { compare }),
    status: 'ok',
    samples: 30,
    p50Us: p50Ms * 1000,
    p90Us: p90Ms * 1000,
    meanUs: p50Ms * 1000,
    minUs: p50Ms * 900,
    maxUs: p90Ms * 1100,
  };
}

const startup: StartupResult = {
  server: 'the test server',
  starts: 30,
  warmup: 2,
  targetAddedMs: 30,
  measures: [
    ok('bare', 'start', 150, 180),
    { ...ok('sandbox', 'start', 172.5, 215, 'bare'), pairedAddedP50Us: 24_000 } as StartMeasure,
    {
      id: 'allowlist',
      label: 'label allowlist',
      detail: 'detail allowlist',
      group: 'start',
      compare: 'bare',
      status: 'unavailable',
      reason: 'broker failed',
    },
    ok('prepare', 'part', 1.25, 2),
    ok('spawn-echo', 'part', 3, 4),
    ok('bwrap-floor', 'part', 5.5, 7, 'spawn-echo'),
  ],
  once: [{ id: 'support-probe', label: 'the probe', us: 12_345 }],
};

describe('number formats', () => {
  it('shows milliseconds with two decimals below 1 ms and one above, differences signed', () => {
    expect(millis(450)).toBe('0.45');
    expect(millis(172_500)).toBe('172.5');
    expect(addedMillis(22_500)).toBe('+22.5 ms');
    expect(addedMillis(-400)).toBe('−0.40 ms');
  });
});

describe('startupReport', () => {
  it('says whether the sandbox stays within the target at p50', () => {
    expect(targetSentence(startup)).toBe(
      'The default sandbox adds +22.5 ms to a start at p50 (+35.0 ms at p90; median of the ' +
        'round-by-round differences +24.0 ms): target at most +30 ms at p50, met.',
    );
    const slow: StartupResult = {
      ...startup,
      measures: startup.measures.map((m) =>
        m.id === 'sandbox' && m.status === 'ok' ? { ...m, p50Us: 190_000 } : m,
      ),
    };
    expect(targetSentence(slow)).toContain('+40.0 ms to a start at p50');
    expect(targetSentence(slow)).toMatch(/missed\.$/);
  });

  it('has no verdict when either start is missing', () => {
    const noBare = { ...startup, measures: startup.measures.filter((m) => m.id !== 'bare') };
    expect(targetSentence(noBare)).toBeUndefined();
    expect(startupReport(noBare).join('\n')).not.toContain('target at most');
  });

  it('tables whole starts and parts, each with what it adds to its reference', () => {
    const text = startupReport(startup).join('\n');
    expect(text).toContain('the test server, 30 timed starts of each kind after 2 untimed rounds');
    expect(text).toContain('| label bare | detail bare | 150.0 | 180.0 | — | — | — |');
    expect(text).toContain(
      '| label sandbox | detail sandbox | 172.5 | 215.0 | +22.5 ms | +35.0 ms | +24.0 ms |',
    );
    expect(text).toContain('| label allowlist | detail allowlist | — | — | — | — | — |');
    expect(text).toContain('| label prepare | detail prepare | 1.3 | 2.0 | — | — |');
    expect(text).toContain(
      '| label bwrap-floor | detail bwrap-floor | 5.5 | 7.0 | +2.5 ms over spawn-echo | — |',
    );
  });

  it('lists what is paid once per process and the measures not taken', () => {
    const text = startupReport(startup).join('\n');
    expect(text).toContain('Paid once per gateway process: the probe, 12.3 ms.');
    expect(text).toContain('Start measures not taken:\n- label allowlist: broker failed');
  });

  it('leaves out the parts table when there are no parts', () => {
    const starts = { ...startup, measures: startup.measures.filter((m) => m.group === 'start') };
    expect(startupReport(starts).join('\n')).not.toContain('| part |');
  });
});

describe('pairedMedian', () => {
  it('takes the median of the differences over the rounds both measures have', () => {
    const a = new Map([
      [0, 110],
      [1, 300],
      [2, 95],
      [5, 1_000],
    ]);
    const b = new Map([
      [0, 100],
      [1, 100],
      [2, 100],
      [3, 100],
    ]);
    // Rounds 0, 1, 2: +10, +200, −5; round 5 has no partner.
    expect(pairedMedian(a, b)).toBe(10);
    expect(pairedMedian(a, new Map([[9, 1]]))).toBeUndefined();
    expect(pairedMedian(a, undefined)).toBeUndefined();
  });
});
