import { describe, expect, it } from 'vitest';

import type { BenchResult, PhaseResult } from '../../../scripts/bench/index.js';
import { benchResultSchema, ratio, renderReport } from '../../../scripts/bench/index.js';

function phase(inFlight: number, callsPerSec: number, p50Us: number): PhaseResult {
  return {
    inFlight,
    calls: 100,
    wallMs: 1,
    callsPerSec,
    p50Us,
    p90Us: p50Us,
    p99Us: p50Us * 2,
    meanUs: p50Us,
    maxUs: p50Us * 3,
  };
}

const base = {
  status: 'ok' as const,
  protocolVersion: '2025-11-25',
  rssBytes: 64 * 1024 * 1024,
  notifications: 0,
};

const result: BenchResult = {
  schema: 1,
  startedAt: '2026-11-23T21:00:00.000Z',
  finishedAt: '2026-11-23T21:02:00.000Z',
  plan: { warmup: 10, calls: 100, windows: [1, 8], quick: false },
  machine: {
    node: '20.20.2',
    platform: 'linux',
    arch: 'x64',
    kernel: '6',
    cpuModel: 'CPU',
    cores: 2,
    totalMemBytes: 1,
  },
  packages: { supergateway: '4.0.0' },
  gatehouseCommit: 'abc1234',
  network: 'loopback',
  loadAverage: { start: 0.5, end: 0.7 },
  rows: [
    {
      ...base,
      id: 'floor',
      label: 'Floor',
      role: 'floor',
      transport: 'stdio',
      mode: 'm',
      phases: [phase(1, 1000, 200), phase(8, 4000, 400)],
    },
    {
      ...base,
      id: 'gh',
      label: 'Gatehouse',
      role: 'gatehouse',
      transport: 'stdio',
      mode: 'm',
      phases: [phase(1, 500, 400), phase(8, 2000, 800)],
    },
    {
      ...base,
      id: 'p1',
      label: 'Peer one',
      role: 'peer',
      transport: 'sse',
      mode: 'm',
      phases: [phase(1, 250, 1000), phase(8, 1000, 1600)],
    },
    {
      ...base,
      id: 'p2',
      label: 'Peer two',
      role: 'peer',
      transport: 'sse',
      mode: 'm',
      phases: [phase(1, 200, 800), phase(8, 1500, 2000)],
    },
    {
      id: 'gone',
      label: 'Gone',
      role: 'peer',
      transport: 'sse',
      mode: 'm',
      status: 'unavailable',
      reason: 'exited with code 1',
    },
  ],
};

describe('ratio', () => {
  it('shows a dash when either side is missing or the reference is zero', () => {
    expect(ratio(undefined, 1)).toBe('—');
    expect(ratio(1, undefined)).toBe('—');
    expect(ratio(1, 0)).toBe('—');
  });

  it('uses two decimals below ten and one from ten up', () => {
    expect(ratio(1, 3)).toBe('×0.33');
    expect(ratio(125, 10)).toBe('×12.5');
  });
});

describe('renderReport', () => {
  it('lists an unavailable row with its reason instead of numbers', () => {
    const report = renderReport(result);
    expect(report).toContain('| Gone | m | — | — | — | — | — | — | — |');
    expect(report).toContain('- Gone: exited with code 1');
  });

  it('compares every row with the floor, and Gatehouse with the best peer for each metric', () => {
    const report = renderReport(result);
    expect(report).toContain('| Gatehouse | ×2.00 (+200 µs) | ×0.50 | ×0.50 |');
    // Best p50 at 1 in flight is p2 (800 µs), best calls/s at 1 is p1 (250), at 8 it is p2 (1500).
    expect(report).toContain('| Gatehouse | ×0.50 (p2) | ×2.00 (p1) | ×1.33 (p2) |');
  });

  it('renders a result that passes its own schema', () => {
    expect(benchResultSchema.safeParse(result).success).toBe(true);
  });
});
