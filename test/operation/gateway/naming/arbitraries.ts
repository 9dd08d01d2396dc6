/**
 * fast-check arbitraries shared by the naming tests: server keys, raw prefixes and item names
 * chosen to collide (case variants, separators, confusables, `__`, other servers' public names)
 * as well as arbitrary Unicode, empty and very long strings.
 */
import fc from 'fast-check';

import type { ItemKind, ServerNames } from '../../../../src/operation/gateway/naming/index.js';
import { resolvePrefix } from '../../../../src/operation/gateway/naming/index.js';

/** Names picked to clash with each other in every way the clash rule knows. */
export const TRICKY_NAMES = [
  '',
  '_',
  '__',
  'search',
  'Search',
  'SEARCH',
  'se_arch',
  'se-arch',
  'se.arch',
  'paypal',
  'paypa1',
  'p\u0430ypal',
  'list',
  '1ist',
  'Iist',
  'modem',
  'rnodem',
  'l0g',
  'log',
  'a__b',
  'gh__search',
  'a_b__c',
  'b_c',
  'c',
  'x\u200by',
  'x\u202ey',
  'xy',
  '\ud800',
  '\udc00',
  'é',
  'e\u0301',
  'a'.repeat(200),
  'A'.repeat(200),
] as const;

const collisionChars = fc.constantFrom(
  'a',
  'A',
  '_',
  '-',
  '.',
  '1',
  'l',
  'I',
  '0',
  'O',
  'o',
  'm',
  'r',
  'n',
);

export const itemName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...TRICKY_NAMES),
  fc.string({ unit: collisionChars, maxLength: 10 }),
  fc.string({ maxLength: 16 }),
  fc.string({ unit: 'binary', maxLength: 16 }),
  fc.stringMatching(/^[A-Za-z0-9_-]{0,140}$/),
);

export const serverKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('a', 'b', 'A', 'a_b', 'a-b', 'gh', 'GH', 'github', 'bare', 'x y', ''),
  fc.string({ unit: collisionChars, minLength: 1, maxLength: 6 }),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.stringMatching(/^[a-z]{30,40}$/),
);

/** An explicit prefix option, or `undefined` for "use the key". */
export const rawPrefix: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(''),
  fc.constantFrom('a', 'a_b', 'gh', 'GH', 'g-h', '__', 'x__y'),
  fc.string({ maxLength: 40 }),
);

export const kind: fc.Arbitrary<ItemKind> = fc.constantFrom('tool', 'prompt');

export const maxLength: fc.Arbitrary<number> = fc.integer({ min: 16, max: 128 });

const server: fc.Arbitrary<ServerNames> = fc
  .record({
    key: serverKey,
    prefix: rawPrefix,
    items: fc.array(fc.record({ kind, name: itemName }), { maxLength: 8 }),
  })
  .map(({ key, prefix, items }) => ({ key, prefix: resolvePrefix(key, prefix).prefix, items }));

const crowdedServer: fc.Arbitrary<ServerNames> = fc
  .record({
    key: fc.string({ unit: collisionChars, minLength: 1, maxLength: 3 }),
    prefix: fc.constantFrom(undefined, '', 'a', 'A', 'a_b', 'a-b', 'a.b', 'l', '1', 'I'),
    items: fc.array(
      fc.record({
        kind,
        name: fc.oneof(
          fc.string({ unit: collisionChars, maxLength: 4 }),
          fc.constantFrom(...TRICKY_NAMES),
        ),
      }),
      { maxLength: 10 },
    ),
  })
  .map(({ key, prefix, items }) => ({ key, prefix: resolvePrefix(key, prefix).prefix, items }));

/** Adds to some servers an item named like another server's public name (`<prefix>__<name>`). */
function withLookalikes(list: readonly ServerNames[], picks: readonly number[]): ServerNames[] {
  return list.map((s, i) => {
    const pick = picks[i];
    const other = pick === undefined || list.length === 0 ? undefined : list[pick % list.length];
    const target = other?.items[0];
    if (!other || !target) return s;
    const lookalike = other.prefix === '' ? target.name : `${other.prefix}__${target.name}`;
    return { ...s, items: [...s.items, { kind: target.kind, name: lookalike }] };
  });
}

/**
 * Servers with distinct keys: either diverse (arbitrary keys, prefixes and names) or crowded
 * (prefixes and names from small pools, so that clashes of every type are common). Some servers
 * also offer an item named like another server's public name, to tempt shadowing.
 */
export const servers: fc.Arbitrary<ServerNames[]> = fc
  .tuple(
    fc.oneof(fc.uniqueArray(server, { selector: (s) => s.key, maxLength: 6 }), {
      arbitrary: fc.uniqueArray(crowdedServer, {
        selector: (s) => s.key,
        minLength: 2,
        maxLength: 6,
      }),
      weight: 2,
    }),
    fc.array(fc.nat(), { maxLength: 6 }),
  )
  .map(([list, picks]) => withLookalikes(list, picks));

/** Distinct (server key, kind, item name) triples of a server list. */
export function distinctItems(
  list: readonly ServerNames[],
): { serverKey: string; kind: ItemKind; name: string }[] {
  const seen = new Set<string>();
  const out: { serverKey: string; kind: ItemKind; name: string }[] = [];
  for (const s of list) {
    for (const item of s.items) {
      const id = JSON.stringify([s.key, item.kind, item.name]);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ serverKey: s.key, kind: item.kind, name: item.name });
    }
  }
  return out;
}
