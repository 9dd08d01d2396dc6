/**
 * @module scripts/bench-names/synthetic
 * Realistic synthetic registry names from a seeded generator: owners and products are made of the
 * words of the real names (and pronounceable made-up words), in the shapes real names take
 * (`io.github.<owner>/<word>-mcp`, `mcp-server-<word>`, `com.<owner>/<word>-<word>`), a third
 * with npm identifiers.
 */
import type { NameEntry } from '../../src/creation/names/index.js';
import type { Rng } from '../eval-names/prng.js';
import { pick, randomInt } from '../eval-names/prng.js';

const CONSONANTS = 'bcdfghjklmnprstvwz';
const VOWELS = 'aeiou';
const TLDS = ['com', 'io', 'ai', 'dev', 'app', 'net', 'org', 'co'];
const SHAPES: readonly ((w: string) => string)[] = [
  (w) => w,
  (w) => `${w}-mcp`,
  (w) => `mcp-${w}`,
  (w) => `${w}-mcp-server`,
  (w) => `mcp-server-${w}`,
  (w) => `${w}_mcp`,
];

/** A pronounceable made-up word of 2 to 4 syllables. */
export function madeUpWord(rng: Rng): string {
  let word = '';
  const syllables = 2 + randomInt(rng, 3);
  for (let i = 0; i < syllables; i++) {
    word += pick(rng, [...CONSONANTS]) + pick(rng, [...VOWELS]);
    if (rng() < 0.3) word += pick(rng, [...CONSONANTS]);
  }
  return word;
}

/** The words of real names, for realistic products and owners. */
export function vocabularyOf(entries: readonly NameEntry[]): { words: string[]; owners: string[] } {
  const words = new Set<string>();
  const owners = new Set<string>();
  for (const entry of entries) {
    const [namespace = '', name = ''] = entry.name.split('/');
    owners.add(namespace.split('.').at(-1) ?? namespace);
    for (const token of name.toLowerCase().split(/[^a-z0-9]+/)) {
      if (token.length >= 3 && !['mcp', 'server', 'servers'].includes(token)) words.add(token);
    }
  }
  return { words: [...words], owners: [...owners] };
}

/** A generator of distinct synthetic entries. */
export function syntheticNames(
  rng: Rng,
  vocabulary: { words: readonly string[]; owners: readonly string[] },
  taken: Set<string>,
): () => NameEntry {
  const word = () => (rng() < 0.6 ? pick(rng, vocabulary.words) : madeUpWord(rng));
  const owner = () => {
    const base = rng() < 0.5 ? pick(rng, vocabulary.owners) : madeUpWord(rng);
    const suffix =
      rng() < 0.5 ? '' : pick(rng, ['-dev', '-labs', 'hq', '-ai', String(randomInt(rng, 100))]);
    return `${base}${suffix}`.toLowerCase();
  };
  return () => {
    for (;;) {
      const who = owner();
      const words = Array.from({ length: 1 + randomInt(rng, 2) }, word).join('-');
      const product = pick(rng, SHAPES)(words);
      const namespace = rng() < 0.85 ? `io.github.${who}` : `${pick(rng, TLDS)}.${who}`;
      const name = `${namespace}/${product}`;
      if (taken.has(name)) continue;
      taken.add(name);
      const npm =
        rng() < 0.33 ? [rng() < 0.5 ? `@${who}/${product}` : `${product}-${madeUpWord(rng)}`] : [];
      return { name, owner: who, ...(npm.length > 0 ? { npm } : {}) };
    }
  };
}
