/**
 * @module scripts/eval-names/prng
 * A seeded pseudo-random generator (mulberry32), so the synthetic names and typosquats of the
 * eval and the bench are the same on every run.
 */

/** A generator of numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32 seeded with `seed`. */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** A random element of a non-empty list. */
export function pick<T>(rng: Rng, list: readonly T[]): T {
  const value = list[randomInt(rng, list.length)];
  if (value === undefined) throw new RangeError('pick from an empty list');
  return value;
}
