/**
 * @module scripts/bench/ablation
 * One row set against the same row with something turned off (the security stages, the sandbox):
 * p50 latency and throughput per window, and optionally the per-call time of named stages.
 */
import { int, micros, ratio, sign } from './markdown-table.js';
import type { PhaseResult, RowResult } from './result-schema.js';

/** A measured row. */
export type OkRowResult = Extract<RowResult, { status: 'ok' }>;

function phase(row: OkRowResult, inFlight: number): PhaseResult | undefined {
  return row.phases.find((p) => p.inFlight === inFlight);
}

/**
 * `[metric, on, off, difference]` cells: p50 µs at each window, calls/s at each window, then for
 * each of `stages` that both rows timed, its µs per call at each window. Windows one of the rows
 * lacks are left out.
 */
export function ablationRows(
  on: OkRowResult,
  off: OkRowResult,
  windows: readonly number[],
  stages: readonly string[] = [],
): string[][] {
  const body: string[][] = [];
  for (const w of windows) {
    const a = phase(on, w);
    const b = phase(off, w);
    if (!a || !b) continue;
    const dp = a.p50Us - b.p50Us;
    body.push([
      `p50 µs at ${w} in flight`,
      int(a.p50Us),
      int(b.p50Us),
      `${sign(dp)}${int(Math.abs(dp))} µs (${ratio(a.p50Us, b.p50Us)})`,
    ]);
  }
  for (const w of windows) {
    const a = phase(on, w);
    const b = phase(off, w);
    if (!a || !b) continue;
    const change = b.callsPerSec > 0 ? (a.callsPerSec / b.callsPerSec - 1) * 100 : 0;
    body.push([
      `calls/s at ${w} in flight`,
      int(a.callsPerSec),
      int(b.callsPerSec),
      `${sign(change)}${Math.abs(change).toFixed(0)} % (${ratio(a.callsPerSec, b.callsPerSec)})`,
    ]);
  }
  for (const name of stages) {
    for (const w of windows) {
      const a = phase(on, w)?.stages?.find((s) => s.stage === name);
      const b = phase(off, w)?.stages?.find((s) => s.stage === name);
      if (!a || !b) continue;
      const d = a.meanUs - b.meanUs;
      body.push([
        `\`${name}\` µs/call at ${w} in flight`,
        micros(a.meanUs),
        micros(b.meanUs),
        `${sign(d)}${micros(Math.abs(d))} µs (${ratio(a.meanUs, b.meanUs)})`,
      ]);
    }
  }
  return body;
}
