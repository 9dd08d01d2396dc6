/**
 * @module scripts/eval-names/false-alarms
 * Every real name checked against all the others. A flag is sorted into: the same name (equal
 * after case, separators and affixes: another vendor's server for the same product), a benign
 * look-alike the data set lists (benign_near_collisions.csv), or a false alarm (names that differ
 * and are not listed).
 */
import type { EditDistanceLimit, NameCheck, SimilarName } from '../../src/creation/names/index.js';
import { NameIndex } from '../../src/creation/names/index.js';
import type { BenignList, RealEntry } from './real-names.js';
import { normalizeDisplay, pairKey } from './real-names.js';

/** How one flagged pair was sorted. */
export type FlagKind = 'same-name' | 'listed-benign' | 'false-alarm';

/** One flagged pair of real names. */
export interface FlaggedPair {
  readonly a: string;
  readonly b: string;
  readonly verdict: 'review' | 'reject';
  readonly reason: SimilarName['reason'];
  readonly field: string;
  readonly kind: FlagKind;
}

/** The false-alarm report of one list. */
export interface FalseAlarmReport {
  readonly names: number;
  readonly verdicts: Readonly<Record<NameCheck['verdict'], number>>;
  /** Names with a flag that is neither the same name nor a listed benign look-alike. */
  readonly namesWithFalseAlarm: Readonly<Record<'review' | 'reject', number>>;
  readonly pairs: Readonly<Record<FlagKind, number>>;
  readonly falseAlarms: readonly FlaggedPair[];
  readonly rejectedPairs: readonly FlaggedPair[];
}

function kindOf(a: RealEntry, b: RealEntry, similar: SimilarName, benign: BenignList): FlagKind {
  const da = a.displays.map(normalizeDisplay);
  const db = b.displays.map(normalizeDisplay);
  if (da.some((x) => db.includes(x) && benign.sameName.has(x))) return 'listed-benign';
  if (da.some((x) => db.some((y) => benign.pairs.has(pairKey(x, y))))) return 'listed-benign';
  if (similar.reason === 'same-normalized' || similar.reason === 'same-base-name') {
    return 'same-name';
  }
  return 'false-alarm';
}

/** Checks every entry against all the others and sorts the flags. */
export function falseAlarms(
  entries: readonly RealEntry[],
  benign: BenignList,
  limits?: readonly EditDistanceLimit[],
): FalseAlarmReport {
  const index = new NameIndex(entries, limits ? { limits } : {});
  const byName = new Map(entries.map((e) => [e.name, e]));
  const verdicts = { ok: 0, review: 0, reject: 0 };
  const namesWithFalseAlarm = { review: 0, reject: 0 };
  const pairs = new Map<string, FlaggedPair>();
  for (const entry of entries) {
    const result = index.check(entry);
    verdicts[result.verdict]++;
    let worstFalse: 'review' | 'reject' | undefined;
    for (const similar of result.similar) {
      const other = byName.get(similar.name);
      if (other === undefined) continue;
      const kind = kindOf(entry, other, similar, benign);
      if (kind === 'false-alarm' && worstFalse !== 'reject') worstFalse = similar.verdict;
      const key = [entry.name, other.name].sort().join('\u0000');
      const before = pairs.get(key);
      if (before === undefined || (before.verdict === 'review' && similar.verdict === 'reject')) {
        const [a = '', b = ''] = [entry.name, other.name].sort();
        pairs.set(key, {
          a,
          b,
          verdict: similar.verdict,
          reason: similar.reason,
          field: `${similar.field}/${similar.otherField}`,
          kind,
        });
      }
    }
    if (worstFalse !== undefined) namesWithFalseAlarm[worstFalse]++;
  }
  const all = [...pairs.values()];
  const count = (kind: FlagKind) => all.filter((p) => p.kind === kind).length;
  return {
    names: entries.length,
    verdicts,
    namesWithFalseAlarm,
    pairs: {
      'same-name': count('same-name'),
      'listed-benign': count('listed-benign'),
      'false-alarm': count('false-alarm'),
    },
    falseAlarms: all.filter((p) => p.kind === 'false-alarm'),
    rejectedPairs: all.filter((p) => p.verdict === 'reject'),
  };
}

/** The data set's listed one-edit pairs, each checked against the other as another owner's. */
export function listedPairVerdicts(
  benign: BenignList,
): { a: string; b: string; verdict: NameCheck['verdict'] }[] {
  return [...benign.pairs].map((key) => {
    const [a = '', b = ''] = key.split('\u0000');
    // Owners far apart, so only the names can be similar.
    const index = new NameIndex([{ name: `io.github.kestrel/${b}` }]);
    return { a, b, verdict: index.check(`io.github.wombat/${a}`).verdict };
  });
}
