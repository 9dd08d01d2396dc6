/**
 * @module scripts/eval/score
 * Scores scanner verdicts against the labelled corpus: recall per attack type (share flagged
 * high, and medium or above), every benign definition with a finding (false positives), and how
 * the out-of-scope definitions fared.
 */
import type { Finding, ScanResult, Verdict } from '../../src/operation/scanner/index.js';
import type { LabelledItem } from './corpus.js';

export interface Scored extends LabelledItem {
  readonly result: ScanResult;
}

export interface TypeRecall {
  readonly attackType: string;
  readonly sources: readonly string[];
  readonly total: number;
  readonly high: number;
  readonly mediumOrAbove: number;
  /** Poisoned definitions not flagged high, with their verdict. */
  readonly missed: readonly { readonly id: string; readonly verdict: Verdict }[];
}

export interface FalsePositive {
  readonly id: string;
  readonly source: string;
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
}

export interface Score {
  readonly recall: readonly TypeRecall[];
  readonly overall: {
    readonly total: number;
    readonly high: number;
    readonly mediumOrAbove: number;
  };
  readonly benign: {
    readonly total: number;
    readonly bySource: Readonly<Record<string, number>>;
    readonly verdicts: Readonly<Record<Verdict, number>>;
    readonly falsePositives: readonly FalsePositive[];
  };
  readonly outOfScope: readonly {
    readonly attackType: string;
    readonly total: number;
    readonly verdicts: Readonly<Record<Verdict, number>>;
  }[];
}

const emptyVerdicts = (): Record<Verdict, number> => ({ clean: 0, low: 0, medium: 0, high: 0 });

export function score(scored: readonly Scored[]): Score {
  const byType = new Map<string, Scored[]>();
  for (const s of scored.filter((x) => x.label === 'poisoned')) {
    const key = s.attackType ?? 'unlabelled';
    byType.set(key, [...(byType.get(key) ?? []), s]);
  }
  const recall: TypeRecall[] = [...byType.entries()].map(([attackType, items]) => ({
    attackType,
    sources: [...new Set(items.map((i) => i.source))],
    total: items.length,
    high: items.filter((i) => i.result.verdict === 'high').length,
    mediumOrAbove: items.filter((i) => i.result.verdict === 'high' || i.result.verdict === 'medium')
      .length,
    missed: items
      .filter((i) => i.result.verdict !== 'high')
      .map((i) => ({ id: i.id, verdict: i.result.verdict })),
  }));
  const total = recall.reduce((n, r) => n + r.total, 0);
  const benignItems = scored.filter((x) => x.label === 'benign');
  const verdicts = emptyVerdicts();
  const bySource: Record<string, number> = {};
  for (const b of benignItems) {
    verdicts[b.result.verdict] += 1;
    bySource[b.source] = (bySource[b.source] ?? 0) + 1;
  }
  const outTypes = new Map<string, Record<Verdict, number>>();
  for (const o of scored.filter((x) => x.label === 'out-of-scope')) {
    const key = o.attackType ?? 'unlabelled';
    const v = outTypes.get(key) ?? emptyVerdicts();
    v[o.result.verdict] += 1;
    outTypes.set(key, v);
  }
  return {
    recall,
    overall: {
      total,
      high: recall.reduce((n, r) => n + r.high, 0),
      mediumOrAbove: recall.reduce((n, r) => n + r.mediumOrAbove, 0),
    },
    benign: {
      total: benignItems.length,
      bySource,
      verdicts,
      falsePositives: benignItems
        .filter((b) => b.result.findings.length > 0)
        .map((b) => ({
          id: b.id,
          source: b.source,
          verdict: b.result.verdict,
          findings: b.result.findings,
        })),
    },
    outOfScope: [...outTypes.entries()].map(([attackType, v]) => ({
      attackType,
      total: Object.values(v).reduce((a, b) => a + b, 0),
      verdicts: v,
    })),
  };
}
