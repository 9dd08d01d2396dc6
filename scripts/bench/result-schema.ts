/**
 * @module scripts/bench/result-schema
 * The JSON a run writes to `bench/results/`, as zod schemas: the types below come from them, and
 * `--from FILE` validates a saved file with them before rendering it.
 */
import { z } from 'zod';

/**
 * 4: phases carry the front's CPU time per call; rows for 2026-07-28 clients, a pool of worker
 * processes (`--workers`) and ten upstreams; RSS of a pool sums its processes.
 * 3: stdio upstreams of Gatehouse rows run in the bubblewrap sandbox (default policy) unless a row
 * says `sandbox: false`, and a run may carry the sandboxed-start measurements (`startup`).
 * 2: Gatehouse rows run with every security stage on (pins, scanner, policy, audit), the messages
 * echoed are `/bench/m<i>`, and phases of Gatehouse HTTP rows carry per-stage timings. Files of
 * versions 1 (security stages off, no stage timings) and 2 still validate and render.
 */
export const RESULT_SCHEMA_VERSION = 4;

/** One stage of the gateway's call pipeline over one phase, from `gatehouse_stage_seconds`. */
export const stageResultSchema = z.object({
  stage: z.string(),
  /** Observations in the phase (one per call for the call stages). */
  count: z.number().int().nonnegative(),
  sumSeconds: z.number().nonnegative(),
  /** sumSeconds / count, in µs: the stage's wall time per call. */
  meanUs: z.number().nonnegative(),
});

export const phaseResultSchema = z.object({
  inFlight: z.number().int().positive(),
  calls: z.number().int().positive(),
  wallMs: z.number().nonnegative(),
  callsPerSec: z.number().nonnegative(),
  p50Us: z.number().nonnegative(),
  p90Us: z.number().nonnegative(),
  p99Us: z.number().nonnegative(),
  meanUs: z.number().nonnegative(),
  maxUs: z.number().nonnegative(),
  /** Gatehouse HTTP rows: what each pipeline stage took in this phase (scraped from /metrics). */
  stages: z.array(stageResultSchema).optional(),
  /**
   * CPU time (user + system) of the front per call in this phase, µs: the gateway or bridge
   * process and its worker processes (not the upstream server); the server itself for the floor.
   * Unlike latency it does not move with other work competing for the cores. Absent before 4.
   */
  cpuUsPerCall: z.number().nonnegative().optional(),
  /** CPU time of the load generator (the bench process) per call in this phase, µs. */
  clientCpuUsPerCall: z.number().nonnegative().optional(),
  /** Busy CPU time of the whole machine (every core, `/proc/stat`) per call in this phase, µs. */
  machineCpuUsPerCall: z.number().nonnegative().optional(),
});

const rowBase = {
  id: z.string(),
  label: z.string(),
  role: z.enum(['floor', 'gatehouse', 'peer']),
  transport: z.enum(['stdio', 'streamable-http', 'sse']),
  mode: z.string(),
};

export const rowResultSchema = z.discriminatedUnion('status', [
  z.object({
    ...rowBase,
    status: z.literal('ok'),
    protocolVersion: z.string(),
    phases: z.array(phaseResultSchema),
    /** RSS of the gateway / bridge process after the run (the server itself for the floor). */
    rssBytes: z.number().nullable(),
    /** Version 4 on: the same once started and initialized, before any call. */
    rssStartBytes: z.number().nullable().optional(),
    notifications: z.number().int().nonnegative(),
    /**
     * Gatehouse HTTP rows: the `gatehouse_scan_findings` gauge (by severity) after the run, when
     * the gateway serves it.
     */
    scanFindings: z.record(z.string(), z.number()).optional(),
    /**
     * Gatehouse HTTP rows (one process), version 4 on: the gateway's own memory after the run, from
     * its `gatehouse_process_*` gauges (V8 heap in use and reserved, outside the heap).
     */
    processMemory: z
      .object({
        heapUsedBytes: z.number().nonnegative(),
        heapTotalBytes: z.number().nonnegative(),
        externalBytes: z.number().nonnegative(),
      })
      .optional(),
  }),
  z.object({ ...rowBase, status: z.literal('unavailable'), reason: z.string() }),
]);

const startMeasureBase = {
  id: z.string(),
  label: z.string(),
  /** What was timed, for the report. */
  detail: z.string(),
  /** `start`: a whole server start; `part`: one piece of the sandbox's start cost. */
  group: z.enum(['start', 'part']),
  /** The measure this one is set against in the report ("added" milliseconds). */
  compare: z.string().optional(),
};

/** One timed thing of the start benchmark, over all its starts. */
export const startMeasureSchema = z.discriminatedUnion('status', [
  z.object({
    ...startMeasureBase,
    status: z.literal('ok'),
    samples: z.number().int().positive(),
    p50Us: z.number().nonnegative(),
    p90Us: z.number().nonnegative(),
    meanUs: z.number().nonnegative(),
    minUs: z.number().nonnegative(),
    maxUs: z.number().nonnegative(),
    /**
     * With `compare`: the median of this measure minus that one, round by round (µs; negative
     * when this one was faster). Robust to load that drifts over the run.
     */
    pairedAddedP50Us: z.number().optional(),
  }),
  z.object({ ...startMeasureBase, status: z.literal('unavailable'), reason: z.string() }),
]);

/** The start benchmark: the same server started bare and sandboxed, and the sandbox's parts. */
export const startupResultSchema = z.object({
  /** The server started, for the report. */
  server: z.string(),
  /** Timed starts per measure (after `warmup` untimed rounds), interleaved round by round. */
  starts: z.number().int().positive(),
  warmup: z.number().int().nonnegative(),
  /** The most a sandboxed start may add at p50, in ms (the target). */
  targetAddedMs: z.number().positive(),
  measures: z.array(startMeasureSchema),
  /** Costs paid once per gateway process (a single sample each). */
  once: z.array(z.object({ id: z.string(), label: z.string(), us: z.number().nonnegative() })),
});

export const benchResultSchema = z.object({
  schema: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(RESULT_SCHEMA_VERSION)]),
  startedAt: z.string(),
  finishedAt: z.string(),
  plan: z.object({
    warmup: z.number().int().nonnegative(),
    calls: z.number().int().positive(),
    windows: z.array(z.number().int().positive()),
    quick: z.boolean(),
  }),
  machine: z.object({
    node: z.string(),
    platform: z.string(),
    arch: z.string(),
    kernel: z.string(),
    cpuModel: z.string(),
    cores: z.number().int().positive(),
    totalMemBytes: z.number(),
  }),
  packages: z.record(z.string(), z.string()),
  gatehouseCommit: z.string().nullable(),
  /**
   * Whether the built `gatehouse run` wired the definition scanner into the gateway (null:
   * unknown; absent in version 1 files).
   */
  scannerWired: z.boolean().nullable().optional(),
  network: z.string(),
  /** 1-minute load average when the run started and ended: other work on the machine skews it. */
  loadAverage: z.object({ start: z.number().nonnegative(), end: z.number().nonnegative() }),
  rows: z.array(rowResultSchema),
  /** Version 3 on: sandboxed against bare server starts (absent when not measured). */
  startup: startupResultSchema.optional(),
});

export type StageResult = z.infer<typeof stageResultSchema>;
export type PhaseResult = z.infer<typeof phaseResultSchema>;
export type RowResult = z.infer<typeof rowResultSchema>;
export type StartMeasure = z.infer<typeof startMeasureSchema>;
export type StartupResult = z.infer<typeof startupResultSchema>;
export type BenchResult = z.infer<typeof benchResultSchema>;
export type BenchPlan = BenchResult['plan'];
