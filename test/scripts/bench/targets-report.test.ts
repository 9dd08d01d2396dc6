/** The performance targets: met and missed, with the gap, judged on the best rows of a run. */
import { describe, expect, it } from 'vitest';

import type { BenchResult, PhaseResult, RowResult } from '../../../scripts/bench/index.js';
import {
  cpuTable,
  RESULT_SCHEMA_VERSION,
  targetsTable,
  targetVerdicts,
  TEN_UPSTREAMS_ROW_ID,
} from '../../../scripts/bench/index.js';

const MIB = 1024 * 1024;

function phase(inFlight: number, callsPerSec: number, p50Us: number, cpu?: number): PhaseResult {
  return {
    inFlight,
    calls: 100,
    wallMs: 1,
    callsPerSec,
    p50Us,
    p90Us: p50Us,
    p99Us: p50Us,
    meanUs: p50Us,
    maxUs: p50Us,
    ...(cpu === undefined ? {} : { cpuUsPerCall: cpu }),
  };
}

function row(
  id: string,
  role: 'floor' | 'gatehouse' | 'peer',
  transport: 'stdio' | 'streamable-http' | 'sse',
  phases: PhaseResult[],
  rssMib = 100,
): RowResult {
  return {
    id,
    label: id,
    role,
    transport,
    mode: '',
    status: 'ok',
    protocolVersion: 'x',
    phases,
    rssBytes: rssMib * MIB,
    notifications: 0,
  };
}

function result(rows: RowResult[]): BenchResult {
  return {
    schema: RESULT_SCHEMA_VERSION,
    startedAt: 'a',
    finishedAt: 'b',
    plan: { warmup: 1, calls: 100, windows: [1, 64], quick: false },
    machine: {
      node: '20',
      platform: 'linux',
      arch: 'x64',
      kernel: '6',
      cpuModel: 'c',
      cores: 2,
      totalMemBytes: 1,
    },
    packages: {},
    gatehouseCommit: null,
    network: 'loopback',
    loadAverage: { start: 0, end: 0 },
    rows,
  };
}

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
