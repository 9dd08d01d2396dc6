/**
 * @module scripts/soak/run
 * `npm run soak`: a bounded, loopback-only long run of `gatehouse run --listen` under a steady mix
 * of calls (see `mix.ts`), sampling the gateway's RSS (from `/proc`) and V8 heap (from its
 * `/metrics`), then judging growth (see `judge.ts`). Fails on growth, on a wrong or missing
 * answer, and on host sessions that outlive their DELETE. See {@link USAGE}.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { createAgent, fetchText } from '../bench/http-request.js';
import type { StartedProcess } from '../bench/processes.js';
import {
  freePort,
  rssBytes,
  runScriptMain,
  startProcess,
  stopProcess,
  terminateAll,
  waitForPort,
} from '../bench/processes.js';
import { parsePrometheusText } from '../bench/prometheus.js';
import { binScript, fileStamp } from '../bench/results.js';
import { findRoot } from '../bench/root.js';
import { gatehouseConfig } from '../bench/targets.js';
import type { MemorySample } from './judge.js';
import { judgeGrowth } from './judge.js';
import { kindOf, SoakClient } from './mix.js';
import type { SoakOptions } from './options.js';
import { parseSoakOptions, USAGE } from './options.js';

function log(text: string): void {
  console.error(`[soak] ${text}`);
}

/** The first few wrong answers are kept for the report; the rest only counted. */
const KEPT_ERRORS = 20;

interface SoakResult {
  readonly startedAt: string;
  readonly options: SoakOptions;
  readonly calls: number;
  readonly byKind: Record<string, number>;
  readonly errors: number;
  readonly firstErrors: string[];
  readonly samples: MemorySample[];
  readonly sessions: { readonly start: number; readonly end: number };
  readonly verdict: ReturnType<typeof judgeGrowth>;
  readonly ok: boolean;
}

async function sample(
  gateway: StartedProcess,
  metricsUrl: URL,
  agent: ReturnType<typeof createAgent>,
  t: number,
  calls: number,
): Promise<MemorySample> {
  const metrics = parsePrometheusText(await fetchText(agent, metricsUrl));
  const value = (name: string): number =>
    metrics.filter((m) => m.name === name).reduce((sum, m) => sum + m.value, 0);
  return {
    t,
    rssBytes: rssBytes(gateway.pid) ?? value('gatehouse_process_resident_bytes'),
    heapUsedBytes: value('gatehouse_process_heap_used_bytes'),
    sessions: value('gatehouse_sessions'),
    calls,
  };
}

async function soak(root: string, options: SoakOptions): Promise<SoakResult> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-soak-'));
  const agent = createAgent();
  const startedAt = new Date().toISOString();
  const config = path.join(workDir, 'gatehouse.yaml');
  writeFileSync(
    config,
    gatehouseConfig({
      node: process.execPath,
      everything: binScript(
        root,
        '@modelcontextprotocol/server-everything',
        'mcp-server-everything',
      ),
    }),
  );
  const stateDir = path.join(workDir, 'state');
  mkdirSync(stateDir, { mode: 0o700 });
  const port = await freePort();
  // Loopback only: the gateway binds 127.0.0.1 and its one upstream talks over pipes.
  const gateway = startProcess(
    process.execPath,
    [
      path.join(root, 'dist', 'src', 'cli', 'main.js'),
      'run',
      '-c',
      config,
      '--listen',
      `127.0.0.1:${port}`,
      '--log-level',
      'error',
    ],
    { stdin: 'ignore', env: { ...process.env, GATEHOUSE_STATE_DIR: stateDir } },
  );
  try {
    await waitForPort(port, gateway);
    const url = new URL(`http://127.0.0.1:${port}/mcp`);
    const metricsUrl = new URL(`http://127.0.0.1:${port}/metrics`);
    const client = await SoakClient.open(url, agent);
    const durationMs = options.minutes * 60_000;
    const started = Date.now();
    const elapsed = (): number => (Date.now() - started) / 1000;
    let issued = 0;
    let done = 0;
    let errors = 0;
    const firstErrors: string[] = [];
    const byKind: Record<string, number> = {};
    const samples: MemorySample[] = [await sample(gateway, metricsUrl, agent, 0, 0)];
    const sessionsAtStart = samples[0]?.sessions ?? 0;
    log(`gateway on port ${port}; ${options.minutes} min at ${options.rate} calls/s`);
    const sampler = setInterval(() => {
      void sample(gateway, metricsUrl, agent, elapsed(), done)
        .then((s) => {
          samples.push(s);
          log(
            `${s.t.toFixed(0)} s: ${done} calls, RSS ${(s.rssBytes / 2 ** 20).toFixed(1)} MiB, ` +
              `heap ${(s.heapUsedBytes / 2 ** 20).toFixed(1)} MiB, ${s.sessions} sessions`,
          );
        })
        .catch((error: unknown) => log(`sample failed: ${String(error)}`));
    }, options.sampleSeconds * 1000);
    const outstanding = new Set<Promise<void>>();
    const interval = 1000 / options.rate;
    while (Date.now() - started < durationMs) {
      // Calls due by now, as many as the window allows.
      const due = Math.floor((Date.now() - started) / interval);
      while (issued < due && outstanding.size < options.inFlight) {
        const i = issued++;
        const kind = kindOf(i);
        byKind[kind] = (byKind[kind] ?? 0) + 1;
        const call: Promise<void> = client
          .call(kind, i)
          .catch((error: unknown) => {
            errors++;
            if (firstErrors.length < KEPT_ERRORS) firstErrors.push(`${kind}: ${String(error)}`);
          })
          .finally(() => {
            done++;
            outstanding.delete(call);
          });
        outstanding.add(call);
      }
      await (outstanding.size >= options.inFlight
        ? Promise.race(outstanding)
        : new Promise((resolve) => setTimeout(resolve, Math.max(1, interval))));
    }
    await Promise.all(outstanding);
    clearInterval(sampler);
    await client.close();
    // Short sessions were deleted and the long ones closed: the gauge must come back down.
    const last = await sample(gateway, metricsUrl, agent, elapsed(), done);
    samples.push(last);
    const verdict = judgeGrowth(samples);
    const sessionsOk = last.sessions <= Math.max(0, sessionsAtStart - 1);
    return {
      startedAt,
      options,
      calls: done,
      byKind,
      errors,
      firstErrors,
      samples,
      sessions: { start: sessionsAtStart, end: last.sessions },
      verdict,
      ok: verdict.ok && errors === 0 && sessionsOk,
    };
  } finally {
    agent.destroy();
    await stopProcess(gateway);
    rmSync(workDir, { recursive: true, force: true });
  }
}

function summary(result: SoakResult): string {
  const mib = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;
  const v = result.verdict;
  const lines = [
    `soak: ${result.calls} calls in ${result.options.minutes} min (${Object.entries(result.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}); ${result.errors} wrong answers`,
    v.heap
      ? `heap (lowest sample, first vs last third after warm-up): ${mib(v.heap.first)} → ${mib(v.heap.last)} (allowed +${mib(v.heap.allowed)})`
      : 'heap: not judged',
    v.rss
      ? `RSS (median, first vs last third after warm-up): ${mib(v.rss.first)} → ${mib(v.rss.last)} (allowed +${mib(v.rss.allowed)})`
      : 'RSS: not judged',
    `host sessions: ${result.sessions.start} at the start (the client's), ${result.sessions.end} after it closed`,
    ...(v.ok ? [] : v.problems.map((p) => `problem: ${p}`)),
    ...result.firstErrors.map((e) => `wrong answer: ${e}`),
    `soak: ${result.ok ? 'passed' : 'failed'}`,
  ];
  return lines.join('\n');
}

async function main(): Promise<number> {
  const parsed = parseSoakOptions(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`${parsed.problem}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.options.help) {
    console.log(USAGE);
    return 0;
  }
  const root = findRoot();
  process.on('exit', terminateAll);
  const result = await soak(root, parsed.options);
  console.log(summary(result));
  const json = `${JSON.stringify(result, null, 2)}\n`;
  if (parsed.options.json !== undefined) writeFileSync(parsed.options.json, json);
  if (parsed.options.save) {
    const dir = path.join(root, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `soak-${fileStamp(new Date(result.startedAt))}.json`);
    writeFileSync(file, json);
    log(`wrote ${path.relative(root, file)}`);
  }
  return result.ok ? 0 : 1;
}

runScriptMain(main, log);
