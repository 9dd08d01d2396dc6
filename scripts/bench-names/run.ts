/**
 * @module scripts/bench-names/run
 * `npm run bench:names [-- --names N --queries Q --seed S --dataset DIR --json FILE]`: the time of
 * one look-alike check against a large registry. Builds N names (default 100,000): the real names
 * of the data set plus seeded synthetic ones; indexes them (timed); then checks Q queries (default
 * 2,000: half typosquats of indexed names, half fresh names) one at a time and prints p50/p99/max
 * per check as a Markdown table and JSON. Exit 1 if p99 is 10 ms or more.
 */
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import type { NameCheck, NameEntry } from '../../src/creation/names/index.js';
import { NameIndex, parseName } from '../../src/creation/names/index.js';
import { mutate, MUTATION_TYPES } from '../eval-names/mutations.js';
import { pick, seededRng } from '../eval-names/prng.js';
import { loadRealNames } from '../eval-names/real-names.js';
import { syntheticNames, vocabularyOf } from './synthetic.js';

const P99_TARGET_MS = 10;

interface Options {
  names: number;
  queries: number;
  seed: number;
  dataset: string;
  json?: string;
}

function repoRoot(): string {
  const up = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  return path.basename(up) === 'dist' ? path.dirname(up) : up;
}

function parseArgs(argv: readonly string[]): Options | string {
  const options: Options = {
    names: 100_000,
    queries: 2_000,
    seed: 6,
    dataset: path.resolve(repoRoot(), '../shared/datasets/mcp-security'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--json' && value !== undefined) options.json = value;
    else if (arg === '--dataset' && value !== undefined) options.dataset = path.resolve(value);
    else if (
      (arg === '--names' || arg === '--queries' || arg === '--seed') &&
      value !== undefined
    ) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) return `${arg} needs a whole number`;
      options[arg.slice(2) as 'names' | 'queries' | 'seed'] = n;
    } else
      return `usage: bench:names [--names N] [--queries Q] [--seed S] [--dataset DIR] [--json FILE]`;
    i++;
  }
  return options;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const ms = (n: number): string => n.toFixed(3);

function main(): number {
  const options = parseArgs(process.argv.slice(2));
  if (typeof options === 'string') {
    console.error(options);
    return 2;
  }
  const rng = seededRng(options.seed);
  const real = existsSync(path.join(options.dataset, 'mcp-server-names'))
    ? loadRealNames(options.dataset).entries
    : [];
  const entries: NameEntry[] = real.slice(0, options.names);
  const taken = new Set(entries.map((e) => e.name));
  const next = syntheticNames(rng, vocabularyOf(real.length > 0 ? real : entries), taken);
  while (entries.length < options.names) entries.push(next());

  const heapBefore = process.memoryUsage().heapUsed;
  const buildStart = performance.now();
  const index = new NameIndex(entries);
  const buildMs = performance.now() - buildStart;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

  const queries: { kind: 'typosquat' | 'fresh'; entry: NameEntry }[] = [];
  while (queries.length < options.queries / 2) {
    const target = pick(rng, entries);
    const parsed = parseName(target.name);
    if (parsed.kind !== 'server') continue;
    const mutated = mutate(pick(rng, MUTATION_TYPES), parsed.name, rng);
    if (mutated === undefined || mutated === parsed.name) continue;
    queries.push({
      kind: 'typosquat',
      entry: { name: `io.github.squatter/${mutated}`, owner: 'squatter' },
    });
  }
  while (queries.length < options.queries) queries.push({ kind: 'fresh', entry: next() });

  for (const q of queries.slice(0, 200)) index.check(q.entry); // warm-up (JIT), not measured
  const times: number[] = [];
  const verdicts = {
    typosquat: { ok: 0, review: 0, reject: 0 },
    fresh: { ok: 0, review: 0, reject: 0 },
  };
  for (const q of queries) {
    const start = performance.now();
    const result: NameCheck = index.check(q.entry);
    times.push(performance.now() - start);
    verdicts[q.kind][result.verdict]++;
  }
  const sorted = [...times].sort((a, b) => a - b);
  const result = {
    names: entries.length,
    realNames: Math.min(real.length, options.names),
    queries: queries.length,
    seed: options.seed,
    buildMs: Number(buildMs.toFixed(1)),
    indexHeapMb: Number(heapMb.toFixed(1)),
    perCheckMs: {
      p50: Number(ms(percentile(sorted, 50))),
      p99: Number(ms(percentile(sorted, 99))),
      max: Number(ms(sorted.at(-1) ?? 0)),
      mean: Number(ms(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length))),
    },
    verdicts,
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', node: process.version },
  };
  const lines = [
    `| names | index build | index heap | checks | p50 / check | p99 / check | max / check |`,
    `| --- | --- | --- | --- | --- | --- | --- |`,
    `| ${result.names.toLocaleString('en')} (${result.realNames} real) | ${(buildMs / 1000).toFixed(2)} s | ${result.indexHeapMb} MB | ${result.queries} | ${result.perCheckMs.p50} ms | ${result.perCheckMs.p99} ms | ${result.perCheckMs.max} ms |`,
    '',
    `Typosquat queries: ${verdicts.typosquat.reject} reject, ${verdicts.typosquat.review} review, ${verdicts.typosquat.ok} ok; fresh names: ${verdicts.fresh.reject} reject, ${verdicts.fresh.review} review, ${verdicts.fresh.ok} ok.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n\n${JSON.stringify(result, null, 2)}\n`);
  if (options.json !== undefined)
    writeFileSync(options.json, `${JSON.stringify(result, null, 2)}\n`);
  return result.perCheckMs.p99 < P99_TARGET_MS ? 0 : 1;
}

process.exitCode = main();
