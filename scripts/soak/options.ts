/**
 * @module scripts/soak/options
 * Command-line options of `node dist/scripts/soak/run.js` (`npm run soak`).
 */
import { parseArgs } from 'node:util';

import { z } from 'zod';

export const USAGE = `Usage: node dist/scripts/soak/run.js [options]

  --minutes N         how long to run (default 10; decimals allowed, e.g. 0.5)
  --rate N            calls per second to aim at (default 200)
  --in-flight N       most calls outstanding at once (default 8)
  --sample-seconds N  seconds between memory samples (default: the run's length / 60, 1 to 10)
  --json FILE         also write the result as JSON to FILE
  --no-save           do not keep the result in bench/results/
  -h, --help          this text

Runs \`gatehouse run --listen 127.0.0.1:<free port>\` in front of server-everything (sandboxed;
pins, scanner, policy and audit on), drives a mix of calls at it, samples the gateway's RSS and
V8 heap, and exits 1 if either grew (see scripts/soak/judge.ts) or a call got a wrong answer.`;

export interface SoakOptions {
  readonly minutes: number;
  readonly rate: number;
  readonly inFlight: number;
  readonly sampleSeconds: number;
  readonly json: string | undefined;
  readonly save: boolean;
  readonly help: boolean;
}

const positive = (max: number) => z.coerce.number().positive().max(max);

export function parseSoakOptions(
  argv: readonly string[],
): { ok: true; options: SoakOptions } | { ok: false; problem: string } {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        minutes: { type: 'string' },
        rate: { type: 'string' },
        'in-flight': { type: 'string' },
        'sample-seconds': { type: 'string' },
        json: { type: 'string' },
        'no-save': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
  const read = (name: string, text: string | undefined, fallback: number, max: number) => {
    if (text === undefined) return { ok: true as const, value: fallback };
    const parsed = positive(max).safeParse(text);
    return parsed.success
      ? { ok: true as const, value: parsed.data }
      : {
          ok: false as const,
          problem: `--${name} "${text}": expected a number above 0, at most ${max}`,
        };
  };
  const minutes = read('minutes', values.minutes, 10, 24 * 60);
  if (!minutes.ok) return minutes;
  const rate = read('rate', values.rate, 200, 100_000);
  if (!rate.ok) return rate;
  const inFlight = read('in-flight', values['in-flight'], 8, 1024);
  if (!inFlight.ok) return inFlight;
  const defaultSample = Math.min(10, Math.max(1, (minutes.value * 60) / 60));
  const sample = read('sample-seconds', values['sample-seconds'], defaultSample, 3600);
  if (!sample.ok) return sample;
  return {
    ok: true,
    options: {
      minutes: minutes.value,
      rate: rate.value,
      inFlight: Math.ceil(inFlight.value),
      sampleSeconds: sample.value,
      json: values.json,
      save: values['no-save'] !== true,
      help: values.help === true,
    },
  };
}
