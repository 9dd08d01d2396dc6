/** The performance targets: met and missed, with the gap, judged on the best rows of a run. */
import { describe, expect, it } from 'vitest';

import type { PhaseResult } from '../../../scripts/bench/index.js';
import {
  cpuTable,
  targetsTable,
  targetVerdicts,
  TEN_UPSTREAMS_ROW_ID,
} from '../../../scripts/bench/index.js';
import { benchPhase, benchResult, benchRow } from './helpers/bench-result.js';

function phase(inFlight: number, callsPerSec: number, p50Us: number, cpu?: number): PhaseResult {
  return benchPhase(inFlight, callsPerSec, p50Us, cpu === undefined ? {} : { cpuUsPerCall: cpu });
}

const row = benchRow;
const result = benchResult;

describe('targetVerdicts', () => {
  it('says by how much each target is missed', () => {
    const verdicts = targetVerdicts(
      result([
        row('direct-stdio', 'floor', 'stdio', [phase(1, 5000, 150), phase(64, 20000, 2000)]),
        row('gatehouse-http', 'gatehouse', 'streamable-http', [
          phase(1, 500, 1500),
          phase(64, 2000, 30000),
        ]),
        row('gatehouse-stdio', 'gatehouse', 'stdio', [phase(1, 1000, 400), phase(64, 5000, 9000)]),
        row('supergateway-sse', 'peer', 'sse', [phase(1, 1300, 600), phase(64, 4000, 16000)]),
        row(TEN_UPSTREAMS_ROW_ID, 'gatehouse', 'streamable-http', [phase(1, 400, 1800)], 180),
      ]),
    );
    expect(verdicts.map((v) => [v.met, v.gap])).toEqual([
      [false, '×3.75 over'],
      [false, '×0.25 of it'],
      [false, '+150 µs over'],
      [false, '+30 MiB over'],
    ]);
    // The ten-upstream row is not an HTTP candidate.
    expect(verdicts[0]?.measured).toContain('gatehouse-http');
  });

  it('judges the best Gatehouse HTTP row (a pool counts) and reports met targets', () => {
    const verdicts = targetVerdicts(
      result([
        row('direct-stdio', 'floor', 'stdio', [phase(1, 5000, 150), phase(64, 20000, 2000)]),
        row('gatehouse-http', 'gatehouse', 'streamable-http', [phase(64, 2000, 30000)]),
        row('gatehouse-http-modern-2w', 'gatehouse', 'streamable-http', [phase(64, 9000, 7000)]),
        row('gatehouse-http-bare', 'gatehouse', 'streamable-http', [phase(64, 99000, 1)]),
        row('gatehouse-stdio', 'gatehouse', 'stdio', [phase(1, 1000, 240)]),
        row('supergateway-sse', 'peer', 'sse', [phase(64, 4000, 16000)]),
      ]),
    );
    expect(verdicts.map((v) => v.met)).toEqual([true, true, true]);
    expect(verdicts[0]?.measured).toContain('gatehouse-http-modern-2w');
    expect(targetsTable(result([]))).toEqual([]);
  });

  it('tabulates CPU per call for the rows that have it', () => {
    const lines = cpuTable(
      result([
        row('a', 'gatehouse', 'stdio', [phase(1, 1, 1, 800), phase(64, 1, 1, 150)]),
        row('b', 'peer', 'sse', [phase(1, 1, 1)]),
      ]),
    );
    expect(lines.join('\n')).toMatch(/\| a +\| +800 \| +150 \|/);
    expect(lines.join('\n')).not.toMatch(/\| b /);
  });
});
