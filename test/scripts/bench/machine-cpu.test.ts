/** Where the machine's CPU goes per call: the readings and the table built from them. */
import { describe, expect, it } from 'vitest';

import type { PhaseResult } from '../../../scripts/bench/index.js';
import {
  machineBusyMicros,
  machineShares,
  machineTable,
  ownCpuMicros,
} from '../../../scripts/bench/index.js';
import { benchPhase, benchResult, benchRow } from './helpers/bench-result.js';

function phase(inFlight: number, callsPerSec: number, cpu: Partial<PhaseResult>): PhaseResult {
  return { ...benchPhase(inFlight, callsPerSec, 1, cpu), calls: 1000 };
}

const row = (id: string, phases: PhaseResult[]) => benchRow(id, 'peer', 'sse', phases);
const result = benchResult;

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
