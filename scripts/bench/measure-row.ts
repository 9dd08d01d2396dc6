/**
 * @module scripts/bench/measure-row
 * One row from start to stop: start the target, initialize, warm up, run each window, weigh the
 * front process, stop. A target that does not come up is reported as unavailable; a wrong or
 * missing reply once it is up fails the whole run.
 */
import { measurePhase } from './load.js';
import { machineReadings, machineShares } from './machine-cpu.js';
import { callEcho, echoMessage, initialize } from './mcp-session.js';
import { cpuMicrosOf, frontProcesses, rssBytes } from './processes.js';
import type { Sample, StageTotal } from './prometheus.js';
import {
  parsePrometheusText,
  processMemory,
  scanFindings,
  stageDelta,
  stageTotals,
} from './prometheus.js';
import type { BenchPlan, PhaseResult, RowResult, StageResult } from './result-schema.js';
import type { RpcConnection } from './rpc-connection.js';
import type { BenchEnv, RowSpec, RunningRow } from './targets.js';

/** No answer for this long while calls are outstanding counts as a missing reply. */
export const STALL_MS = 15_000;

/** Calls per block of the warm-up whose median is logged. */
export const WARMUP_BLOCK = 500;

export type Progress = (text: string) => void;

/** Fails every outstanding call when no call has completed for `STALL_MS`. */
function watchStalls(connection: RpcConnection, completed: () => number): () => void {
  let last = completed();
  let since = Date.now();
  const timer = setInterval(() => {
    const now = completed();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since > STALL_MS) {
      connection.failAll(new Error(`missing reply: no answer for ${STALL_MS / 1000} s`));
    }
  }, 500);
  timer.unref();
  return () => clearInterval(timer);
}

export async function measureRow(
  spec: RowSpec,
  env: BenchEnv,
  plan: BenchPlan,
  progress: Progress,
): Promise<RowResult> {
  const base = {
    id: spec.id,
    label: spec.label,
    role: spec.role,
    transport: spec.transport,
    mode: spec.mode,
  };
  progress('starting');
  let running: RunningRow;
  let protocolVersion: string;
  try {
    running = await spec.start(env);
  } catch (error) {
    progress(`did not start: ${String(error)}`);
    return { ...base, status: 'unavailable', reason: shortReason(error) };
  }
  try {
    try {
      protocolVersion = await (running.handshake ?? initialize)(running.connection);
    } catch (error) {
      progress(`initialize failed: ${String(error)}`);
      return { ...base, status: 'unavailable', reason: `initialize failed: ${shortReason(error)}` };
    }
    const rssStart = running.rss ? running.rss() : frontRss(running);
    let done = 0;
    const call = async (i: number): Promise<void> => {
      await callEcho(running.connection, spec.toolFor?.(i) ?? spec.tool, echoMessage(i));
      done++;
    };
    const unwatch = watchStalls(running.connection, () => done);
    const phases: PhaseResult[] = [];
    const scrape = running.metrics;
    let samples: Sample[] | undefined;
    try {
      let index = 0;
      if (plan.warmup > 0) {
        progress(`warm-up, ${plan.warmup} calls, one at a time`);
        // In blocks, each block's median logged: the figures show whether the JIT has settled.
        const medians: number[] = [];
        for (let left = plan.warmup; left > 0; left -= WARMUP_BLOCK) {
          const calls = Math.min(WARMUP_BLOCK, left);
          const block = await measurePhase(call, { calls, inFlight: 1, firstIndex: index });
          medians.push(block.p50Us);
          index += calls;
        }
        progress(`  warm-up p50 per ${WARMUP_BLOCK} calls: ${medians.join(', ')} µs`);
        // Then as wide as the widest phase: one call at a time uses one connection, so a pool's
        // other processes (`--workers 2`, connections handed out in turn) would meet their first
        // calls, cold, inside a measured phase.
        const widest = Math.max(...plan.windows);
        if (widest > 1) {
          const calls = Math.max(plan.warmup, 4 * widest);
          progress(`warm-up, ${calls} calls at ${widest} in flight`);
          await measurePhase(call, { calls, inFlight: widest, firstIndex: index });
          index += calls;
        }
      }
      // Stage timings per phase: the difference between scrapes taken right before and after it.
      samples = scrape ? parsePrometheusText(await scrape()) : undefined;
      for (const inFlight of plan.windows) {
        progress(`${inFlight} in flight, ${plan.calls} calls`);
        const pids = frontProcesses(running.frontPid, running.cpuMarker);
        const cpuBefore = cpuMicrosOf(pids);
        const machineBefore = machineReadings();
        let phase = await measurePhase(call, { calls: plan.calls, inFlight, firstIndex: index });
        phase = {
          ...phase,
          ...machineShares(machineBefore, plan.calls),
          cpuUsPerCall: Math.round((cpuMicrosOf(pids) - cpuBefore) / plan.calls),
        };
        index += plan.calls;
        progress(
          `  ${phase.callsPerSec} calls/s, p50 ${phase.p50Us} µs, p99 ${phase.p99Us} µs, front CPU ${phase.cpuUsPerCall} µs/call`,
        );
        if (scrape && samples) {
          const before = stageTotals(samples);
          samples = parsePrometheusText(await scrape());
          const stages = stageResults(stageDelta(before, stageTotals(samples)));
          phase = { ...phase, stages };
          progress(`  stages: ${stages.map((s) => `${s.stage} ${s.meanUs} µs`).join(', ')}`);
        }
        phases.push(phase);
      }
    } finally {
      unwatch();
    }
    const findings = samples === undefined ? undefined : scanFindings(samples);
    const memory = samples === undefined ? undefined : processMemory(samples);
    return {
      ...base,
      status: 'ok',
      protocolVersion,
      phases,
      rssBytes: running.rss ? running.rss() : frontRss(running),
      rssStartBytes: rssStart,
      notifications: running.connection.stats.notifications,
      ...(findings === undefined ? {} : { scanFindings: findings }),
      ...(memory === undefined ? {} : { processMemory: memory }),
    };
  } finally {
    progress('stopping');
    await running.stop();
  }
}

/** RSS of the front: its process and, for a pool, its workers (null when unknown). */
function frontRss(running: RunningRow): number | null {
  const sizes = frontProcesses(running.frontPid, running.cpuMarker).map(rssBytes);
  if (sizes.some((size) => size === null)) return null;
  return sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0);
}

/** Where a stage sits in the pipeline: the `*.before` stages, the relay, then the rest (audit). */
function stageRank(stage: string): number {
  if (stage.endsWith('.before')) return 0;
  return stage === 'relay' ? 1 : 2;
}

/** Per-stage results of one phase, in pipeline order, means rounded to 0.1 µs. */
export function stageResults(delta: ReadonlyMap<string, StageTotal>): StageResult[] {
  return [...delta]
    .map(([stage, t]) => ({
      stage,
      count: t.count,
      sumSeconds: t.sumSeconds,
      meanUs: Math.round((t.sumSeconds / t.count) * 1e7) / 10,
    }))
    .sort((a, b) => stageRank(a.stage) - stageRank(b.stage) || a.stage.localeCompare(b.stage));
}

/** The first line of an error, plus the first line of captured stderr that names an error. */
export function shortReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const [first = text, ...rest] = text.split('\n');
  const cause = rest.find((line) => /error/i.test(line));
  return (cause === undefined ? first : `${first}: ${cause.trim()}`).slice(0, 400);
}
