/**
 * @module scripts/eval-names/run
 * `npm run eval:names [DATASET_DIR] [--json FILE]`: the look-alike name check on the real MCP
 * server names of the mcp-security data sets (read in place, never copied; default
 * ../shared/datasets/mcp-security from the repository root). Reports the false alarms when every
 * real name is checked against all the others, the verdicts of the listed benign look-alike pairs,
 * the detection of synthetic typosquats per mutation kind, and a sweep of the edit-distance
 * threshold. Prints Markdown; `--json FILE` also writes the numbers. Exit 1 if a real name is
 * rejected or a listed benign pair is rejected.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { EditDistanceLimit } from '../../src/creation/names/index.js';
import { EDIT_DISTANCE_LIMITS, NameIndex } from '../../src/creation/names/index.js';
import { detection } from './detection.js';
import { falseAlarms, listedPairVerdicts } from './false-alarms.js';
import { loadRealNames } from './real-names.js';
import type { NamesEvalResult } from './report.js';
import { renderMarkdown } from './report.js';

const USAGE = 'usage: node dist/scripts/eval-names/run.js [DATASET_DIR] [--json FILE]';

function repoRoot(): string {
  // dist/scripts/eval-names/run.js or scripts/eval-names/run.ts: three levels below the root,
  // plus dist/ when compiled.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const up = path.resolve(here, '../..');
  return path.basename(up) === 'dist' ? path.dirname(up) : up;
}

function parseArgs(argv: readonly string[]): { datasetDir: string; json?: string } | string {
  let datasetDir: string | undefined;
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--json') {
      json = argv[++i];
      if (json === undefined) return `--json needs a FILE\n${USAGE}`;
    } else if (arg === '-h' || arg === '--help') return USAGE;
    else if (arg.startsWith('-')) return `unknown option ${arg}\n${USAGE}`;
    else if (datasetDir === undefined) datasetDir = path.resolve(arg);
    else return `one dataset directory only\n${USAGE}`;
  }
  return {
    datasetDir: datasetDir ?? path.resolve(repoRoot(), '../shared/datasets/mcp-security'),
    ...(json !== undefined ? { json } : {}),
  };
}

function withMinLength(minLength: number): EditDistanceLimit[] {
  return [
    { minLength, maxDistance: 1 },
    { minLength: Math.max(minLength, 10), maxDistance: 1.5 },
  ];
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(args);
    return 2;
  }
  if (!existsSync(path.join(args.datasetDir, 'mcp-server-names'))) {
    console.error(`data set not found: ${path.join(args.datasetDir, 'mcp-server-names')}`);
    return 2;
  }
  const { entries, displayEntries, benign } = loadRealNames(args.datasetDir);
  console.error(
    `[eval:names] ${entries.length} registry names, ${displayEntries.length} display names`,
  );
  const index = new NameIndex(entries);
  const sweep = [4, 5, 6, 7, 8].map((minLength) => {
    const limits = withMinLength(minLength);
    const fa = falseAlarms(entries, benign, limits);
    const rows = detection(new NameIndex(entries, { limits }), entries).filter(
      (r) =>
        r.field === 'name' &&
        ['transposition', 'deletion', 'insertion', 'substitution'].includes(r.type),
    );
    return {
      minLength,
      falseAlarmPairs: fa.pairs['false-alarm'],
      namesWithFalseAlarm: fa.namesWithFalseAlarm.reject + fa.namesWithFalseAlarm.review,
      typingCaught: rows.reduce((n, r) => n + r.reject + r.review, 0),
      typingSquats: rows.reduce((n, r) => n + r.squats, 0),
    };
  });
  const result: NamesEvalResult = {
    datasetDir: args.datasetDir,
    limits: EDIT_DISTANCE_LIMITS,
    registry: falseAlarms(entries, benign),
    display: falseAlarms(displayEntries, benign),
    listedPairs: listedPairVerdicts(benign),
    detection: detection(index, entries),
    sweep,
  };
  process.stdout.write(renderMarkdown(result));
  if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);
  const bad =
    result.registry.verdicts.reject +
    result.display.verdicts.reject +
    result.listedPairs.filter((p) => p.verdict === 'reject').length;
  return bad > 0 ? 1 : 0;
}

process.exitCode = main();
