/**
 * @module scripts/eval/report
 * The evaluation as text for the terminal and as Markdown for the README.
 */
import type { Score } from './score.js';
import type { Throughput, WorstCase } from './throughput.js';

export const RECALL_TARGET = 0.95;
export const THROUGHPUT_TARGET = 20_000;

export interface EvalResult {
  readonly schemaVersion: 1;
  readonly measuredAt: string;
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly node: string;
    readonly platform: string;
    /** 1-minute load average at the start and at the end of the run. */
    readonly load: readonly [number, number];
  };
  readonly datasetDir: string;
  readonly servers: Readonly<Record<string, string>>;
  readonly score: Score;
  readonly throughput: { readonly corpus: Throughput; readonly realServers: Throughput };
  readonly worstCase: WorstCase;
  readonly targets: {
    readonly recallHigh: { readonly target: number; readonly value: number; readonly met: boolean };
    readonly benignHigh: { readonly target: 0; readonly value: number; readonly met: boolean };
    readonly throughput: { readonly target: number; readonly value: number; readonly met: boolean };
  };
}

const pct = (n: number, d: number): string => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`);
const num = (n: number): string => n.toLocaleString('en-US');

/** Plain text for the terminal: every number, every miss and every false positive. */
export function renderText(r: EvalResult): string {
  const s = r.score;
  const lines: string[] = [];
  lines.push(`Scanner evaluation (${r.measuredAt}) on ${r.datasetDir}`);
  lines.push('');
  lines.push('Recall per attack type (poisoned definitions flagged high / medium or above):');
  for (const t of s.recall) {
    lines.push(
      `  ${t.attackType.padEnd(50)} ${String(t.high).padStart(4)}/${String(t.total).padEnd(4)} high ${pct(t.high, t.total).padStart(8)}   ≥ medium ${pct(t.mediumOrAbove, t.total).padStart(8)}   [${t.sources.join(', ')}]`,
    );
  }
  lines.push(
    `  ${'overall'.padEnd(50)} ${String(s.overall.high).padStart(4)}/${String(s.overall.total).padEnd(4)} high ${pct(s.overall.high, s.overall.total).padStart(8)}   ≥ medium ${pct(s.overall.mediumOrAbove, s.overall.total).padStart(8)}`,
  );
  const missed = s.recall.flatMap((t) => t.missed);
  if (missed.length > 0) {
    lines.push('', 'Poisoned definitions not flagged high:');
    for (const m of missed) lines.push(`  [${m.verdict}] ${m.id}`);
  }
  lines.push('');
  const v = s.benign.verdicts;
  lines.push(
    `Benign definitions: ${s.benign.total} (${Object.entries(s.benign.bySource)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}): clean ${v.clean}, low ${v.low}, medium ${v.medium}, high ${v.high}`,
  );
  if (s.benign.falsePositives.length > 0) {
    lines.push('False positives (every benign definition with a finding):');
    for (const fp of s.benign.falsePositives) {
      lines.push(`  [${fp.verdict}] ${fp.id}`);
      for (const f of fp.findings)
        lines.push(
          `      ${f.severity} ${f.ruleId} ${f.pointer || '/'}: ${f.message} — ${f.evidence}`,
        );
    }
  }
  lines.push('', 'Out of scope (the attack is not in the definition text; not scored):');
  for (const o of s.outOfScope) {
    const w = o.verdicts;
    lines.push(
      `  ${o.attackType.padEnd(30)} ${o.total}: clean ${w.clean}, low ${w.low}, medium ${w.medium}, high ${w.high}`,
    );
  }
  lines.push('');
  lines.push(
    `Throughput (cache off, median of ${r.throughput.corpus.rounds} rounds): ${num(r.throughput.corpus.perSecond)} definitions/s over the corpus (${r.throughput.corpus.definitions} definitions); ${num(r.throughput.realServers.perSecond)}/s over the real servers' definitions (${r.throughput.realServers.definitions})`,
  );
  lines.push(
    `Worst case: ${r.worstCase.inputs} adversarial 1 MiB descriptions, slowest ${r.worstCase.maxMs} ms (${r.worstCase.slowest})`,
  );
  lines.push('');
  const t = r.targets;
  lines.push(
    `Targets: recall high ≥ 95 %: ${pct(s.overall.high, s.overall.total)} ${t.recallHigh.met ? 'met' : 'NOT MET'}`,
  );
  lines.push(
    `         no benign definition high: ${t.benignHigh.value} high ${t.benignHigh.met ? 'met' : 'NOT MET'}`,
  );
  lines.push(
    `         ≥ ${num(THROUGHPUT_TARGET)} definitions/s: ${num(t.throughput.value)} ${t.throughput.met ? 'met' : 'not met (machine-dependent, not gating)'}`,
  );
  return lines.join('\n');
}

/** The README section: numbers and the false-positive list. */
export function renderMarkdown(r: EvalResult): string {
  const s = r.score;
  const lines: string[] = [];
  lines.push(
    `Measured ${r.measuredAt} on ${r.machine.cpu} (${r.machine.cores} cores), Node ${r.machine.node}, ${r.machine.platform}, 1-minute load average ${r.machine.load[0]} at the start, ${r.machine.load[1]} at the end. Data sets: \`../shared/datasets/mcp-security\` (MSB, MCPSecBench, SAFE-MCP, mcp-scan fixtures; read in place). Real servers: ${Object.entries(
      r.servers,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
  );
  lines.push('');
  lines.push('| attack type | sources | poisoned | high | ≥ medium |');
  lines.push('| --- | --- | ---: | ---: | ---: |');
  for (const t of s.recall) {
    lines.push(
      `| ${t.attackType} | ${t.sources.join(', ')} | ${t.total} | ${pct(t.high, t.total)} | ${pct(t.mediumOrAbove, t.total)} |`,
    );
  }
  lines.push(
    `| **overall** | | **${s.overall.total}** | **${pct(s.overall.high, s.overall.total)}** | **${pct(s.overall.mediumOrAbove, s.overall.total)}** |`,
  );
  lines.push('');
  const v = s.benign.verdicts;
  lines.push(
    `Benign definitions: ${s.benign.total} (${Object.entries(s.benign.bySource)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ')}): ${v.clean} clean, ${v.low} low, ${v.medium} medium, **${v.high} high**.`,
  );
  if (s.benign.falsePositives.length > 0) {
    lines.push('');
    lines.push('| benign definition | verdict | findings |');
    lines.push('| --- | --- | --- |');
    for (const fp of s.benign.falsePositives) {
      const findings = fp.findings
        .map((f) => `${f.severity} \`${f.ruleId}\`: ${f.message}`)
        .join('; ');
      lines.push(`| \`${fp.id}\` | ${fp.verdict} | ${findings.replace(/\|/g, '\\|')} |`);
    }
  }
  lines.push('');
  lines.push(
    `Throughput, cache off: **${num(r.throughput.corpus.perSecond)} definitions/s** over the ${r.throughput.corpus.definitions} corpus definitions (median of ${r.throughput.corpus.rounds} rounds), ${num(r.throughput.realServers.perSecond)}/s over the real servers' ${r.throughput.realServers.definitions}. Worst of ${r.worstCase.inputs} adversarial 1 MiB descriptions: ${r.worstCase.maxMs} ms. Not high: ${
      s.recall
        .flatMap((t) => t.missed)
        .map((m) => `\`${m.id}\` (${m.verdict})`)
        .join(', ') || 'none'
    }.`,
  );
  return lines.join('\n');
}
