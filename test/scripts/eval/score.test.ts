/** Scoring: recall per attack type, false positives, out-of-scope tallies. */
import { describe, expect, it } from 'vitest';

import { score } from '../../../scripts/eval/score.js';
import type { ScanResult } from '../../../src/operation/scanner/index.js';

const result = (verdict: ScanResult['verdict']): ScanResult => ({
  verdict,
  findings:
    verdict === 'clean'
      ? []
      : [
          {
            ruleId: 'padding',
            severity: verdict,
            item: { kind: 'tool', name: 'x' },
            pointer: '',
            evidence: '',
            message: '',
          },
        ],
});
const item = { kind: 'tool' as const, name: 'x', definition: {} };

describe('score', () => {
  it('counts recall per attack type and overall, and lists what was missed', () => {
    const s = score([
      { id: 'a', source: 's', label: 'poisoned', attackType: 'A', item, result: result('high') },
      { id: 'b', source: 's', label: 'poisoned', attackType: 'A', item, result: result('medium') },
      { id: 'c', source: 't', label: 'poisoned', attackType: 'B', item, result: result('high') },
    ]);
    expect(s.recall).toEqual([
      {
        attackType: 'A',
        sources: ['s'],
        total: 2,
        high: 1,
        mediumOrAbove: 2,
        missed: [{ id: 'b', verdict: 'medium' }],
      },
      { attackType: 'B', sources: ['t'], total: 1, high: 1, mediumOrAbove: 1, missed: [] },
    ]);
    expect(s.overall).toEqual({ total: 3, high: 2, mediumOrAbove: 3 });
  });

  it('lists every benign definition with a finding as a false positive', () => {
    const s = score([
      { id: 'ok', source: 's', label: 'benign', item, result: result('clean') },
      { id: 'fp', source: 's', label: 'benign', item, result: result('low') },
      {
        id: 'o',
        source: 's',
        label: 'out-of-scope',
        attackType: 'name',
        item,
        result: result('clean'),
      },
    ]);
    expect(s.benign.verdicts).toEqual({ clean: 1, low: 1, medium: 0, high: 0 });
    expect(s.benign.falsePositives.map((f) => f.id)).toEqual(['fp']);
    expect(s.outOfScope).toEqual([
      { attackType: 'name', total: 1, verdicts: { clean: 1, low: 0, medium: 0, high: 0 } },
    ]);
  });
});
