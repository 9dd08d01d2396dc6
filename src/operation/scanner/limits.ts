/**
 * @module operation/scanner/limits
 * Default caps of a scan. Every loop in the scanner is bounded by one of these, so a hostile
 * definition (a megabyte of text, deep nesting, nested encodings) costs bounded time and memory.
 */
import type { ScanLimits } from './types.js';

export const DEFAULT_LIMITS: ScanLimits = {
  maxDepth: 48,
  maxNodes: 20_000,
  maxFieldChars: 4 * 1024 * 1024,
  phraseWindow: 16 * 1024,
  phraseBudget: 256 * 1024,
  maxDecodeDepth: 3,
  decodeBudget: 64 * 1024,
  maxFindings: 64,
};

/** The defaults with `overrides` applied. */
export function resolveLimits(overrides: Partial<ScanLimits> | undefined): ScanLimits {
  return overrides ? { ...DEFAULT_LIMITS, ...overrides } : DEFAULT_LIMITS;
}
