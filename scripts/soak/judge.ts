/**
 * @module scripts/soak/judge
 * Decides whether a long run grew. Memory of a healthy Node process saws up and down with garbage
 * collection, so single samples prove nothing: after a warm-up, the run is cut in thirds and the
 * first third's level is held against the last third's. The heap's level is its lowest sample in
 * the part (what is left right after a collection: the live data); the resident set's is its
 * median. Growth beyond both an absolute and a relative allowance fails the run.
 */

/** One sample of the gateway process. */
export interface MemorySample {
  /** Seconds since the run started. */
  readonly t: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Open host sessions (`gatehouse_sessions`, all fronts). */
  readonly sessions: number;
  /** Calls completed so far. */
  readonly calls: number;
}

export interface GrowthLimits {
  /** Share of the run, from its start, left out as warm-up (0–0.9). */
  readonly warmupFraction: number;
  readonly heapAllowanceBytes: number;
  readonly heapAllowanceShare: number;
  readonly rssAllowanceBytes: number;
  readonly rssAllowanceShare: number;
}

export const DEFAULT_LIMITS: GrowthLimits = {
  warmupFraction: 0.2,
  heapAllowanceBytes: 8 * 1024 * 1024,
  heapAllowanceShare: 0.15,
  rssAllowanceBytes: 24 * 1024 * 1024,
  rssAllowanceShare: 0.15,
};

export interface GrowthMeasure {
  readonly first: number;
  readonly last: number;
  readonly growth: number;
  readonly allowed: number;
  readonly ok: boolean;
}

export type GrowthVerdict =
  | { readonly ok: true; readonly heap: GrowthMeasure; readonly rss: GrowthMeasure }
  | {
      readonly ok: false;
      readonly problems: readonly string[];
      readonly heap?: GrowthMeasure;
      readonly rss?: GrowthMeasure;
    };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function measure(first: number, last: number, bytes: number, share: number): GrowthMeasure {
  const allowed = Math.max(bytes, first * share);
  return { first, last, growth: last - first, allowed, ok: last - first <= allowed };
}

const MIB = 1024 * 1024;
const mib = (bytes: number): string => `${(bytes / MIB).toFixed(1)} MiB`;

/** Judges a run's samples; needs at least six samples after the warm-up. */
export function judgeGrowth(
  samples: readonly MemorySample[],
  limits: GrowthLimits = DEFAULT_LIMITS,
): GrowthVerdict {
  if (samples.length === 0) return { ok: false, problems: ['no samples'] };
  const end = samples.at(-1)?.t ?? 0;
  const settled = samples.filter((s) => s.t >= end * limits.warmupFraction);
  if (settled.length < 6) {
    return { ok: false, problems: [`${settled.length} samples after the warm-up; 6 needed`] };
  }
  const third = Math.floor(settled.length / 3);
  const head = settled.slice(0, third);
  const tail = settled.slice(settled.length - third);
  const heap = measure(
    Math.min(...head.map((s) => s.heapUsedBytes)),
    Math.min(...tail.map((s) => s.heapUsedBytes)),
    limits.heapAllowanceBytes,
    limits.heapAllowanceShare,
  );
  const rss = measure(
    median(head.map((s) => s.rssBytes)),
    median(tail.map((s) => s.rssBytes)),
    limits.rssAllowanceBytes,
    limits.rssAllowanceShare,
  );
  const problems: string[] = [];
  if (!heap.ok) {
    problems.push(
      `heap grew ${mib(heap.growth)} (${mib(heap.first)} → ${mib(heap.last)}; allowed ${mib(heap.allowed)})`,
    );
  }
  if (!rss.ok) {
    problems.push(
      `RSS grew ${mib(rss.growth)} (${mib(rss.first)} → ${mib(rss.last)}; allowed ${mib(rss.allowed)})`,
    );
  }
  return problems.length === 0 ? { ok: true, heap, rss } : { ok: false, problems, heap, rss };
}
