/** The soak's growth verdict: a sawtooth passes, a rising floor or a rising RSS fails. */
import { describe, expect, it } from 'vitest';

import type { MemorySample } from '../../../scripts/soak/index.js';
import { DEFAULT_LIMITS, judgeGrowth } from '../../../scripts/soak/index.js';

const MIB = 1024 * 1024;

/** 60 samples a second apart; heap and RSS given per sample index. */
function run(heap: (i: number) => number, rss: (i: number) => number): MemorySample[] {
  return Array.from({ length: 60 }, (_, i) => ({
    t: i,
    heapUsedBytes: heap(i) * MIB,
    rssBytes: rss(i) * MIB,
    sessions: 1,
    calls: i * 100,
  }));
}

describe('judgeGrowth', () => {
  it('fails a heap whose floor keeps rising (a leak under the sawtooth)', () => {
    const verdict = judgeGrowth(
      run(
        (i) => 30 + i * 0.5 + (i % 5) * 4,
        () => 120,
      ),
    );
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.problems.join()).toMatch(/^heap grew/);
  });

  it('fails a resident set that keeps rising beyond its allowance', () => {
    const verdict = judgeGrowth(
      run(
        (i) => 30 + (i % 5) * 4,
        (i) => 100 + i,
      ),
    );
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.problems.join()).toMatch(/RSS grew/);
  });

  it('fails a run too short to judge', () => {
    expect(
      judgeGrowth(
        run(
          () => 30,
          () => 100,
        ).slice(0, 5),
      ).ok,
    ).toBe(false);
    expect(judgeGrowth([]).ok).toBe(false);
  });

  it('passes a steady sawtooth, and ignores growth during the warm-up', () => {
    const warm = Math.ceil(60 * DEFAULT_LIMITS.warmupFraction);
    const verdict = judgeGrowth(
      run(
        (i) => (i < warm ? 10 + i * 3 : 40) + (i % 7) * 5,
        (i) => (i < warm ? 60 + i * 5 : 120) + (i % 3),
      ),
    );
    expect(verdict.ok).toBe(true);
    if (verdict.ok) {
      expect(verdict.heap.growth).toBe(0);
      expect(verdict.rss.growth / MIB).toBeLessThan(2);
    }
  });
});
