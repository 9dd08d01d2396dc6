import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type {
  ItemKind,
  NameTable,
  ServerNames,
} from '../../../../src/operation/gateway/naming/index.js';
import {
  buildNameTable,
  clashKeys,
  isValidPublicName,
  publicName,
  resolvePrefix,
} from '../../../../src/operation/gateway/naming/index.js';
import {
  distinctItems,
  itemName,
  maxLength,
  rawPrefix,
  serverKey,
  servers,
} from './arbitraries.js';

const KINDS: readonly ItemKind[] = ['tool', 'prompt'];
const RUNS = { numRuns: 300 };

function snapshot(table: NameTable): unknown {
  return { tools: table.entries('tool'), prompts: table.entries('prompt'), clashes: table.clashes };
}

function clashes(a: string, b: string): boolean {
  const ka = clashKeys(a);
  const kb = clashKeys(b);
  return (
    ka.exact === kb.exact ||
    ka.case === kb.case ||
    ka.separator === kb.separator ||
    ka.confusable === kb.confusable
  );
}

describe('buildNameTable', () => {
  it('rejects duplicate server keys', () => {
    expect(() =>
      buildNameTable(
        [
          { key: 'a', prefix: 'a', items: [] },
          { key: 'a', prefix: 'b', items: [] },
        ],
        { maxLength: 64 },
      ),
    ).toThrow(/duplicate server key/);
  });

  it('rejects a prefix that is not normalised, since it could break the separator rule', () => {
    for (const prefix of ['a__b', 'a_', '_a', 'a b', 'x'.repeat(33)]) {
      expect(() => buildNameTable([{ key: 'a', prefix, items: [] }], { maxLength: 64 })).toThrow(
        /not normalised/,
      );
    }
  });

  it('rejects a maxLength outside 16..128 or not an integer', () => {
    for (const bad of [15, 129, 16.5, Number.NaN]) {
      expect(() => buildNameTable([], { maxLength: bad })).toThrow(/maxLength/);
    }
  });

  it('rejects an item of an unknown kind', () => {
    const bad = [{ key: 'a', prefix: 'a', items: [{ kind: 'resource', name: 'x' }] }] as any;
    expect(() => buildNameTable(bad, { maxLength: 64 })).toThrow(/invalid input/);
  });

  it('returns undefined for unknown public names, servers and items', () => {
    const table = buildNameTable(
      [{ key: 'a', prefix: 'a', items: [{ kind: 'tool', name: 'x' }] }],
      {
        maxLength: 64,
      },
    );
    expect(table.resolve('tool', 'a__y')).toBeUndefined();
    expect(table.resolve('tool', 'A__x')).toBeUndefined();
    expect(table.resolve('prompt', 'a__x')).toBeUndefined();
    expect(table.publicNameOf('a', 'prompt', 'x')).toBeUndefined();
    expect(table.publicNameOf('b', 'tool', 'x')).toBeUndefined();
    expect(table.resolve('tool', 'a__x')).toEqual({
      serverKey: 'a',
      kind: 'tool',
      name: 'x',
      publicName: 'a__x',
    });
  });

  it('keeps tools and prompts in separate namespaces', () => {
    const table = buildNameTable(
      [
        { key: 'a', prefix: 'a', items: [{ kind: 'tool', name: 'x' }] },
        { key: 'b', prefix: 'a', items: [{ kind: 'prompt', name: 'x' }] },
      ],
      { maxLength: 64 },
    );
    expect(table.publicNameOf('a', 'tool', 'x')).toBe('a__x');
    expect(table.publicNameOf('b', 'prompt', 'x')).toBe('a__x');
    expect(table.clashes).toEqual([]);
  });

  it('counts an item listed twice by one server once', () => {
    const table = buildNameTable(
      [
        {
          key: 'a',
          prefix: 'a',
          items: [
            { kind: 'tool', name: 'x' },
            { kind: 'tool', name: 'x' },
          ],
        },
      ],
      { maxLength: 64 },
    );
    expect(table.entries('tool')).toHaveLength(1);
    expect(table.clashes).toEqual([]);
  });

  it('lists entries sorted by server key, then item name, by code points', () => {
    const table = buildNameTable(
      [
        {
          key: 'b',
          prefix: 'b',
          items: [
            { kind: 'tool', name: 'z' },
            { kind: 'tool', name: 'a' },
          ],
        },
        {
          key: 'a',
          prefix: 'a',
          items: [
            { kind: 'tool', name: '\u{1F600}' },
            { kind: 'tool', name: '\uFFFD' },
          ],
        },
      ],
      { maxLength: 64 },
    );
    expect(table.entries('tool').map((e) => [e.serverKey, e.name])).toEqual([
      ['a', '\uFFFD'],
      ['a', '\u{1F600}'],
      ['b', 'a'],
      ['b', 'z'],
    ]);
  });

  it('builds 10,000 tools across 50 servers', () => {
    const list: ServerNames[] = Array.from({ length: 50 }, (_, s) => ({
      key: `server-${s}`,
      prefix: s % 10 === 0 ? 'shared' : `server-${s}`,
      items: Array.from({ length: 200 }, (_, t) => ({
        kind: 'tool' as const,
        name: t % 7 === 0 ? `Tool.${t}` : `tool_${t}`,
      })),
    }));
    const table = buildNameTable(list, { maxLength: 64 });
    expect(table.entries('tool')).toHaveLength(10_000);
  });

  describe('properties', () => {
    it('gives every distinct (server, kind, name) a distinct valid public name that resolves back to it', () => {
      fc.assert(
        fc.property(servers, maxLength, (list, max) => {
          const table = buildNameTable(list, { maxLength: max });
          const items = distinctItems(list);
          const seen = new Map<string, Set<string>>([
            ['tool', new Set()],
            ['prompt', new Set()],
          ]);
          for (const item of items) {
            const name = table.publicNameOf(item.serverKey, item.kind, item.name);
            expect(name).toBeDefined();
            expect(isValidPublicName(name!, max)).toBe(true);
            expect(name).toMatch(new RegExp(`^[A-Za-z0-9_-]{1,${max}}$`));
            expect(seen.get(item.kind)!.has(name!)).toBe(false);
            seen.get(item.kind)!.add(name!);
            expect(table.resolve(item.kind, name!)).toEqual({ ...item, publicName: name });
          }
          for (const kind of KINDS) {
            expect(table.entries(kind)).toHaveLength(seen.get(kind)!.size);
          }
        }),
        RUNS,
      );
    });

    it('leaves no two public names of one kind clashing in any way', () => {
      fc.assert(
        fc.property(servers, maxLength, (list, max) => {
          const table = buildNameTable(list, { maxLength: max });
          for (const kind of KINDS) {
            const names = table.entries(kind).map((e) => e.publicName);
            for (let i = 0; i < names.length; i++) {
              for (let j = i + 1; j < names.length; j++) {
                expect(clashes(names[i]!, names[j]!)).toBe(false);
              }
            }
          }
        }),
        RUNS,
      );
    });

    it('keeps the unclashed name of an item: publicName(prefix, name, maxLength)', () => {
      fc.assert(
        fc.property(servers, maxLength, (list, max) => {
          const table = buildNameTable(list, { maxLength: max });
          const clashed = new Set(
            table.clashes.flatMap((c) =>
              c.members.map((m) => JSON.stringify([c.kind, m.serverKey, m.name])),
            ),
          );
          for (const server of list) {
            for (const item of server.items) {
              if (clashed.has(JSON.stringify([item.kind, server.key, item.name]))) continue;
              expect(table.publicNameOf(server.key, item.kind, item.name)).toBe(
                publicName(server.prefix, item.name, max),
              );
            }
          }
        }),
        RUNS,
      );
    });

    it('does not depend on the order of servers or of items', () => {
      const withOrder = servers.chain((list) =>
        fc.tuple(
          fc.constant(list),
          fc
            .shuffledSubarray(list, { minLength: list.length, maxLength: list.length })
            .chain((shuffled) =>
              fc.tuple(
                ...shuffled.map((s) =>
                  fc
                    .shuffledSubarray([...s.items], {
                      minLength: s.items.length,
                      maxLength: s.items.length,
                    })
                    .map((items) => ({ ...s, items })),
                ),
              ),
            ),
        ),
      );
      fc.assert(
        fc.property(withOrder, maxLength, ([list, permuted], max) => {
          expect(snapshot(buildNameTable(permuted, { maxLength: max }))).toEqual(
            snapshot(buildNameTable(list, { maxLength: max })),
          );
        }),
        RUNS,
      );
    });

    const newServer = fc
      .record({
        key: serverKey,
        prefix: rawPrefix,
        items: fc.array(
          fc.record({ kind: fc.constantFrom<ItemKind>('tool', 'prompt'), name: itemName }),
          {
            maxLength: 6,
          },
        ),
      })
      .map(({ key, prefix, items }) => ({ key, prefix: resolvePrefix(key, prefix).prefix, items }));

    /** Whether `extra`'s items clash with nothing in `table` (wanted or final names) nor each other. */
    function clashesWithNothing(
      table: NameTable,
      extra: ServerNames,
      max: number,
      others: readonly ServerNames[],
    ): boolean {
      // An unprefixed name whose head reads as another server's prefix counts as a clash.
      const head = (name: string): string | undefined =>
        name.indexOf('__') > 0 ? name.slice(0, name.indexOf('__')) : undefined;
      for (const other of others) {
        if (other.key === extra.key) continue;
        for (const [unprefixed, prefixed] of [
          [extra, other],
          [other, extra],
        ] as const) {
          if (unprefixed.prefix !== '' || prefixed.prefix === '') continue;
          for (const item of unprefixed.items) {
            const h = head(item.name);
            if (h !== undefined && clashes(h, prefixed.prefix)) return false;
          }
        }
      }
      for (const kind of KINDS) {
        const taken = [
          ...table.entries(kind).map((e) => e.publicName),
          ...table.clashes
            .filter((c) => c.kind === kind)
            .flatMap((c) => c.members.map((m) => m.before)),
        ];
        const own = [...new Set(extra.items.filter((i) => i.kind === kind).map((i) => i.name))].map(
          (name) => publicName(extra.prefix, name, max),
        );
        for (let i = 0; i < own.length; i++) {
          if (taken.some((t) => clashes(t, own[i]!))) return false;
          for (let j = i + 1; j < own.length; j++) if (clashes(own[i]!, own[j]!)) return false;
        }
      }
      return true;
    }

    function withoutServer(table: NameTable, key: string): unknown {
      return {
        tools: table.entries('tool').filter((e) => e.serverKey !== key),
        prompts: table.entries('prompt').filter((e) => e.serverKey !== key),
        clashes: table.clashes,
      };
    }

    it('leaves every existing public name alone when a server whose names clash with nothing is added', () => {
      fc.assert(
        fc.property(servers, newServer, maxLength, (list, extra, max) => {
          fc.pre(!list.some((s) => s.key === extra.key));
          const before = buildNameTable(list, { maxLength: max });
          fc.pre(clashesWithNothing(before, extra, max, list));
          const after = buildNameTable([...list, extra], { maxLength: max });
          expect(withoutServer(after, extra.key)).toEqual(snapshot(before));
          for (const item of extra.items) {
            expect(after.publicNameOf(extra.key, item.kind, item.name)).toBe(
              publicName(extra.prefix, item.name, max),
            );
          }
        }),
        RUNS,
      );
    });

    it('leaves every other public name alone when a server whose names clash with nothing is removed', () => {
      fc.assert(
        fc.property(servers, fc.nat(), maxLength, (list, pick, max) => {
          fc.pre(list.length > 0);
          const removed = list[pick % list.length]!;
          const rest = list.filter((s) => s !== removed);
          const after = buildNameTable(rest, { maxLength: max });
          fc.pre(clashesWithNothing(after, removed, max, rest));
          const before = buildNameTable(list, { maxLength: max });
          expect(snapshot(after)).toEqual(withoutServer(before, removed.key));
        }),
        RUNS,
      );
    });
  });
});

describe("unprefixed names that read as another server's namespace", () => {
  it('renames an empty-prefix item named like another prefix, and reports it', () => {
    const table = buildNameTable(
      [
        { key: 'gh', prefix: 'gh', items: [{ kind: 'tool', name: 'list_repos' }] },
        {
          key: 'plain',
          prefix: '',
          items: [
            { kind: 'tool', name: 'gh__delete_repo' },
            { kind: 'tool', name: 'search' },
          ],
        },
      ],
      { maxLength: 64 },
    );
    expect(table.resolve('tool', 'gh__delete_repo')).toBeUndefined();
    expect(table.publicNameOf('plain', 'tool', 'gh__delete_repo')).toBe('plain__gh__delete_repo');
    expect(table.publicNameOf('plain', 'tool', 'search')).toBe('search');
    expect(table.clashes).toHaveLength(1);
    expect(table.clashes[0]?.resolution).toMatch(/looks like it belongs to the prefix/);
  });

  it('catches look-alike heads too (case and confusables)', () => {
    const table = buildNameTable(
      [
        { key: 'github', prefix: 'github', items: [] },
        {
          key: 'plain',
          prefix: '',
          items: [
            { kind: 'tool', name: 'GitHub__x' },
            { kind: 'tool', name: 'gith1ub__y' },
          ],
        },
      ],
      { maxLength: 64 },
    );
    expect(table.publicNameOf('plain', 'tool', 'GitHub__x')).toBe('plain__GitHub__x');
    expect(table.publicNameOf('plain', 'tool', 'gith1ub__y')).toBe('gith1ub__y');
  });
});
