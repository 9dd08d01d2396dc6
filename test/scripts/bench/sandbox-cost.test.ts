/**
 * The sandbox's per-call ablation table: each secured Gatehouse row against the same row with its
 * upstream unsandboxed, latency, throughput and the relay stage, and nothing without a pair.
 */
import { describe, expect, it } from 'vitest';

import type { BenchResult, PhaseResult, RowResult } from '../../../scripts/bench/index.js';
import {
  renderReport,
  RESULT_SCHEMA_VERSION,
  SANDBOX_ABLATIONS,
  sandboxCostTable,
} from '../../../scripts/bench/index.js';
import { benchPhase } from './helpers/bench-result.js';

function phase(
  inFlight: number,
  callsPerSec: number,
  p50Us: number,
  relayUs?: number,
): PhaseResult {
  return benchPhase(
    inFlight,
    callsPerSec,
    p50Us,
    relayUs === undefined
      ? {}
      : { stages: [{ stage: 'relay', count: 100, sumSeconds: relayUs / 1e4, meanUs: relayUs }] },
  );
}

function row(id: string, label: string, phases: PhaseResult[]): RowResult {
  return {
    id,
    label,
    role: 'gatehouse',
    transport: 'stdio',
    mode: 'm',
    status: 'ok',
    protocolVersion: '2025-11-25',
    phases,
    rssBytes: null,
    notifications: 0,
  };
}

const result: BenchResult = {
  schema: RESULT_SCHEMA_VERSION,
  startedAt: '2026-11-24T00:00:00.000Z',
  finishedAt: '2026-11-24T00:01:00.000Z',
  plan: { warmup: 1, calls: 100, windows: [1, 8], quick: false },
  machine: {
    node: '20',
    platform: 'linux',
    arch: 'x64',
    kernel: '6',
    cpuModel: 'CPU',
    cores: 2,
    totalMemBytes: 1,
  },
  packages: {},
  gatehouseCommit: null,
  scannerWired: true,
  network: 'loopback',
  loadAverage: { start: 0, end: 0 },
  rows: [
    row('gatehouse-http', 'Gatehouse, HTTP', [phase(1, 500, 1_050, 610), phase(8, 1_000, 4_000)]),
    row('gatehouse-http-unsandboxed', 'Gatehouse, HTTP, unsandboxed', [
      phase(1, 520, 1_000, 600),
      phase(8, 1_000, 4_100),
    ]),
    row('gatehouse-stdio', 'Gatehouse, stdio', [phase(1, 800, 900), phase(8, 3_000, 1_800)]),
  ],
};

describe('sandboxCostTable', () => {
  it('pairs each sandboxed row with its unsandboxed twin', () => {
    expect(SANDBOX_ABLATIONS).toEqual([
      { on: 'direct-stdio-sandboxed', off: 'direct-stdio' },
      { on: 'gatehouse-stdio', off: 'gatehouse-stdio-unsandboxed' },
      { on: 'gatehouse-http', off: 'gatehouse-http-unsandboxed' },
    ]);
  });

  it('is empty when no pair was measured (here the stdio twin is missing too)', () => {
    const rows = result.rows.filter((r) => r.id !== 'gatehouse-http-unsandboxed');
    expect(sandboxCostTable({ ...result, rows })).toEqual([]);
  });

  it('shows latency, throughput and the relay stage with signed differences', () => {
    const text = sandboxCostTable(result).join('\n');
    expect(text).toContain('| row | metric | sandboxed | unsandboxed | difference |');
    expect(text).toContain(
      '| Gatehouse, HTTP | p50 µs at 1 in flight | 1,050 | 1,000 | +50 µs (×1.05) |',
    );
    expect(text).toContain(
      '| Gatehouse, HTTP | p50 µs at 8 in flight | 4,000 | 4,100 | −100 µs (×0.98) |',
    );
    expect(text).toContain(
      '| Gatehouse, HTTP | calls/s at 1 in flight | 500 | 520 | −4 % (×0.96) |',
    );
    expect(text).toContain(
      '| Gatehouse, HTTP | `relay` µs/call at 1 in flight | 610 | 600 | +10.0 µs (×1.02) |',
    );
    // Only the phases both rows timed the relay in.
    expect(text).not.toContain('`relay` µs/call at 8 in flight');
    expect(text).not.toContain('Gatehouse, stdio');
  });

  it('appears in the report, and the unsandboxed twin gets no stage table of its own', () => {
    const report = renderReport(result);
    expect(report).toContain('What the sandbox costs per call');
    expect(report).toContain('Per-call cost of each stage (Gatehouse, HTTP):');
    expect(report).not.toContain('Per-call cost of each stage (Gatehouse, HTTP, unsandboxed):');
    expect(report).toContain('Their upstream runs in the bubblewrap sandbox');
    expect(renderReport({ ...result, schema: 2 })).not.toContain('bubblewrap');
  });
});
