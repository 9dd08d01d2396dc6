/** Where the machine's CPU goes per call: the readings and the table built from them. */
import { describe, expect, it } from 'vitest';

import type { BenchResult, PhaseResult, RowResult } from '../../../scripts/bench/index.js';
import {
  machineBusyMicros,
  machineShares,
  machineTable,
  ownCpuMicros,
  RESULT_SCHEMA_VERSION,
} from '../../../scripts/bench/index.js';

function phase(inFlight: number, callsPerSec: number, cpu: Partial<PhaseResult>): PhaseResult {
  return {
    inFlight,
    calls: 1000,
    wallMs: 1,
    callsPerSec,
    p50Us: 1,
    p90Us: 1,
    p99Us: 1,
    meanUs: 1,
    maxUs: 1,
    ...cpu,
  };
}

function row(id: string, phases: PhaseResult[]): RowResult {
  return {
    id,
    label: id,
    role: 'peer',
    transport: 'sse',
    mode: '',
    status: 'ok',
    protocolVersion: 'x',
    phases,
    rssBytes: 1,
    notifications: 0,
  };
}

function result(rows: RowResult[]): BenchResult {
  return {
    schema: RESULT_SCHEMA_VERSION,
    startedAt: 'a',
    finishedAt: 'b',
    plan: { warmup: 1, calls: 1000, windows: [1, 64], quick: false },
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

describe('machine CPU readings', () => {
  it("counts this process's own work in the machine's busy time and in its own", () => {
    const before = { machine: machineBusyMicros(), client: ownCpuMicros() };
    expect(before.machine).not.toBeNull();
    // Spin until this process has used 200 ms of CPU (20 of /proc/stat's 10 ms ticks).
    let x = 0;
    while (ownCpuMicros() - before.client < 200_000) x += Math.sqrt(x + 1);
    expect(x).toBeGreaterThan(0);
    const shares = machineShares(before, 1);
    expect(shares.clientCpuUsPerCall).toBeGreaterThanOrEqual(200_000);
    // The machine was busy at least while this process was (ticks round down: one tick of slack).
    expect(shares.machineCpuUsPerCall).toBeGreaterThanOrEqual(200_000 - 10_000);
  });
});

describe('machineTable', () => {
  it('splits the widest window per call and says what a front costing nothing could reach', () => {
    const lines = machineTable(
      result([
        row('bridge', [
          phase(1, 500, { cpuUsPerCall: 300, clientCpuUsPerCall: 100, machineCpuUsPerCall: 500 }),
          phase(64, 5000, { cpuUsPerCall: 150, clientCpuUsPerCall: 100, machineCpuUsPerCall: 400 }),
        ]),
        row('old-file', [phase(64, 1000, { cpuUsPerCall: 150 })]),
      ]),
    );
    expect(lines).toHaveLength(3);
    const cells = (lines[2] ?? '').split('|').map((c) => c.trim());
    // label, rate, machine, front, generator, rest (400 - 150 - 100), cores busy, 2 cores / 250 µs
    expect(cells.slice(1, 9)).toEqual([
      'bridge',
      '5,000',
      '400',
      '150',
      '100',
      '150',
      '2.00',
      '8,000',
    ]);
  });

  it('is empty for a run without machine readings', () => {
    expect(machineTable(result([row('old', [phase(64, 1000, { cpuUsPerCall: 1 })])]))).toEqual([]);
  });
});
