import { describe, expect, it } from 'vitest';

import type { BenchResult, PhaseResult, StageResult } from '../../../scripts/bench/index.js';
import {
  BARE_ROW_ID,
  benchResultSchema,
  ratio,
  renderReport,
  RESULT_SCHEMA_VERSION,
} from '../../../scripts/bench/index.js';
import { benchPhase } from './helpers/bench-result.js';

function phase(inFlight: number, callsPerSec: number, p50Us: number): PhaseResult {
  return benchPhase(inFlight, callsPerSec, p50Us, { p99Us: p50Us * 2, maxUs: p50Us * 3 });
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

  it('holds the rows against the direct floor even when another floor row (the null relay) comes first', () => {
    const [floor] = result.rows;
    if (floor?.status !== 'ok') throw new Error('fixture: floor row first');
    const relay = {
      ...floor,
      id: 'null-relay-stdio',
      label: 'Relay',
      phases: [phase(1, 800, 250), phase(8, 3000, 500)],
    };
    const direct = { ...floor, id: 'direct-stdio' };
    const report = renderReport({ ...result, rows: [relay, direct, ...result.rows.slice(1)] });
    // Against the direct floor (200 µs), not the relay (250 µs).
    expect(report).toContain('| Relay | ×1.25 (+50 µs) | ×0.80 | ×0.75 |');
    expect(report).toContain('| Gatehouse | ×2.00 (+200 µs) | ×0.50 | ×0.50 |');
  });
});

function stage(name: string, meanUs: number, count = 100): StageResult {
  return { stage: name, count, sumSeconds: (meanUs * count) / 1e6, meanUs };
}

/** A version 2 run: the secured HTTP row with stage timings, and its bare ablation. */
const withStages: BenchResult = {
  ...result,
  schema: RESULT_SCHEMA_VERSION,
  scannerWired: true,
  rows: [
    ...result.rows,
    {
      ...base,
      id: 'gatehouse-http',
      label: 'Gatehouse, Streamable HTTP',
      role: 'gatehouse',
      transport: 'streamable-http',
      mode: 'm',
      scanFindings: { high: 0, medium: 1, low: 2 },
      phases: [
        {
          ...phase(1, 400, 1000),
          meanUs: 1000,
          stages: [stage('policy.before', 20), stage('relay', 500), stage('audit', 180, 101)],
        },
        { ...phase(8, 1600, 4000), meanUs: 4000, stages: [stage('relay', 2000)] },
      ],
    },
    {
      ...base,
      id: BARE_ROW_ID,
      label: 'Gatehouse, bare',
      role: 'gatehouse',
      transport: 'streamable-http',
      mode: 'm',
      phases: [phase(1, 500, 800), phase(8, 2000, 3000)],
    },
  ],
};

describe('stage timings', () => {
  it('shows each stage as µs per call and as a share of the mean latency, per phase', () => {
    const report = renderReport(withStages);
    expect(report).toContain('Per-call cost of each stage (Gatehouse, Streamable HTTP):');
    expect(report).toContain('| `policy.before` | 20.0 | 2.0 % | — | — |');
    expect(report).toContain('| `relay` | 500 | 50.0 % | 2,000 | 50.0 % |');
    // 101 observations over 100 calls: the count is shown.
    expect(report).toContain('| `audit` | 180 (n=101) | 18.0 % | — | — |');
    // All stages: 20 + 500 + 180 × 101 / 100 = 701.8 µs per call.
    expect(report).toContain('| all stages | 702 | 70.2 % | 2,000 | 50.0 % |');
    expect(report).toContain('| outside the stages (front, SDK, routing, client) | 298 | 29.8 % |');
    expect(report).not.toContain('Per-call cost of each stage (Gatehouse, bare)');
  });

  it('sets the secured row against the bare one of the same run', () => {
    const report = renderReport(withStages);
    expect(report).toContain('| p50 µs at 1 in flight | 1,000 | 800 | +200 µs (×1.25) |');
    expect(report).toContain('| calls/s at 8 in flight | 1,600 | 2,000 | −20 % (×0.80) |');
  });

  it('says what the Gatehouse rows ran with, but not for version 1 files', () => {
    expect(renderReport(withStages)).toContain('definition pins, the definition scanner');
    expect(renderReport(withStages)).toContain(
      'Scan findings on the catalog of the Streamable HTTP row: high 0, medium 1, low 2.',
    );
    expect(renderReport({ ...withStages, scannerWired: false })).toContain(
      'no definition scanner (not yet wired',
    );
    expect(renderReport(result)).not.toContain('definition pins');
  });

  it('validates with its schema, as version 1, 2 and 3 files still do', () => {
    expect(benchResultSchema.safeParse(withStages).success).toBe(true);
    expect(benchResultSchema.safeParse({ ...result, schema: 1 }).success).toBe(true);
    expect(benchResultSchema.safeParse({ ...result, schema: 2 }).success).toBe(true);
    expect(benchResultSchema.safeParse({ ...result, schema: 3 }).success).toBe(true);
    expect(benchResultSchema.safeParse({ ...result, schema: 5 }).success).toBe(false);
  });

  it('renders the start benchmark when the run has one, and validates it', () => {
    const startup = {
      server: 'srv',
      starts: 3,
      warmup: 1,
      targetAddedMs: 30,
      measures: [
        {
          id: 'bare',
          label: 'unsandboxed',
          detail: 'd',
          group: 'start' as const,
          status: 'unavailable' as const,
          reason: 'r',
        },
      ],
      once: [],
    };
    const withStartup = { ...withStages, startup };
    expect(benchResultSchema.safeParse(withStartup).success).toBe(true);
    expect(renderReport(withStartup)).toContain('Sandboxed start: srv, 3 timed starts');
    expect(renderReport(withStages)).not.toContain('Sandboxed start');
    const broken = { ...withStartup, startup: { ...startup, starts: 0 } };
    expect(benchResultSchema.safeParse(broken).success).toBe(false);
  });
});
