/**
 * @module scripts/bench/run
 * `npm run bench`: latency and throughput of Gatehouse against the direct stdio floor and two peer
 * bridges, all in front of the same server-everything over stdio. See {@link USAGE}.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createAgent } from './http-request.js';
import { measureRow } from './measure-row.js';
import { canUnshare, inPrivateNetns, reexecInNetns } from './netns.js';
import type { BenchOptions } from './options.js';
import { parseOptions, USAGE } from './options.js';
import { runScriptMain, terminateAll } from './processes.js';
import { replaceSection } from './readme-section.js';
import { renderReport } from './report.js';
import type { BenchResult, RowResult, StartupResult } from './result-schema.js';
import { RESULT_SCHEMA_VERSION } from './result-schema.js';
import {
  binScript,
  gitCommit,
  installedVersion,
  machineInfo,
  readResult,
  scannerWired,
  writeResult,
} from './results.js';
import { findRoot } from './root.js';
import { measureStartup } from './startup.js';
import type { BenchEnv } from './targets.js';
import { ROWS } from './targets.js';

/** The `--rows` id of the start benchmark (sandboxed against bare server starts). */
const STARTUP_ID = 'sandbox-start';

const PEER_PACKAGES = ['@modelcontextprotocol/server-everything', 'supergateway', 'mcp-proxy'];

function log(text: string): void {
  console.error(`[bench] ${text}`);
}

async function measureAll(root: string, options: BenchOptions): Promise<BenchResult> {
  const specs = ROWS.filter((row) => options.rows === undefined || options.rows.includes(row.id));
  const plan = {
    warmup: options.warmup,
    calls: options.calls,
    windows: [...options.windows],
    quick: options.quick,
  };
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-'));
  const shared = {
    node: process.execPath,
    everything: binScript(root, '@modelcontextprotocol/server-everything', 'mcp-server-everything'),
    gatehouseCli: path.join(root, 'dist', 'src', 'cli', 'main.js'),
    nullRelay: path.join(root, 'dist', 'scripts', 'bench', 'null-relay.js'),
    gatehouseNodeArgs:
      options.profileDir === undefined
        ? []
        : ['--cpu-prof', '--cpu-prof-dir', path.resolve(options.profileDir)],
    supergateway: binScript(root, 'supergateway'),
    mcpProxy: binScript(root, 'mcp-proxy'),
    workDir,
  };
  const startedAt = new Date().toISOString();
  // Read before any gateway starts: the build the rows run is the one on disk now.
  const scanner = scannerWired(root);
  const commit = gitCommit(root);
  const loadAtStart = os.loadavg()[0] ?? 0;
  const cores = os.cpus().length;
  if (loadAtStart > cores / 2) {
    log(
      `load average ${loadAtStart.toFixed(1)} on ${cores} cores: other work will skew the figures`,
    );
  }
  const rows: RowResult[] = [];
  let startup: StartupResult | undefined;
  try {
    if (options.rows === undefined || options.rows.includes(STARTUP_ID)) {
      const stateDir = path.join(workDir, 'start-state');
      mkdirSync(stateDir);
      startup = await measureStartup(
        {
          script: path.join(root, 'dist', 'fixtures', 'servers', 'scripted-server.js'),
          serverLabel: 'the scripted test server (fixtures/servers/scripted-server.ts) on node',
          starts: options.starts,
          warmup: options.startWarmup,
          stateDir,
        },
        (text) => log(`${STARTUP_ID}: ${text}`),
      );
    }
    for (const [i, spec] of specs.entries()) {
      const env: BenchEnv = { ...shared, agent: createAgent() };
      const progress = (text: string): void =>
        log(`(${i + 1}/${specs.length}) ${spec.id}: ${text}`);
      try {
        rows.push(await measureRow(spec, env, plan, progress));
      } finally {
        env.agent.destroy();
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return {
    schema: RESULT_SCHEMA_VERSION,
    startedAt,
    finishedAt: new Date().toISOString(),
    plan,
    machine: machineInfo(),
    packages: Object.fromEntries(
      ['gatehouse', ...PEER_PACKAGES].map((name) => [
        name,
        name === 'gatehouse' ? installedVersionOfRoot(root) : installedVersion(root, name),
      ]),
    ),
    gatehouseCommit: commit,
    scannerWired: scanner,
    network: inPrivateNetns()
      ? 'loopback in a private network namespace'
      : 'loopback (no private namespace)',
    loadAverage: { start: round2(loadAtStart), end: round2(os.loadavg()[0] ?? 0) },
    rows,
    ...(startup === undefined ? {} : { startup }),
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function installedVersionOfRoot(root: string): string {
  const json = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  return typeof json.version === 'string' ? json.version : 'unknown';
}

function updateReadme(root: string, report: string): void {
  const file = path.join(root, 'README.md');
  if (!existsSync(file)) {
    log('README.md not found: left alone');
    return;
  }
  const replaced = replaceSection(readFileSync(file, 'utf8'), report);
  if (!replaced.ok) {
    log(`README.md has ${replaced.problem}: left alone`);
    return;
  }
  writeFileSync(file, replaced.text);
  log('README.md bench section updated');
}

async function main(): Promise<number> {
  const parsed = parseOptions(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`${parsed.problem}\n\n${USAGE}`);
    return 2;
  }
  const options = parsed.options;
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const root = findRoot();
  if (options.from !== undefined) {
    const saved = readResult(path.resolve(options.from));
    if (!saved.ok) {
      console.error(saved.problem);
      return 1;
    }
    const report = renderReport(saved.result);
    console.log(report);
    if (options.updateReadme) updateReadme(root, report);
    return 0;
  }
  const unknown =
    options.rows?.filter((id) => id !== STARTUP_ID && !ROWS.some((row) => row.id === id)) ?? [];
  if (unknown.length > 0) {
    console.error(
      `unknown row(s) ${unknown.join(', ')}; rows: ${[...ROWS.map((r) => r.id), STARTUP_ID].join(', ')}`,
    );
    return 2;
  }
  if (options.netns && !inPrivateNetns()) {
    const probe = canUnshare();
    if (!probe.ok) {
      console.error(
        `cannot make a private network namespace (${probe.problem}); run as root, or pass --no-netns`,
      );
      return 1;
    }
    return reexecInNetns(fileURLToPath(import.meta.url), process.argv.slice(2));
  }

  process.on('exit', terminateAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      terminateAll();
      process.exit(130);
    });
  }
  const result = await measureAll(root, options);
  const report = renderReport(result);
  const complete =
    result.rows.every((r) => r.status === 'ok') &&
    (result.startup?.measures.every((m) => m.status === 'ok') ?? true);
  const canonical = complete && !options.quick && options.rows === undefined;
  const written = writeResult(path.join(root, 'bench', 'results'), result, { latest: canonical });
  console.log(report);
  log(`wrote ${written.map((f) => path.relative(root, f)).join(', ')}`);
  if (!canonical) log('latest.json left as it was: only a complete, full run replaces it');
  if (options.updateReadme) updateReadme(root, report);
  return complete ? 0 : 1;
}

runScriptMain(main, log);
