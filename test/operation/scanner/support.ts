/** Helpers for the scanner tests: scan a description or a definition, read one rule's result. */
import { readFileSync } from 'node:fs';

import type {
  ItemKind,
  RuleId,
  ScanResult,
  Severity,
  Verdict,
} from '../../../src/operation/scanner/index.js';
import { scanDefinition } from '../../../src/operation/scanner/index.js';

const RANK: Record<Verdict, number> = { clean: 0, low: 1, medium: 2, high: 3 };

/** Scans a tool whose description is `description`. */
export function scanText(description: string, kind: ItemKind = 'tool'): ScanResult {
  if (kind === 'instructions') return scanDefinition({ kind, name: '', definition: description });
  return scanDefinition({ kind, name: 'probe', definition: { name: 'probe', description } });
}

/** Scans a tool definition. */
export function scanTool(definition: Record<string, unknown>, kind: ItemKind = 'tool'): ScanResult {
  return scanDefinition({
    kind,
    name: typeof definition.name === 'string' ? definition.name : '',
    definition,
  });
}

/** The highest severity of `ruleId`'s findings, or `undefined` when it found nothing. */
export function severityOf(result: ScanResult, ruleId: RuleId): Severity | undefined {
  let best: Severity | undefined;
  for (const f of result.findings) {
    if (f.ruleId === ruleId && (best === undefined || RANK[f.severity] > RANK[best]))
      best = f.severity;
  }
  return best;
}

/** `a` is at most `b`. */
export function atMost(a: Verdict, b: Verdict): boolean {
  return RANK[a] <= RANK[b];
}

export interface CorpusCase {
  readonly id: string;
  readonly kind: ItemKind;
  readonly definition: unknown;
  readonly rules?: readonly RuleId[];
  readonly max?: Verdict;
  readonly why?: string;
}

/** A labelled corpus file of test/fixtures/scanner. */
export function loadCorpus(name: 'poisoned' | 'benign'): readonly CorpusCase[] {
  const url = new URL(`../../fixtures/scanner/${name}.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: CorpusCase[] }).cases;
}
