/**
 * @module scripts/eval-names/mutations
 * Typosquats of a name, one kind at a time, as squatters make them: look-alike characters
 * (homoglyphs, fullwidth, invisible characters, digits for letters, `rn`/`m`-style pairs), case,
 * separators and affixes, and the four typing mistakes (transposition, deletion, insertion,
 * substitution). Edits land in the distinctive part of a name, never only in `mcp`/`server`.
 */
import type { Rng } from './prng.js';
import { pick } from './prng.js';

/** The kinds of typosquat. */
export const MUTATION_TYPES = [
  'homoglyph',
  'fullwidth',
  'invisible',
  'digit-for-letter',
  'letter-pair',
  'case',
  'separator',
  'affix',
  'transposition',
  'deletion',
  'insertion',
  'substitution',
] as const;

export type MutationType = (typeof MUTATION_TYPES)[number];

const HOMOGLYPHS: Readonly<Record<string, readonly string[]>> = {
  a: ['\u0430', '\u03b1'],
  c: ['\u0441', '\u03f2'],
  e: ['\u0435'],
  i: ['\u0456', '\u0131'],
  j: ['\u0458'],
  o: ['\u043e', '\u03bf'],
  p: ['\u0440', '\u03c1'],
  s: ['\u0455'],
  x: ['\u0445', '\u03c7'],
  y: ['\u0443'],
  h: ['\u04bb'],
  n: ['\u0578'],
  v: ['\u03bd'],
};

const DIGITS: Readonly<Record<string, string>> = {
  o: '0',
  l: '1',
  i: '1',
  s: '5',
  e: '3',
  a: '4',
  b: '6',
  g: '9',
  t: '7',
  z: '2',
};

const PAIRS: readonly (readonly [string, string])[] = [
  ['m', 'rn'],
  ['rn', 'm'],
  ['w', 'vv'],
  ['d', 'cl'],
  ['cl', 'd'],
];

const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e', '\u202e'];

const KEYBOARD = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

const GENERIC = new Set(['mcp', 'server', 'servers', 'srv']);

const AFFIXES_ADD: readonly ((core: string) => string)[] = [
  (s) => `mcp-${s}`,
  (s) => `${s}-mcp`,
  (s) => `${s}-server`,
  (s) => `mcp-server-${s}`,
  (s) => `${s}-mcp-server`,
];

/** Positions of ASCII letters outside generic tokens (`mcp`, `server`). */
function corePositions(name: string): number[] {
  const positions: number[] = [];
  const re = /[A-Za-z0-9]+/g;
  for (let m = re.exec(name); m !== null; m = re.exec(name)) {
    if (GENERIC.has(m[0].toLowerCase())) continue;
    for (let i = 0; i < m[0].length; i++) {
      if (/[A-Za-z]/.test(m[0][i] ?? '')) positions.push(m.index + i);
    }
  }
  return positions;
}

function replaceAt(s: string, i: number, length: number, by: string): string {
  return s.slice(0, i) + by + s.slice(i + length);
}

function neighbour(rng: Rng, ch: string): string | undefined {
  for (const row of KEYBOARD) {
    const i = row.indexOf(ch.toLowerCase());
    if (i < 0) continue;
    const options = [row[i - 1], row[i + 1]].filter((c): c is string => c !== undefined);
    return options.length > 0 ? pick(rng, options) : undefined;
  }
  return undefined;
}

/** `name` with one typosquat of kind `type`, or `undefined` when the kind does not apply. */
export function mutate(type: MutationType, name: string, rng: Rng): string | undefined {
  const core = corePositions(name);
  const at = (filter: (ch: string, i: number) => boolean): number | undefined => {
    const options = core.filter((i) => filter(name[i] ?? '', i));
    return options.length > 0 ? pick(rng, options) : undefined;
  };
  switch (type) {
    case 'homoglyph': {
      const i = at((ch) => HOMOGLYPHS[ch] !== undefined);
      return i === undefined
        ? undefined
        : replaceAt(name, i, 1, pick(rng, HOMOGLYPHS[name[i] ?? ''] ?? []));
    }
    case 'fullwidth': {
      const i = at((ch) => /[a-z]/.test(ch));
      if (i === undefined) return undefined;
      return replaceAt(name, i, 1, String.fromCodePoint(0xff41 + (name.charCodeAt(i) - 97)));
    }
    case 'invisible': {
      const i = at((_, i) => i > 0);
      return i === undefined ? undefined : replaceAt(name, i, 0, pick(rng, INVISIBLES));
    }
    case 'digit-for-letter': {
      const i = at((ch) => DIGITS[ch] !== undefined);
      return i === undefined ? undefined : replaceAt(name, i, 1, DIGITS[name[i] ?? ''] ?? '');
    }
    case 'letter-pair': {
      const options = PAIRS.flatMap(([from, to]) =>
        core.filter((i) => name.startsWith(from, i)).map((i) => [i, from, to] as const),
      );
      if (options.length === 0) return undefined;
      const [i, from, to] = pick(rng, options);
      return replaceAt(name, i, from.length, to);
    }
    case 'case': {
      const letters = core.filter((i) => /[a-z]/.test(name[i] ?? ''));
      if (letters.length === 0) return undefined;
      let out = name;
      for (const i of [pick(rng, letters), pick(rng, letters)]) {
        out = replaceAt(out, i, 1, (out[i] ?? '').toUpperCase());
      }
      return out;
    }
    case 'separator': {
      const seps = [...name.matchAll(/[-_.]/g)].map((m) => m.index);
      if (seps.length > 0 && rng() < 0.7) {
        const i = pick(rng, seps);
        return replaceAt(
          name,
          i,
          1,
          pick(
            rng,
            ['', '_', '-', '.'].filter((c) => c !== name[i]),
          ),
        );
      }
      const i = at((ch, i) => i > 0 && /[a-z]/i.test(name[i - 1] ?? ''));
      return i === undefined ? undefined : replaceAt(name, i, 0, pick(rng, ['-', '_']));
    }
    case 'affix': {
      const stripped = name.replace(
        /^(mcp[-_]server[-_]|mcp[-_]|server[-_])|([-_]mcp[-_]server|[-_]mcp|[-_]server)$/gi,
        '',
      );
      if (stripped !== name && stripped !== '' && rng() < 0.5) return stripped;
      return pick(rng, AFFIXES_ADD)(stripped === '' ? name : stripped);
    }
    case 'transposition': {
      const i = at((ch, i) => /[a-z]/i.test(name[i + 1] ?? '') && name[i + 1] !== ch);
      return i === undefined
        ? undefined
        : replaceAt(name, i, 2, `${name[i + 1] ?? ''}${name[i] ?? ''}`);
    }
    case 'deletion': {
      const i = at(() => true);
      return i === undefined ? undefined : replaceAt(name, i, 1, '');
    }
    case 'insertion': {
      const i = at(() => true);
      if (i === undefined) return undefined;
      const ch = name[i] ?? '';
      return replaceAt(name, i, 0, rng() < 0.5 ? ch : (neighbour(rng, ch) ?? ch));
    }
    case 'substitution': {
      const i = at((ch) => neighbour(rng, ch) !== undefined);
      return i === undefined
        ? undefined
        : replaceAt(name, i, 1, neighbour(rng, name[i] ?? '') ?? '');
    }
  }
}
