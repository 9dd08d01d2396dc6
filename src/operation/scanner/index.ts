/**
 * Public surface of operation/scanner: the definition scanner. The complete list; any new export
 * here is public API. See docs/scanner.md.
 */
export { ScanCache } from './cache.js';
export { DEFAULT_LIMITS } from './limits.js';
export { RULE_IDS } from './rule-ids.js';
export { scanDefinition } from './scan.js';
export type {
  Finding,
  ItemKind,
  RuleId,
  ScanItem,
  ScanLimits,
  ScanOptions,
  ScanResult,
  Severity,
  Verdict,
} from './types.js';
