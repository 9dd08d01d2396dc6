/** The bench's command line: the number of timed starts of the start benchmark. */
import { describe, expect, it } from 'vitest';

import { parseOptions } from '../../../scripts/bench/index.js';

describe('parseOptions --starts', () => {
  it('refuses a count that is not a whole number from 1 to 10000', () => {
    for (const bad of ['0', '-3', '2.5', 'many', '10001']) {
      const parsed = parseOptions([`--starts=${bad}`]);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.problem).toContain(`--starts "${bad}"`);
    }
  });

  it('defaults to 30 starts, 10 with --quick, and takes a given count', () => {
    const starts = (argv: string[]) => {
      const parsed = parseOptions(argv);
      return parsed.ok ? parsed.options.starts : undefined;
    };
    expect(starts([])).toBe(30);
    expect(starts(['--quick'])).toBe(10);
    expect(starts(['--quick', '--starts', '50'])).toBe(50);
  });
});

describe('parseOptions --windows', () => {
  it('refuses windows that are not whole numbers from 1 to 4096', () => {
    for (const bad of ['0', '1,x', '2.5', '5000', '']) {
      const parsed = parseOptions(['--windows', bad]);
      expect(parsed.ok).toBe(false);
    }
  });

  it('defaults to 1, 8 and 64 calls in flight, and takes a list', () => {
    const windows = (argv: string[]) => {
      const parsed = parseOptions(argv);
      return parsed.ok ? parsed.options.windows : undefined;
    };
    expect(windows([])).toEqual([1, 8, 64]);
    expect(windows(['--windows', '64'])).toEqual([64]);
    expect(windows(['--windows', '1, 64'])).toEqual([1, 64]);
  });
});

describe('parseOptions --warmup', () => {
  it('refuses a count that is not a whole number from 0 to 1000000', () => {
    for (const bad of ['-1', '2.5', 'lots', '1000001']) {
      const parsed = parseOptions([`--warmup=${bad}`]);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.problem).toContain(`--warmup "${bad}"`);
    }
  });

  it('defaults to 5000 warm-up calls, 50 with --quick, and takes a given count (0 too)', () => {
    const warmup = (argv: string[]) => {
      const parsed = parseOptions(argv);
      return parsed.ok ? parsed.options.warmup : undefined;
    };
    expect(warmup([])).toBe(5_000);
    expect(warmup(['--quick'])).toBe(50);
    expect(warmup(['--warmup', '0'])).toBe(0);
    expect(warmup(['--quick', '--warmup', '300'])).toBe(300);
  });
});
