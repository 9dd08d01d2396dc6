/**
 * @module scripts/bench/report
 * Renders a run as markdown: the measurements, each row against the direct-stdio floor, and each
 * Gatehouse row against the best peer of the same run.
 */
import { ablationRows } from './ablation.js';
import { machineTable } from './machine-cpu.js';
import { int, micros, ratio, share, table } from './markdown-table.js';
import type { BenchResult, PhaseResult, RowResult } from './result-schema.js';
import { sandboxCostTable } from './sandbox-cost.js';
import { startupReport } from './startup-report.js';
import { BARE_ROW_ID, SANDBOX_ABLATIONS } from './targets.js';
import { cpuTable, targetsTable } from './targets-report.js';

type OkRow = Extract<RowResult, { status: 'ok' }>;

const MIB = 1024 * 1024;

function phase(row: OkRow, inFlight: number): PhaseResult | undefined {
  return row.phases.find((p) => p.inFlight === inFlight);
}

function okRows(result: BenchResult): OkRow[] {
  return result.rows.filter((r): r is OkRow => r.status === 'ok');
}

function measurementTable(result: BenchResult): string[] {
  const windows = result.plan.windows;
  const header = ['target', 'mode'];
  for (const w of windows) header.push(`${w} in flight: calls/s`, 'p50 µs', 'p99 µs');
  header.push('RSS MiB');
  const rows = result.rows.map((row) => {
    const cells = [row.label, row.mode];
    if (row.status !== 'ok') {
      for (const _ of windows) cells.push('—', '—', '—');
      cells.push('—');
      return cells;
    }
    for (const w of windows) {
      const p = phase(row, w);
      cells.push(int(p?.callsPerSec), int(p?.p50Us), int(p?.p99Us));
    }
    cells.push(row.rssBytes === null ? '—' : (row.rssBytes / MIB).toFixed(0));
    return cells;
  });
  return table(header, rows, 2);
}

function floorTable(result: BenchResult, floor: OkRow): string[] {
  const windows = result.plan.windows;
  const sequential = windows[0] ?? 1;
  const header = ['target', `p50 at ${sequential} in flight vs floor`];
  for (const w of windows) header.push(`calls/s at ${w} vs floor`);
  const rows = okRows(result)
    .filter((row) => row !== floor)
    .map((row) => {
      const p50 = phase(row, sequential)?.p50Us;
      const floorP50 = phase(floor, sequential)?.p50Us;
      const extra =
        p50 !== undefined && floorP50 !== undefined ? ` (+${int(p50 - floorP50)} µs)` : '';
      const cells = [row.label, `${ratio(p50, floorP50)}${extra}`];
      for (const w of windows)
        cells.push(ratio(phase(row, w)?.callsPerSec, phase(floor, w)?.callsPerSec));
      return cells;
    });
  return table(header, rows);
}

/** The best peer value of a metric, and which peer row has it. */
function bestPeer(
  peers: readonly OkRow[],
  pick: (row: OkRow) => number | undefined,
  lowerIsBetter: boolean,
): { value: number; id: string } | undefined {
  let best: { value: number; id: string } | undefined;
  for (const row of peers) {
    const value = pick(row);
    if (value === undefined) continue;
    if (!best || (lowerIsBetter ? value < best.value : value > best.value))
      best = { value, id: row.id };
  }
  return best;
}

function peerTable(result: BenchResult): string[] {
  const rows = okRows(result);
  const peers = rows.filter((r) => r.role === 'peer');
  const gatehouse = rows.filter((r) => r.role === 'gatehouse');
  if (peers.length === 0 || gatehouse.length === 0) return [];
  const windows = result.plan.windows;
  const sequential = windows[0] ?? 1;
  const metrics: { name: string; pick: (row: OkRow) => number | undefined; lower: boolean }[] = [
    {
      name: `p50 at ${sequential} in flight`,
      pick: (r) => phase(r, sequential)?.p50Us,
      lower: true,
    },
    ...windows.map((w) => ({
      name: `calls/s at ${w}`,
      pick: (r: OkRow) => phase(r, w)?.callsPerSec,
      lower: false,
    })),
  ];
  const best = metrics.map((m) => bestPeer(peers, m.pick, m.lower));
  const header = ['Gatehouse row', ...metrics.map((m) => `${m.name} vs best peer`)];
  const body = gatehouse.map((row) => [
    row.label,
    ...metrics.map((m, i) => {
      const b = best[i];
      return b === undefined ? '—' : `${ratio(m.pick(row), b.value)} (${b.id})`;
    }),
  ]);
  return table(header, body);
}

/**
 * Per-call wall time of each pipeline stage of one row, per phase, against the row's mean
 * latency in that phase (as the client measured it); what is left is outside the stages.
 */
export function stageTable(row: OkRow): string[] {
  const phases = row.phases.filter((p) => p.stages !== undefined && p.stages.length > 0);
  if (phases.length === 0) return [];
  const names: string[] = [];
  for (const p of phases)
    for (const s of p.stages ?? []) if (!names.includes(s.stage)) names.push(s.stage);
  const header = ['stage'];
  for (const p of phases) header.push(`${p.inFlight} in flight: µs/call`, 'share of mean');
  const body = names.map((name) => {
    const cells = [`\`${name}\``];
    for (const p of phases) {
      const s = p.stages?.find((x) => x.stage === name);
      if (s === undefined) {
        cells.push('—', '—');
        continue;
      }
      // Mean per observation; an observation count other than one per call is shown.
      const n = s.count === p.calls ? '' : ` (n=${int(s.count)})`;
      cells.push(`${micros(s.meanUs)}${n}`, share(s.meanUs, p.meanUs));
    }
    return cells;
  });
  const inStages = (p: PhaseResult): number =>
    (p.stages ?? []).reduce((sum, s) => sum + (s.sumSeconds * 1e6) / p.calls, 0);
  const all = ['all stages'];
  const rest = ['outside the stages (front, SDK, routing, client)'];
  const mean = ['mean latency (client)'];
  for (const p of phases) {
    const staged = inStages(p);
    all.push(micros(staged), share(staged, p.meanUs));
    rest.push(
      micros(Math.max(0, p.meanUs - staged)),
      share(Math.max(0, p.meanUs - staged), p.meanUs),
    );
    mean.push(micros(p.meanUs), '100 %');
  }
  return table(header, [...body, all, rest, mean]);
}

/** The secured Gatehouse HTTP row against the same row with the security stages off. */
export function securityCostTable(result: BenchResult): string[] {
  const rows = okRows(result);
  const secured = rows.find((r) => r.id === 'gatehouse-http');
  const bare = rows.find((r) => r.id === BARE_ROW_ID);
  if (!secured || !bare) return [];
  const body = ablationRows(secured, bare, result.plan.windows);
  if (body.length === 0) return [];
  return table(['metric', 'all stages on', 'pins, policy, audit off', 'difference'], body);
}

/** What the secured Gatehouse rows ran with (version 2 results on). */
function setupSentence(result: BenchResult): string | undefined {
  if (result.schema < 2) return undefined;
  const scanner =
    result.scannerWired === true
      ? 'the definition scanner (as `gatehouse run` wires it)'
      : result.scannerWired === false
        ? 'no definition scanner (not yet wired into `gatehouse run` in this build)'
        : 'the definition scanner if `gatehouse run` wires it (not recorded)';
  const findings = okRows(result).find((r) => r.id === 'gatehouse-http')?.scanFindings;
  const counted =
    findings === undefined
      ? ''
      : ` Scan findings on the catalog of the Streamable HTTP row: ${Object.entries(findings)
          .map(([severity, n]) => `${severity} ${n}`)
          .join(', ')}.`;
  // Version 3 on: the gateway starts every stdio upstream in its sandbox unless told not to.
  const sandboxed =
    result.schema >= 3
      ? ' Their upstream runs in the bubblewrap sandbox with the default policy (nothing granted ' +
        "beyond the server's own files, no network) unless the row says `sandbox: false`; the " +
        'peers and the floor run it unsandboxed.'
      : '';
  return (
    'Gatehouse rows run with every security stage on unless marked otherwise: definition pins, ' +
    `${scanner}, a default-deny policy (a deny rule, and an allow rule for \`echo\` with a path ` +
    'constraint on its argument and a rate limit) and the audit log, each row with a fresh state ' +
    `directory (\`GATEHOUSE_STATE_DIR\`).${counted}${sandboxed}`
  );
}

/** The whole report as markdown (also what goes between the README markers). */
export function renderReport(result: BenchResult): string {
  const m = result.machine;
  const lines: string[] = [
    `Measured ${result.startedAt} on ${m.cpuModel} (${m.cores} cores), Node ${m.node}, ${m.platform}/${m.arch}; ` +
      `${result.plan.calls} calls per phase after ${result.plan.warmup} warm-up calls` +
      `${result.plan.quick ? ' (quick run)' : ''}; ${result.network}; ` +
      `1-minute load average ${result.loadAverage.start} at the start, ${result.loadAverage.end} at the end. ` +
      `Upstream for every row: server-everything over stdio, tool \`echo\`. Versions: ${Object.entries(
        result.packages,
      )
        .map(([name, version]) => `${name} ${version}`)
        .join(', ')}.`,
    '',
  ];
  const setup = setupSentence(result);
  if (setup !== undefined) lines.push(setup, '');
  lines.push(...measurementTable(result));
  // The direct floor when it ran; another floor row (the null relay) only when it did not.
  const floors = okRows(result).filter((r) => r.role === 'floor');
  const floor = floors.find((r) => r.id === 'direct-stdio') ?? floors[0];
  if (floor) {
    lines.push(
      '',
      'Against the floor (latency ratio: lower is better; throughput ratio: higher is better):',
      '',
    );
    lines.push(...floorTable(result, floor));
  }
  pushSection(
    lines,
    "CPU time of the front per call (user + system, from `/proc`; the gateway's worker processes included, its upstream servers not; the server itself for the floor). It hardly moves with other load on the machine, unlike latency:",
    cpuTable(result),
  );
  pushSection(
    lines,
    "Where the machine's CPU goes per call at the widest window (busy time of every core from `/proc/stat`; the load generator is the bench process; the rest is the upstream server, the kernel's share of the sockets and pipes, and any other work). A saturated machine's rate is its cores divided by the machine's CPU per call, so the last column is the most any front could reach with this load generator and server:",
    machineTable(result),
  );
  pushSection(
    lines,
    'Gatehouse against the best peer row for each metric (same reading):',
    peerTable(result),
  );
  pushSection(
    lines,
    'The performance targets (issue 7), in this run; the HTTP targets judge the best Gatehouse HTTP row with every check on against the best peer:',
    targetsTable(result),
  );
  pushSection(
    lines,
    'What the security stages cost together: the Streamable HTTP row against the same row with pins, policy and audit off (same run):',
    securityCostTable(result),
  );
  pushSection(
    lines,
    'What the sandbox costs per call: each row whose server runs sandboxed against the same row with it unsandboxed (the plain floor; `sandbox: false` for Gatehouse; same run):',
    sandboxCostTable(result),
  );
  if (result.startup !== undefined) lines.push('', ...startupReport(result.startup));
  // The unsandboxed rows' stages are in the sandbox table above (the relay is where it shows).
  const ablations = new Set(SANDBOX_ABLATIONS.map((pair) => pair.off));
  for (const row of okRows(result)) {
    if (ablations.has(row.id)) continue;
    const stages = stageTable(row);
    if (stages.length === 0) continue;
    lines.push('', `Per-call cost of each stage (${row.label}):`, '', ...stages);
  }
  const withStages = okRows(result).some((r) => r.phases.some((p) => p.stages !== undefined));
  const missing = result.rows.filter((r) => r.status === 'unavailable');
  if (missing.length > 0) {
    lines.push('', 'Not measured:');
    for (const row of missing)
      if (row.status === 'unavailable') lines.push(`- ${row.label}: ${row.reason}`);
  }
  lines.push(
    '',
    'RSS is the gateway or bridge process after the run (with its worker processes for a pool; the server itself for the floor), without its upstream children.',
  );
  if (withStages) {
    lines.push(
      "Stage times are wall time per call from the gateway's `gatehouse_stage_seconds` histogram, " +
        'scraped from `/metrics` before and after each phase; `relay` includes the upstream ' +
        'server, and under load every stage includes waiting (the audit log commits in groups).',
    );
  }
  return lines.join('\n');
}

/** Adds a table under its introduction, when it has rows. */
function pushSection(lines: string[], intro: string, table: readonly string[]): void {
  if (table.length > 0) lines.push('', intro, '', ...table);
}
