import { describe, expect, it } from 'vitest';

import { assignPublicNames } from '../../../../src/operation/gateway/naming/clash.js';
import type { ServerNames } from '../../../../src/operation/gateway/naming/index.js';
import { buildNameTable, shortHash } from '../../../../src/operation/gateway/naming/index.js';

function tools(key: string, prefix: string, ...names: string[]): ServerNames {
  return { key, prefix, items: names.map((name) => ({ kind: 'tool' as const, name })) };
}

function build(...servers: ServerNames[]) {
  return buildNameTable(servers, { maxLength: 64 });
}

describe('clash resolution', () => {
  it('keeps a_b+c and a+b_c apart: distinct names, then a separator clash settled by suffix', () => {
    const table = build(tools('x', 'a_b', 'c'), tools('y', 'a', 'b_c'));
    expect(table.publicNameOf('x', 'tool', 'c')).toBe('a_b__c');
    expect(table.publicNameOf('y', 'tool', 'b_c')).toBe(`a__b_c_${shortHash('y', 4)}`);
    expect(table.clashes).toEqual([
      {
        kind: 'tool',
        type: 'separator',
        members: [
          { serverKey: 'x', name: 'c', before: 'a_b__c', after: 'a_b__c' },
          { serverKey: 'y', name: 'b_c', before: 'a__b_c', after: `a__b_c_${shortHash('y', 4)}` },
        ],
        resolution: `tool "c" of server "x" keeps a_b__c; tool "b_c" of server "y" becomes a__b_c_${shortHash('y', 4)}.`,
      },
    ]);
  });

  it('lets the server key that sorts first keep the name, whatever the prefixes', () => {
    const table = build(tools('z', 'a_b', 'c'), tools('b', 'a', 'b_c'));
    expect(table.publicNameOf('b', 'tool', 'b_c')).toBe('a__b_c');
    expect(table.publicNameOf('z', 'tool', 'c')).toBe(`a_b__c_${shortHash('z', 4)}`);
  });

  it('settles an exact clash between two servers sharing a prefix', () => {
    const table = build(tools('gitlab', 'gh', 'search'), tools('github', 'gh', 'search'));
    expect(table.publicNameOf('github', 'tool', 'search')).toBe('gh__search');
    expect(table.publicNameOf('gitlab', 'tool', 'search')).toBe(
      `gh__search_${shortHash('gitlab', 4)}`,
    );
    expect(table.clashes.map((c) => c.type)).toEqual(['exact']);
  });

  it('settles a case-only clash', () => {
    const table = build(tools('github', 'gh', 'search'), tools('gitlab', 'GH', 'search'));
    expect(table.publicNameOf('github', 'tool', 'search')).toBe('gh__search');
    expect(table.publicNameOf('gitlab', 'tool', 'search')).toBe(
      `GH__search_${shortHash('gitlab', 4)}`,
    );
    expect(table.clashes.map((c) => c.type)).toEqual(['case']);
  });

  it('settles a separator-only clash inside one server, by item name order', () => {
    const table = build(tools('fs', 'fs', 'read_file', 'read-file'));
    // '-' (U+002D) sorts before '_' (U+005F).
    expect(table.publicNameOf('fs', 'tool', 'read-file')).toBe('fs__read-file');
    expect(table.publicNameOf('fs', 'tool', 'read_file')).toBe(
      `fs__read_file_${shortHash('fs', 4)}`,
    );
    expect(table.clashes.map((c) => c.type)).toEqual(['separator']);
  });

  it('settles confusable clashes: 1/l, 0/O, rn/m', () => {
    const table = build(
      tools('a', 'pay', 'paypal', 'l0g', 'modem'),
      tools('b', 'pay', 'paypa1', 'log', 'rnodem'),
    );
    const suffix = shortHash('b', 4);
    expect(table.publicNameOf('a', 'tool', 'paypal')).toBe('pay__paypal');
    expect(table.publicNameOf('b', 'tool', 'paypa1')).toBe(`pay__paypa1_${suffix}`);
    expect(table.publicNameOf('a', 'tool', 'l0g')).toBe('pay__l0g');
    expect(table.publicNameOf('b', 'tool', 'log')).toBe(`pay__log_${suffix}`);
    expect(table.publicNameOf('a', 'tool', 'modem')).toBe('pay__modem');
    expect(table.publicNameOf('b', 'tool', 'rnodem')).toBe(`pay__rnodem_${suffix}`);
    expect(table.clashes.map((c) => c.type)).toEqual(['confusable', 'confusable', 'confusable']);
  });

  it('lengthens the suffix while it still clashes', () => {
    const table = build(tools('s', 'p', 'FOO', 'Foo', 'foo'));
    const hash = shortHash('s', 12);
    expect(table.publicNameOf('s', 'tool', 'FOO')).toBe('p__FOO');
    expect(table.publicNameOf('s', 'tool', 'Foo')).toBe(`p__Foo_${hash.slice(0, 4)}`);
    expect(table.publicNameOf('s', 'tool', 'foo')).toBe(`p__foo_${hash.slice(0, 5)}`);
  });

  it('takes the empty prefix away from an item that clashes; the other member keeps its name', () => {
    const table = build(tools('bare', '', 'gh__search', 'free'), tools('github', 'gh', 'search'));
    expect(table.publicNameOf('github', 'tool', 'search')).toBe('gh__search');
    expect(table.publicNameOf('bare', 'tool', 'gh__search')).toBe('bare__gh__search');
    expect(table.publicNameOf('bare', 'tool', 'free')).toBe('free');
    expect(table.clashes[0]!.resolution).toBe(
      'tool "search" of server "github" keeps gh__search; tool "gh__search" of server "bare" becomes bare__gh__search.',
    );
  });

  it('takes the empty prefix away from every empty-prefix member of a clash', () => {
    const table = build(tools('one', '', 'x'), tools('two', '', 'X'));
    expect(table.publicNameOf('one', 'tool', 'x')).toBe('one__x');
    expect(table.publicNameOf('two', 'tool', 'X')).toBe('two__X');
    expect(table.clashes[0]!.resolution).toBe(
      'no member keeps the unprefixed name; tool "x" of server "one" becomes one__x; tool "X" of server "two" becomes two__X.',
    );
  });

  it('adds the suffix when the server key prefix clashes as well', () => {
    const table = build(
      tools('bare', '', 'x'),
      tools('other', '', 'x'),
      tools('third', 'bare', 'x'),
    );
    expect(table.publicNameOf('third', 'tool', 'x')).toBe('bare__x');
    expect(table.publicNameOf('bare', 'tool', 'x')).toBe(`bare__x_${shortHash('bare', 4)}`);
    expect(table.publicNameOf('other', 'tool', 'x')).toBe('other__x');
  });

  it('keeps the suffix within maxLength by cutting the name, never the suffix', () => {
    const long = 'n'.repeat(20);
    const table = buildNameTable([tools('a', 'p', long), tools('b', 'p', long)], { maxLength: 24 });
    expect(table.publicNameOf('a', 'tool', long)).toBe(`p__${long}`);
    const renamed = table.publicNameOf('b', 'tool', long)!;
    expect(renamed).toHaveLength(24);
    expect(renamed.endsWith(`_${shortHash('b', 4)}`)).toBe(true);
    expect(renamed.startsWith('p__')).toBe(true);
  });

  it('reports groups independently of input order', () => {
    const a = assignPublicNames(
      'tool',
      [
        { serverKey: 'b', prefix: 'p', name: 'x' },
        { serverKey: 'a', prefix: 'p', name: 'X' },
      ],
      64,
    );
    const b = assignPublicNames(
      'tool',
      [
        { serverKey: 'a', prefix: 'p', name: 'X' },
        { serverKey: 'b', prefix: 'p', name: 'x' },
      ],
      64,
    );
    expect(a.clashes).toEqual(b.clashes);
    expect(a.names).toEqual([...b.names].reverse());
  });

  it('escapes control and bidi characters of upstream names in the resolution sentence', () => {
    const table = build(tools('a', 'p', 'x\u202ey\n'), tools('b', 'p', 'x\u202ey\n'));
    expect(table.clashes[0]!.resolution).toContain('"x\\u{202E}y\\u{A}"');
    expect(table.clashes[0]!.resolution).not.toMatch(/[\u202e\n]/);
  });
});
