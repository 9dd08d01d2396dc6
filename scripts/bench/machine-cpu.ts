/**
 * @module scripts/bench/machine-cpu
 * Where the machine's CPU goes per call in a phase: the front (gateway or bridge), the load
 * generator (this process), and everything else (the upstream server, the kernel's share of the
 * sockets and pipes, other work), from the machine's busy time in `/proc/stat`. On a saturated
 * machine the rate is the cores divided by the machine's CPU per call, so the table shows what
 * any front could reach at most: the cores divided by what the others need per call.
 */
import { readFileSync } from 'node:fs';

import { int, micros, table } from './markdown-table.js';
import type { BenchResult, PhaseResult, RowResult } from './result-schema.js';

type OkRow = Extract<RowResult, { status: 'ok' }>;

/** `/proc/stat` counts in USER_HZ ticks (100 per second on every Linux ABI in use). */
const USER_HZ = 100;

/** Busy (not idle, not iowait) CPU time of the whole machine so far, in µs; null off Linux. */
export function machineBusyMicros(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal ...
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
    return ((user + nice + system + irq + softirq + steal) * 1_000_000) / USER_HZ;
  } catch {
    return null;
  }
}

/** This process's CPU time so far (user + system), in µs. */
export function ownCpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** A phase's machine and load-generator CPU per call, from readings taken around it. */
export function machineShares(
  before: { machine: number | null; client: number },
  calls: number,
): Pick<PhaseResult, 'clientCpuUsPerCall' | 'machineCpuUsPerCall'> {
  const machine = machineBusyMicros();
  const client = Math.round((ownCpuMicros() - before.client) / calls);
  if (machine === null || before.machine === null) return { clientCpuUsPerCall: client };
  return {
    clientCpuUsPerCall: client,
    machineCpuUsPerCall: Math.round((machine - before.machine) / calls),
  };
}

/** The readings to take right before a phase. */
export function machineReadings(): { machine: number | null; client: number } {
  return { machine: machineBusyMicros(), client: ownCpuMicros() };
}

/**
 * The widest window's split of the machine's CPU per call, for every row that has it, and the
 * rate a front that cost nothing could reach with the same load generator and server.
 */
export function machineTable(result: BenchResult): string[] {
  const widest = Math.max(...result.plan.windows);
  const cores = result.machine.cores;
  const rows = result.rows
    .filter((r): r is OkRow => r.status === 'ok')
    .flatMap((r) => {
      const p = r.phases.find((x) => x.inFlight === widest);
      if (p?.machineCpuUsPerCall === undefined || p.cpuUsPerCall === undefined) return [];
      const client = p.clientCpuUsPerCall ?? 0;
      const rest = Math.max(0, p.machineCpuUsPerCall - p.cpuUsPerCall - client);
      const others = client + rest;
      return [
        [
          r.label,
          int(p.callsPerSec),
          micros(p.machineCpuUsPerCall),
          micros(p.cpuUsPerCall),
          micros(client),
          micros(rest),
          ((p.machineCpuUsPerCall * p.callsPerSec) / 1_000_000).toFixed(2),
          others > 0 ? int(Math.round((cores * 1_000_000) / others)) : '—',
        ],
      ];
    });
  if (rows.length === 0) return [];
  return table(
    [
      `target (${widest} in flight)`,
      'calls/s',
      'machine CPU µs/call',
      'front',
      'load generator',
      'server, kernel, other',
      'cores busy',
      'calls/s with a front costing 0',
    ],
    rows,
  );
}
