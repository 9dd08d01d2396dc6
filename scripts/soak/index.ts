/**
 * @module scripts/soak
 * The soak run's reusable pieces (the entry point is `run.ts`). This list is the whole surface the
 * tests may use.
 */
export type { GrowthLimits, GrowthMeasure, GrowthVerdict, MemorySample } from './judge.js';
export { DEFAULT_LIMITS, judgeGrowth } from './judge.js';
export type { CallKind } from './mix.js';
export { kindOf, MIX, SoakClient } from './mix.js';
export type { SoakOptions } from './options.js';
export { parseSoakOptions, USAGE } from './options.js';
