/**
 * @module scripts/bench/percentile
 * Latency statistics for one phase of a benchmark row.
 */

/** Summary of a set of per-call latencies, all in microseconds. */
export interface LatencySummary {
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p99Us: number;
  readonly meanUs: number;
  readonly maxUs: number;
}

/**
 * The nearest-rank percentile of `sorted` (ascending): the smallest value such that at least
 * `p` percent of the values are at or below it. `p` is in (0, 100]; an empty list has none.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile ${p}: expected 0 < p <= 100`);
  if (sorted.length === 0) throw new RangeError('percentile of an empty list');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

/** Sorts a copy of `latenciesUs` and summarises it (values rounded to whole microseconds). */
export function summarize(latenciesUs: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(latenciesUs).sort();
  let total = 0;
  for (const value of sorted) total += value;
  return {
    p50Us: Math.round(percentile(sorted, 50)),
    p90Us: Math.round(percentile(sorted, 90)),
    p99Us: Math.round(percentile(sorted, 99)),
    meanUs: Math.round(total / sorted.length),
    maxUs: Math.round(sorted[sorted.length - 1] as number),
  };
}
