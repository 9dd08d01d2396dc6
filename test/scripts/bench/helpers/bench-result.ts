/** Bench results for report tests: a run, its rows and phases, with every field a report reads. */
import type { BenchResult, PhaseResult, RowResult } from '../../../../scripts/bench/index.js';
import { RESULT_SCHEMA_VERSION } from '../../../../scripts/bench/index.js';

const MIB = 1024 * 1024;

/** One phase of `calls` calls whose latencies all equal `p50Us`, plus `extra` (CPU, stages). */
export function benchPhase(
  inFlight: number,
  callsPerSec: number,
  p50Us: number,
  extra: Partial<PhaseResult> = {},
): PhaseResult {
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
    ...extra,
  };
}

/** A row that ran, labelled by its id. */
export function benchRow(
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

/** A run on a 2-core machine at 1 and 64 calls in flight. */
export function benchResult(rows: RowResult[]): BenchResult {
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
