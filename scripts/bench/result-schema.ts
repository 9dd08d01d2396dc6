/**
 * @module scripts/bench/result-schema
 * The JSON a run writes to `bench/results/`, as zod schemas: the types below come from them, and
 * `--from FILE` validates a saved file with them before rendering it.
 */
import { z } from 'zod';

/**
 * 2: Gatehouse rows run with every security stage on (pins, scanner, policy, audit), the messages
 * echoed are `/bench/m<i>`, and phases of Gatehouse HTTP rows carry per-stage timings. Files of
 * version 1 (security stages off, no stage timings) still validate and render.
 */
export const RESULT_SCHEMA_VERSION = 2;

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
    notifications: z.number().int().nonnegative(),
    /**
     * Gatehouse HTTP rows: the `gatehouse_scan_findings` gauge (by severity) after the run, when
     * the gateway serves it.
     */
    scanFindings: z.record(z.string(), z.number()).optional(),
  }),
  z.object({ ...rowBase, status: z.literal('unavailable'), reason: z.string() }),
]);

export const benchResultSchema = z.object({
  schema: z.union([z.literal(1), z.literal(RESULT_SCHEMA_VERSION)]),
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
});

export type StageResult = z.infer<typeof stageResultSchema>;
export type PhaseResult = z.infer<typeof phaseResultSchema>;
export type RowResult = z.infer<typeof rowResultSchema>;
export type BenchResult = z.infer<typeof benchResultSchema>;
export type BenchPlan = BenchResult['plan'];
