/**
 * @module scripts/eval/run
 * `npm run eval`: the definition scanner against public MCP attack data sets and real servers.
 * Loads the poisoned and benign definitions of the data sets (read in place), lists the
 * definitions of the real npm servers installed as dependencies, scans everything, and reports
 * recall per attack type, every false positive, throughput and the worst-case time. Writes
 * eval/results/latest.json and the README section between the eval markers. Exit 1 if a benign
 * definition is high or fewer than 95 % of poisoned definitions are high. See docs/scanner.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { scanDefinition } from '../../src/operation/scanner/index.js';
import { findRoot } from '../bench/root.js';
import type { LabelledItem } from './corpus.js';
import { loadMcpScan } from './datasets/mcp-scan.js';
import { loadMcpSecBench } from './datasets/mcpsecbench.js';
import { loadMsb } from './datasets/msb.js';
import { loadSafeMcp } from './datasets/safe-mcp.js';
import { formatJson, formatMarkdown } from './format.js';
import { parseOptions } from './options.js';
import { replaceEvalSection } from './readme-section.js';
import { loadRealServers } from './real-servers.js';
import type { EvalResult } from './report.js';
import { RECALL_TARGET, renderMarkdown, renderText, THROUGHPUT_TARGET } from './report.js';
import { score } from './score.js';
import { measureThroughput, measureWorstCase } from './throughput.js';

function log(text: string): void {
  console.error(`[eval] ${text}`);
}

/** Drops repeated definitions (same kind and content), keeping the first of each. */
function unique(items: readonly LabelledItem[]): LabelledItem[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${i.label}\u0000${i.item.kind}\u0000${JSON.stringify(i.item.definition)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function main(): Promise<number> {
  const loadAtStart = Number((os.loadavg()[0] ?? 0).toFixed(2));
  const root = findRoot();
  const options = parseOptions(process.argv.slice(2), root);
  if ('error' in options) {
    console.error(options.error);
    return 2;
  }
  if (!existsSync(options.datasetDir)) {
    console.error(`data sets not found: ${options.datasetDir}`);
    return 2;
  }
  log(`data sets: ${options.datasetDir}`);
  const datasets = [
    ...loadMsb(options.datasetDir),
    ...loadMcpSecBench(options.datasetDir),
    ...loadSafeMcp(options.datasetDir),
    ...loadMcpScan(options.datasetDir),
  ];
  log('listing the real servers');
  const real = await loadRealServers(root);
  const corpus = unique([...datasets, ...real.items]);
  log(`scanning ${corpus.length} definitions`);
  const scored = corpus.map((entry) => ({ ...entry, result: scanDefinition(entry.item) }));
  const s = score(scored);
  log('measuring throughput');
  const throughput = {
    corpus: measureThroughput(corpus.map((c) => c.item)),
    realServers: measureThroughput(real.items.map((c) => c.item)),
  };
  const worstCase = measureWorstCase();
  const recall = s.overall.total === 0 ? 0 : s.overall.high / s.overall.total;
  const benignHigh = s.benign.verdicts.high;
  const result: EvalResult = {
    schemaVersion: 1,
    measuredAt: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
      cores: os.cpus().length,
      node: process.versions.node,
      platform: `${process.platform}/${process.arch}`,
      load: [loadAtStart, Number((os.loadavg()[0] ?? 0).toFixed(2))],
    },
    datasetDir: path.relative(root, options.datasetDir) || '.',
    servers: real.versions,
    score: s,
    throughput,
    worstCase,
    targets: {
      recallHigh: {
        target: RECALL_TARGET,
        value: Number(recall.toFixed(4)),
        met: recall >= RECALL_TARGET,
      },
      benignHigh: { target: 0, value: benignHigh, met: benignHigh === 0 },
      throughput: {
        target: THROUGHPUT_TARGET,
        value: throughput.corpus.perSecond,
        met: throughput.corpus.perSecond >= THROUGHPUT_TARGET,
      },
    },
  };
  console.log(renderText(result));
  if (options.write) {
    const dir = path.join(root, 'eval', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'latest.json'), await formatJson(root, result));
    const readmeFile = path.join(root, 'README.md');
    const replaced = replaceEvalSection(
      readFileSync(readmeFile, 'utf8'),
      await formatMarkdown(root, renderMarkdown(result)),
    );
    if (replaced.ok) writeFileSync(readmeFile, replaced.text);
    else log(`README not updated: ${replaced.problem}`);
    log('wrote eval/results/latest.json and the README section');
  }
  return result.targets.recallHigh.met && result.targets.benignHigh.met ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 70;
  },
);
