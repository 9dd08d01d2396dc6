/**
 * @module scripts/bench/targets-report
 * Holds a run against the performance targets (issue 7) and says, for each, whether it is met and
 * by how much it is missed:
 *
 * - Gatehouse over HTTP, every check on, at 64 calls in flight: median latency at most half the
 *   best peer's median, and at least twice the best peer's rate (the best Gatehouse HTTP row of the
 *   run is judged: one process or a pool, session-era or 2026-07-28);
 * - Gatehouse over stdio, one call at a time: median within 0.1 ms of the direct stdio floor;
 * - the gateway with ten upstream servers: RSS at most 150 MiB.
 *
 * Also the front's CPU time per call, which, unlike latency, hardly moves with other work on the
 * machine.
 */
import { int, micros, table } from './markdown-table.js';
import type { BenchResult, PhaseResult, RowResult } from './result-schema.js';
import { TEN_UPSTREAMS_ROW_ID } from './targets.js';

type OkRow = Extract<RowResult, { status: 'ok' }>;

const MIB = 1024 * 1024;

/** The window the HTTP targets are judged at. */
export const LOADED_WINDOW = 64;
/** The most a stdio call may add to the floor's median, µs. */
export const STDIO_ADDED_US = 100;
/** The most RSS the gateway with ten upstreams may hold, MiB. */
export const RSS_LIMIT_MIB = 150;

/** One target's verdict. */
export interface TargetVerdict {
  readonly target: string;
  readonly measured: string;
  readonly goal: string;
  readonly met: boolean | undefined;
  /** How far off, in words ("" when met). */
  readonly gap: string;
}

function okRows(result: BenchResult): OkRow[] {
  return result.rows.filter((r): r is OkRow => r.status === 'ok');
}

function phase(row: OkRow, inFlight: number): PhaseResult | undefined {
  return row.phases.find((p) => p.inFlight === inFlight);
}

function best<T>(items: readonly T[], value: (t: T) => number | undefined, lower: boolean) {
  let found: { item: T; value: number } | undefined;
  for (const item of items) {
    const v = value(item);
    if (v === undefined) continue;
    if (!found || (lower ? v < found.value : v > found.value)) found = { item, value: v };
  }
  return found;
}

/** Gatehouse HTTP rows with every check on (not the ablations). */
function securedHttpRows(rows: readonly OkRow[]): OkRow[] {
  return rows.filter(
    (r) =>
      r.role === 'gatehouse' &&
      r.transport === 'streamable-http' &&
      !/unsandboxed|bare|10/.test(r.id),
  );
}

/** The verdicts of one run (targets whose rows were not measured are left out). */
export function targetVerdicts(result: BenchResult): TargetVerdict[] {
  const rows = okRows(result);
  const peers = rows.filter((r) => r.role === 'peer');
  const out: TargetVerdict[] = [];
  const http = securedHttpRows(rows);
  const peerP50 = best(peers, (r) => phase(r, LOADED_WINDOW)?.p50Us, true);
  const peerRate = best(peers, (r) => phase(r, LOADED_WINDOW)?.callsPerSec, false);
  const ownP50 = best(http, (r) => phase(r, LOADED_WINDOW)?.p50Us, true);
  const ownRate = best(http, (r) => phase(r, LOADED_WINDOW)?.callsPerSec, false);
  if (peerP50 && ownP50) {
    const goal = peerP50.value / 2;
    out.push({
      target: `HTTP p50 at ${LOADED_WINDOW} in flight ≤ ½ best peer`,
      measured: `${int(ownP50.value)} µs (${ownP50.item.label})`,
      goal: `≤ ${int(goal)} µs (½ of ${int(peerP50.value)}, ${peerP50.item.label})`,
      met: ownP50.value <= goal,
      gap: ownP50.value <= goal ? '' : `×${(ownP50.value / goal).toFixed(2)} over`,
    });
  }
  if (peerRate && ownRate) {
    const goal = peerRate.value * 2;
    out.push({
      target: `HTTP calls/s at ${LOADED_WINDOW} in flight ≥ 2 × best peer`,
      measured: `${int(ownRate.value)} (${ownRate.item.label})`,
      goal: `≥ ${int(goal)} (2 × ${int(peerRate.value)}, ${peerRate.item.label})`,
      met: ownRate.value >= goal,
      gap: ownRate.value >= goal ? '' : `×${(ownRate.value / goal).toFixed(2)} of it`,
    });
  }
  const floor = rows.find((r) => r.id === 'direct-stdio');
  const stdio = rows.find((r) => r.id === 'gatehouse-stdio');
  const sequential = result.plan.windows[0] ?? 1;
  const floorP50 = floor ? phase(floor, sequential)?.p50Us : undefined;
  const stdioP50 = stdio ? phase(stdio, sequential)?.p50Us : undefined;
  if (floorP50 !== undefined && stdioP50 !== undefined) {
    const added = stdioP50 - floorP50;
    out.push({
      target: `stdio p50 at ${sequential} in flight ≤ floor + ${STDIO_ADDED_US} µs`,
      measured: `${int(stdioP50)} µs (floor ${int(floorP50)} µs: +${int(added)} µs)`,
      goal: `≤ ${int(floorP50 + STDIO_ADDED_US)} µs`,
      met: added <= STDIO_ADDED_US,
      gap: added <= STDIO_ADDED_US ? '' : `+${int(added - STDIO_ADDED_US)} µs over`,
    });
  }
  const ten = rows.find((r) => r.id === TEN_UPSTREAMS_ROW_ID);
  if (ten && ten.rssBytes !== null) {
    const mib = ten.rssBytes / MIB;
    out.push({
      target: `RSS with 10 upstreams ≤ ${RSS_LIMIT_MIB} MiB`,
      measured: `${mib.toFixed(0)} MiB (gateway process, after the run${
        ten.rssStartBytes === null || ten.rssStartBytes === undefined
          ? ''
          : `; ${(ten.rssStartBytes / MIB).toFixed(0)} MiB started, before any call`
      }${
        ten.processMemory === undefined
          ? ''
          : `; V8 heap ${(ten.processMemory.heapUsedBytes / MIB).toFixed(0)} MiB in use of ${(
              ten.processMemory.heapTotalBytes / MIB
            ).toFixed(0)} reserved`
      })`,
      goal: `≤ ${RSS_LIMIT_MIB} MiB`,
      met: mib <= RSS_LIMIT_MIB,
      gap: mib <= RSS_LIMIT_MIB ? '' : `+${(mib - RSS_LIMIT_MIB).toFixed(0)} MiB over`,
    });
  }
  return out;
}

/** The targets as a markdown table. */
export function targetsTable(result: BenchResult): string[] {
  const verdicts = targetVerdicts(result);
  if (verdicts.length === 0) return [];
  return table(
    ['target', 'measured', 'goal', 'met', 'missed by'],
    verdicts.map((v) => [
      v.target,
      v.measured,
      v.goal,
      v.met === undefined ? '—' : v.met ? 'yes' : 'no',
      v.gap || '—',
    ]),
  );
}

/** CPU time of the front per call, per window (rows that recorded it). */
export function cpuTable(result: BenchResult): string[] {
  const rows = okRows(result).filter((r) => r.phases.some((p) => p.cpuUsPerCall !== undefined));
  if (rows.length === 0) return [];
  const windows = result.plan.windows;
  return table(
    ['target', ...windows.map((w) => `${w} in flight: CPU µs/call`)],
    rows.map((r) => [
      r.label,
      ...windows.map((w) => {
        const cpu = phase(r, w)?.cpuUsPerCall;
        return cpu === undefined ? '—' : micros(cpu);
      }),
    ]),
  );
}
