/**
 * @module scripts/bench/sandbox-cost
 * What the stdio sandbox costs per call: each row whose server runs sandboxed against the same row
 * with it unsandboxed (the floor with and without the sandbox; each secured Gatehouse row and the
 * same row with `sandbox: false`), from the same run. Once started, a sandboxed upstream talks
 * over the same pipes; what is left is bwrap's extra processes and the seccomp filter on every
 * system call the server makes.
 */
import type { OkRowResult } from './ablation.js';
import { ablationRows } from './ablation.js';
import { table } from './markdown-table.js';
import type { BenchResult } from './result-schema.js';
import { SANDBOX_ABLATIONS } from './targets.js';

/** The table, or nothing when no pair of rows was measured. */
export function sandboxCostTable(result: BenchResult): string[] {
  const rows = result.rows.filter((r): r is OkRowResult => r.status === 'ok');
  const body: string[][] = [];
  for (const pair of SANDBOX_ABLATIONS) {
    const on = rows.find((r) => r.id === pair.on);
    const off = rows.find((r) => r.id === pair.off);
    if (!on || !off) continue;
    // The relay stage holds the upstream's share of a call: where a sandbox cost would show.
    for (const cells of ablationRows(on, off, result.plan.windows, ['relay']))
      body.push([on.label, ...cells]);
  }
  if (body.length === 0) return [];
  return table(['row', 'metric', 'sandboxed', 'unsandboxed', 'difference'], body, 2);
}
