/**
 * @module scripts/bench/options
 * Command-line options of `node dist/scripts/bench/run.js`.
 */
import { parseArgs } from 'node:util';

import { z } from 'zod';

export const USAGE = `Usage: node dist/scripts/bench/run.js [options]

  --calls N          calls per phase (default 2000; 200 with --quick)
  --warmup N         untimed calls, one at a time, before a row's phases (default 5000; 50 with
                     --quick)
  --quick            smoke run: 200 calls per phase, 50 warm-up calls, 10 starts
  --starts N         timed server starts per start measure (default 30; 10 with --quick)
  --rows a,b         only these rows (ids: see the table, and sandbox-start for the start
                     benchmark; default all)
  --update-readme    rewrite README.md between <!-- bench:start --> and <!-- bench:end -->
  --from FILE        render a saved result (e.g. bench/results/latest.json) instead of measuring
  --no-netns         do not re-run inside a private network namespace (unshare -n)
  --profile DIR      run Gatehouse under --cpu-prof, writing .cpuprofile files to DIR
  --windows a,b      calls in flight per measured phase (default 1,8,64), e.g. 64 to profile
                     one load alone
  -h, --help         this text`;

export interface BenchOptions {
  readonly calls: number;
  /** Timed starts per measure of the start benchmark. */
  readonly starts: number;
  /** Untimed rounds before them. */
  readonly startWarmup: number;
  readonly warmup: number;
  readonly quick: boolean;
  readonly rows: readonly string[] | undefined;
  readonly updateReadme: boolean;
  readonly from: string | undefined;
  readonly netns: boolean;
  readonly profileDir: string | undefined;
  /** Calls in flight of each measured phase. */
  readonly windows: readonly number[];
  readonly help: boolean;
}

const DEFAULT_CALLS = 2_000;
const DEFAULT_WARMUP = 5_000;
const QUICK_CALLS = 200;
const QUICK_WARMUP = 50;
const DEFAULT_STARTS = 30;
const QUICK_STARTS = 10;
const START_WARMUP = 2;

/** Calls in flight per measured phase: sequential, then two fixed windows. */
export const DEFAULT_WINDOWS: readonly number[] = [1, 8, 64];

const windowsSchema = z.array(z.coerce.number().int().min(1).max(4096)).min(1);

/** `--NAME VALUE` as a whole number from `min` to `max`, `fallback` when absent, or the problem. */
function wholeNumber(
  name: string,
  value: string | undefined,
  min: number,
  fallback: number,
  max = 1_000_000,
): number | string {
  if (value === undefined) return fallback;
  const parsed = z.coerce.number().int().min(min).max(max).safeParse(value);
  return parsed.success
    ? parsed.data
    : `--${name} "${value}": expected a whole number from ${String(min)} to ${String(max)}`;
}

export function parseOptions(
  argv: readonly string[],
): { ok: true; options: BenchOptions } | { ok: false; problem: string } {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
  const quick = values.quick === true;
  const calls = wholeNumber('calls', values.calls, 1, quick ? QUICK_CALLS : DEFAULT_CALLS);
  if (typeof calls === 'string') return { ok: false, problem: calls };
  const warmup = wholeNumber('warmup', values.warmup, 0, quick ? QUICK_WARMUP : DEFAULT_WARMUP);
  if (typeof warmup === 'string') return { ok: false, problem: warmup };
  const starts = wholeNumber(
    'starts',
    values.starts,
    1,
    quick ? QUICK_STARTS : DEFAULT_STARTS,
    10_000,
  );
  if (typeof starts === 'string') return { ok: false, problem: starts };
  let windows = DEFAULT_WINDOWS;
  if (values.windows !== undefined) {
    const parsed = windowsSchema.safeParse(values.windows.split(',').map((w) => w.trim()));
    if (!parsed.success)
      return {
        ok: false,
        problem: `--windows "${values.windows}": expected whole numbers from 1 to 4096, comma-separated`,
      };
    windows = parsed.data;
  }
  const rows = values.rows
    ?.split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  return {
    ok: true,
    options: {
      calls,
      starts,
      startWarmup: START_WARMUP,
      warmup,
      quick,
      rows: rows === undefined || rows.length === 0 ? undefined : rows,
      updateReadme: values['update-readme'] === true,
      from: values.from,
      netns: values['no-netns'] !== true,
      profileDir: values.profile,
      windows,
      help: values.help === true,
    },
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      calls: { type: 'string' },
      warmup: { type: 'string' },
      starts: { type: 'string' },
      quick: { type: 'boolean' },
      rows: { type: 'string' },
      'update-readme': { type: 'boolean' },
      from: { type: 'string' },
      'no-netns': { type: 'boolean' },
      profile: { type: 'string' },
      windows: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
