/**
 * @module scripts/bench/load
 * Drives calls at a fixed number in flight and times each one with `process.hrtime`.
 */
import { summarize } from './percentile.js';
import type { PhaseResult } from './result-schema.js';

/** Makes call number `i` (unique within the row); rejects on a wrong or missing reply. */
export type CallFn = (i: number) => Promise<void>;

/**
 * Keeps exactly `inFlight` calls outstanding (a fixed window: a new call starts as soon as one
 * finishes) until `calls` have completed. The first failure rejects the phase.
 */
export async function runWindow(
  call: CallFn,
  options: { calls: number; inFlight: number; firstIndex: number },
): Promise<{ latenciesUs: Float64Array; wallMs: number }> {
  const { calls, inFlight, firstIndex } = options;
  const latenciesUs = new Float64Array(calls);
  let next = 0;
  let failed = false;
  const started = process.hrtime.bigint();
  const lane = async (): Promise<void> => {
    while (next < calls && !failed) {
      const slot = next++;
      const t0 = process.hrtime.bigint();
      try {
        await call(firstIndex + slot);
      } catch (error) {
        failed = true; // the other lanes stop starting calls
        throw error;
      }
      latenciesUs[slot] = Number(process.hrtime.bigint() - t0) / 1_000;
    }
  };
  const lanes: Promise<void>[] = [];
  for (let k = 0; k < Math.min(inFlight, calls); k++) lanes.push(lane());
  await Promise.all(lanes);
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { latenciesUs, wallMs };
}

/** Runs one phase and summarises it. */
export async function measurePhase(
  call: CallFn,
  options: { calls: number; inFlight: number; firstIndex: number },
): Promise<PhaseResult> {
  const { latenciesUs, wallMs } = await runWindow(call, options);
  return {
    inFlight: options.inFlight,
    calls: options.calls,
    wallMs: Math.round(wallMs),
    callsPerSec: Math.round((options.calls / wallMs) * 1_000),
    ...summarize(latenciesUs),
  };
}
