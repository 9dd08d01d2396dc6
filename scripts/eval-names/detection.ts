/**
 * @module scripts/eval-names/detection
 * Synthetic typosquats of the real names, one mutation kind at a time, each published by a new
 * owner and checked against every real name. A squat is caught when the check reports the name it
 * imitates; rates are given per kind and per field (server name, npm identifier, namespace), and
 * for the typing mistakes also for names whose distinctive part has 6 letters or more (shorter
 * names are compared by equality only, by design).
 */
import type { NameIndex, SimilarName } from '../../src/creation/names/index.js';
import { parseName } from '../../src/creation/names/index.js';
import type { MutationType } from './mutations.js';
import { mutate, MUTATION_TYPES } from './mutations.js';
import type { Rng } from './prng.js';
import { seededRng } from './prng.js';
import type { RealEntry } from './real-names.js';

/** Outcomes of one kind of squat. */
export interface DetectionRow {
  readonly type: MutationType;
  readonly field: 'name' | 'npm' | 'namespace';
  readonly squats: number;
  readonly reject: number;
  readonly review: number;
  readonly missed: number;
  /** The same, for targets whose distinctive part has at least 6 letters. */
  readonly long: { readonly squats: number; readonly caught: number };
  readonly missedExamples: readonly string[];
}

/** Letters of the distinctive part (outside mcp/server) of a name. */
function coreLength(name: string): number {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '' && !['mcp', 'server', 'servers'].includes(t))
    .join('').length;
}

interface Target {
  readonly entry: RealEntry;
  /** The part that is mutated. */
  readonly part: string;
  /** Builds the squatter's name from the mutated part. */
  readonly build: (mutated: string) => string;
  /** Whether a reported similar name is the target. */
  readonly hits: (similar: SimilarName) => boolean;
}

function targets(entries: readonly RealEntry[], field: DetectionRow['field']): Target[] {
  const out: Target[] = [];
  for (const entry of entries) {
    const parsed = parseName(entry.name);
    if (field === 'name' && parsed.kind === 'server') {
      out.push({
        entry,
        part: parsed.name,
        build: (m) => `io.github.squatter/${m}`,
        hits: (s) => s.field === 'name' && s.name === entry.name,
      });
    } else if (field === 'namespace' && parsed.kind === 'server') {
      const labels = parsed.namespace.split('.');
      const last = labels.at(-1) ?? '';
      out.push({
        entry,
        part: last,
        build: (m) => `${[...labels.slice(0, -1), m].join('.')}/zq-weather-report`,
        hits: (s) => s.field === 'namespace' && s.owner === entry.owner,
      });
    } else if (field === 'npm') {
      for (const npm of entry.npm ?? []) {
        const scoped = /^@([^/]+)\/(.+)$/.exec(npm);
        out.push({
          entry,
          part: scoped ? (scoped[2] ?? '') : npm,
          build: (m) => (scoped ? `@squatter/${m}` : m),
          hits: (s) => s.field === 'npm' && s.name === entry.name,
        });
      }
    }
  }
  return out;
}

function sample<T>(rng: Rng, list: readonly T[], n: number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, n);
}

const TYPING: readonly MutationType[] = ['transposition', 'deletion', 'insertion', 'substitution'];

/** Detection rates of every mutation kind against `index` (built from `entries`). */
export function detection(
  index: NameIndex,
  entries: readonly RealEntry[],
  options: { perType?: number; seed?: number } = {},
): DetectionRow[] {
  const rows: DetectionRow[] = [];
  for (const field of ['name', 'npm', 'namespace'] as const) {
    const pool = targets(entries, field);
    for (const type of MUTATION_TYPES) {
      if (field === 'npm' && (type === 'case' || type === 'fullwidth')) continue;
      const rng = seededRng(
        (options.seed ?? 6) * 7919 + MUTATION_TYPES.indexOf(type) * 31 + field.length,
      );
      let squats = 0;
      let reject = 0;
      let review = 0;
      let longSquats = 0;
      let longCaught = 0;
      const missedExamples: string[] = [];
      for (const target of sample(rng, pool, options.perType ?? 300)) {
        const mutated = mutate(type, target.part, rng);
        if (mutated === undefined || mutated === target.part) continue;
        const name = target.build(mutated);
        const result = index.check(
          field === 'npm'
            ? { name: 'io.github.squatter/zq-weather-report', owner: 'squatter', npm: [name] }
            : { name, owner: 'squatter' },
        );
        const hit = result.similar.filter(target.hits);
        squats++;
        // The check's own verdict once the target is named: a name rejected for an invisible
        // character of its own is refused at publish too.
        const verdict = hit.length === 0 ? 'missed' : result.verdict;
        if (verdict === 'reject') reject++;
        else if (verdict === 'review') review++;
        else if (missedExamples.length < 5) missedExamples.push(`${name} (of ${target.part})`);
        if (TYPING.includes(type) && coreLength(target.part) >= 6) {
          longSquats++;
          if (verdict !== 'missed') longCaught++;
        }
      }
      rows.push({
        type,
        field,
        squats,
        reject,
        review,
        missed: squats - reject - review,
        long: { squats: longSquats, caught: longCaught },
        missedExamples,
      });
    }
  }
  return rows;
}
