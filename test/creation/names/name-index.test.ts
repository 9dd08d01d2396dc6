/**
 * The look-alike check against many names: verdicts for classic typosquats of real server names,
 * benign look-alike pairs from the shared data set, owners never compared with themselves, and
 * the index agreeing with a brute-force scan on random data.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { compareTerms } from '../../../src/creation/names/compare-terms.js';
import type { NameEntry, SimilarName } from '../../../src/creation/names/index.js';
import { NameIndex, ownerOf } from '../../../src/creation/names/index.js';
import { entryTerms } from '../../../src/creation/names/name-entry.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const REAL: NameEntry[] = [
  {
    name: 'io.github.modelcontextprotocol/server-filesystem',
    npm: ['@modelcontextprotocol/server-filesystem'],
  },
  { name: 'io.github.modelcontextprotocol/memory', npm: ['@modelcontextprotocol/server-memory'] },
  { name: 'io.github.github/github-mcp-server' },
  { name: 'io.github.mendableai/firecrawl-mcp-server', npm: ['firecrawl-mcp'] },
  { name: 'io.github.upstash/context7', npm: ['@upstash/context7-mcp'] },
  { name: 'com.stripe/agent-toolkit' },
];
const index = new NameIndex(REAL);

const hitOf = (result: { similar: readonly SimilarName[] }, name: string) =>
  result.similar.find((s) => s.name === name);

describe('NameIndex.check: typosquats of real names', () => {
  it('rejects a name that differs only by look-alike characters', () => {
    for (const squat of [
      'io.github.evil/githu6-mcp-server', // 6 for b
      'io.github.evil/rnemory', // rn for m
      'io.github.evil/mem0ry', // 0 for o
      'io.github.evil/server-fi1esystem', // 1 for l
      'io.github.evil/f\u0456recrawl', // Cyrillic і
      'io.github.evil/c\u043entext7', // Cyrillic о
      'io.github.evil/\uff47\uff49\uff54\uff48\uff55\uff42', // fullwidth
    ]) {
      const result = index.check(squat);
      expect(result.verdict, squat).toBe('reject');
      expect(result.similar[0]?.reason, squat).toMatch(/identical-skeleton|look-alike-skeleton/);
    }
  });

  it('rejects a name with an invisible or bidi character even when nothing else resembles it', () => {
    const result = index.check('io.github.evil/wea\u200bther');
    expect(result.verdict).toBe('reject');
    expect(result.problems?.[0]).toMatch(/invisible or bidi/);
    expect(index.check('io.github.evil/git\u202ehub').verdict).toBe('reject');
  });

  it('flags one typing mistake in a long name for review (server-filesytem)', () => {
    for (const squat of [
      'io.github.evil/server-filesytem', // deletion
      'io.github.evil/server-filesystme', // transposition
      'io.github.evil/firecrawwl', // insertion
    ]) {
      const result = index.check(squat);
      expect(result.verdict, squat).toBe('review');
      expect(result.similar[0]).toMatchObject({ reason: 'edit-distance', distance: 1 });
    }
  });

  it('rejects a namespace that imitates another owner, and an npm scope that does', () => {
    const ns = index.check('io.github.modelcontextprotoco1/weather');
    expect(ns.verdict).toBe('reject');
    expect(ns.similar[0]).toMatchObject({ field: 'namespace', reason: 'identical-skeleton' });
    const scope = index.check({ name: 'io.github.evil/weather', npm: ['@upst4sh/weather'] });
    expect(scope.verdict).toBe('reject');
    expect(scope.similar.some((s) => s.field === 'npm' && s.otherField === 'npm')).toBe(true);
    expect(index.check('com.stripe-mcp/x').verdict).toBe('review'); // an affix only
  });

  it('rejects an unscoped npm name equal to another (npm has one flat namespace)', () => {
    const result = index.check({ name: 'io.github.evil/crawler', npm: ['firecrawl_mcp'] });
    expect(result.verdict).toBe('reject');
    expect(result.similar[0]).toMatchObject({ field: 'npm', reason: 'same-normalized' });
  });

  it('only reviews the same product name under a visibly different owner', () => {
    const result = index.check('io.github.bob/github');
    expect(result.verdict).toBe('review');
    expect(hitOf(result, 'io.github.github/github-mcp-server')?.reason).toBe('same-base-name');
  });

  it('passes unrelated and short near names (git vs gpt style)', () => {
    expect(index.check('io.github.alice/weather-forecast').verdict).toBe('ok');
    const short = new NameIndex([{ name: 'io.github.someone/git' }]);
    expect(short.check('io.github.other/gpt').verdict).toBe('ok');
  });
});

describe('NameIndex.check: owners', () => {
  it('never compares an owner with its own names', () => {
    expect(index.check('io.github.github/githu6').verdict).toBe('ok');
    expect(
      index.check({ name: 'io.github.someone/rnemory', owner: 'io.github.modelcontextprotocol' })
        .verdict,
    ).toBe('ok');
    const explicit = new NameIndex([{ name: 'weather-mcp', owner: 'alice' }]);
    expect(explicit.check({ name: 'mcp-weather', owner: 'Alice' }).verdict).toBe('ok');
    expect(explicit.check({ name: 'weather_mcp', owner: 'bob' }).verdict).toBe('reject');
    expect(explicit.check({ name: 'mcp-weather', owner: 'bob' }).verdict).toBe('review');
  });

  it('reads the owner from the name when none is given', () => {
    expect(ownerOf({ name: 'io.github.Alice/x' })).toBe('io.github.alice');
    expect(ownerOf({ name: '@alice/x' })).toBe('@alice');
    expect(ownerOf({ name: 'mcp-server-x' })).toBe('mcp-server-x');
    expect(ownerOf({ name: 'x', owner: ' Key-1 ' })).toBe('key-1');
  });
});

describe('NameIndex.check: benign look-alikes of the shared data set', () => {
  // The one-edit pairs of benign_near_collisions.csv (display names of different vendors).
  const PAIRS = [
    ['atla', 'atlan'],
    ['deepl', 'deepq'],
    ['docs', 'docy'],
    ['email', 'gmail'],
    ['gitea', 'gitee'],
    ['googleanalytics', 'googleanalytics4'],
    ['line', 'zine'],
    ['mailjet', 'mailnet'],
    ['mem0mcp', 'mememcp'],
    ['mssql', 'mysql'],
    ['strata', 'strava'],
    ['tidb', 'tmdb'],
  ] as const;

  it('rejects none of the listed one-edit pairs, and passes the short ones', () => {
    for (const [a, b] of PAIRS) {
      const result = new NameIndex([{ name: `io.github.kestrel/${b}` }]).check(
        `io.github.wombat/${a}`,
      );
      expect(result.verdict, `${a}/${b}`).not.toBe('reject');
      if (Math.max(a.length, b.length) < 6) expect(result.verdict, `${a}/${b}`).toBe('ok');
    }
  });

  const csv = path.join(
    REPO_ROOT,
    '../shared/datasets/mcp-security/mcp-server-names/benign_near_collisions.csv',
  );
  it.skipIf(!existsSync(csv))('rejects no listed benign row against the others (data set)', () => {
    const rows = readFileSync(csv, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
      .map(([, nameA = '', , display = '', , repo = '']) => {
        // Each vendor in its own namespace: its GitHub owner or its site's host.
        const owner = (repo.includes('://') ? new URL(repo).hostname : (repo.split('/')[0] ?? ''))
          .toLowerCase()
          .replace(/[^a-z0-9-]/g, '-');
        return { name: `io.github.${owner}/${(display || nameA).replaceAll('/', ' ')}`, owner };
      });
    const all = new NameIndex(rows);
    for (const row of rows) expect(all.check(row).verdict, row.name).not.toBe('reject');
  });
});

/** The reference: every term of every other owner's entry, compared directly. */
function bruteForce(entries: readonly NameEntry[], query: NameEntry): string[] {
  const owner = ownerOf(query);
  const hits = new Set<string>();
  entries.forEach((entry, i) => {
    if (ownerOf(entry) === owner) return;
    for (const q of entryTerms(query)) {
      for (const t of entryTerms(entry)) {
        const match = compareTerms(q, t);
        if (match) hits.add(`${i}|${q.field}|${t.field}|${match.reason}|${match.distance ?? ''}`);
      }
    }
  });
  return [...hits].sort();
}

describe('NameIndex agrees with a brute-force scan', () => {
  const letters = fc.constantFrom(...'abcdeilmnorsuvw01-_'.split(''));
  const word = fc.array(letters, { minLength: 1, maxLength: 9 }).map((cs) => cs.join(''));
  const entry = fc
    .record({
      owner: fc.constantFrom('ann', 'bob', 'cyd', 'dee', 'eve'),
      name: word,
      npm: fc.option(word, { nil: undefined }),
    })
    .map(({ owner, name, npm }) => ({
      name: `io.github.${owner}/${name}`,
      owner,
      ...(npm !== undefined ? { npm: [npm] } : {}),
    }));

  /** `name` with one edit at `at` (insert, delete, substitute or transpose). */
  const edit = (name: string, op: number, at: number, ch: string): string => {
    const i = at % (name.length + 1);
    if (op === 0) return name.slice(0, i) + ch + name.slice(i);
    if (op === 1) return name.slice(0, i) + name.slice(i + 1);
    if (op === 2) return name.slice(0, i) + ch + name.slice(i + 1);
    return name.slice(0, i) + name.slice(i + 1, i + 2) + name.slice(i, i + 1) + name.slice(i + 2);
  };
  // Half the queries are one edit away from an indexed name, so the distance boundary is hit.
  const scenario = fc
    .tuple(
      fc.array(entry, { minLength: 1, maxLength: 40 }),
      entry,
      fc.boolean(),
      fc.nat(),
      fc.nat(3),
      fc.nat(),
      letters,
    )
    .map(([entries, fresh, derive, pickAt, op, at, ch]) => {
      const base = entries[pickAt % entries.length];
      if (!derive || base === undefined) return { entries, query: fresh };
      const [, product = ''] = base.name.split('/');
      return {
        entries,
        query: {
          name: `io.github.${fresh.owner}/${edit(product, op, at, ch)}`,
          owner: fresh.owner,
        },
      };
    });

  it('returns exactly the pairs a full scan finds, on random names', () => {
    fc.assert(
      fc.property(scenario, ({ entries, query }) => {
        const idx = new NameIndex(entries);
        const byName = new Map<string, number[]>();
        entries.forEach((e, i) => byName.set(e.name, [...(byName.get(e.name) ?? []), i]));
        const fromIndex = idx
          .check(query)
          .similar.map(
            (s) => `${s.name}|${s.field}|${s.otherField}|${s.reason}|${s.distance ?? ''}`,
          )
          .sort();
        const expected = new Set(
          bruteForce(entries, query).map((key) => {
            const [i, field, other, reason, distance] = key.split('|');
            return `${entries[Number(i)]?.name}|${field}|${other}|${reason}|${distance}`;
          }),
        );
        // The index keeps the strongest reason per (entry, field, other field); the scan lists
        // every one, so every index hit is in the scan and every scanned pair is in the index.
        for (const hit of fromIndex) expect(expected.has(hit), hit).toBe(true);
        const pairs = (list: Iterable<string>) =>
          new Set([...list].map((k) => k.split('|').slice(0, 3).join('|')));
        expect(pairs(fromIndex)).toEqual(pairs(expected));
      }),
      { numRuns: 500 },
    );
  });
});
