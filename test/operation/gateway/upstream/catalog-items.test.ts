import { describe, expect, it } from 'vitest';

import { validateItems } from '../../../../src/operation/gateway/upstream/catalog-items.js';

const tool = (name: unknown, extra: Record<string, unknown> = {}) => ({
  name,
  inputSchema: { type: 'object' },
  ...extra,
});

describe('validateItems', () => {
  it('drops each invalid tool with where and why, and keeps the valid ones in order', () => {
    const { items, dropped } = validateItems('tools/list', [
      tool('a'),
      { name: 'no-schema' },
      tool(42),
      tool(''),
      tool('x'.repeat(1025)),
      'not an object',
      null,
      tool('b', { inputSchema: 'nope' }),
      tool('c'),
    ]);
    expect(items.map((t) => t.name)).toEqual(['a', 'c']);
    expect(dropped.map((d) => d.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(dropped[0]!.problem).toMatch(/^inputSchema: /);
    expect(dropped[1]!.problem).toMatch(/^name: /);
    expect(dropped[4]!.problem).not.toMatch(/^\w+: /); // the item itself is wrong, not a field
  });

  it('drops a duplicate and keeps the first of its name', () => {
    const { items, dropped } = validateItems('tools/list', [
      tool('a', { description: 'first' }),
      tool('a', { description: 'second' }),
    ]);
    expect(items).toEqual([tool('a', { description: 'first' })]);
    expect(dropped).toEqual([{ index: 1, problem: 'duplicate "a"' }]);
  });

  it('keeps unknown fields and _meta untouched', () => {
    const item = tool('a', {
      title: 'A',
      annotations: { readOnlyHint: true },
      _meta: { 'x.dev/k': [1] },
      future: { x: 1 },
    });
    expect(validateItems('tools/list', [item]).items).toEqual([item]);
  });

  it('keys resources by URI and templates by URI template, not by name', () => {
    const resources = validateItems('resources/list', [
      { uri: 'file:///a', name: 'same' },
      { uri: 'file:///b', name: 'same' },
      { uri: 'file:///a', name: 'other' },
      { uri: '', name: 'empty' },
      { uri: 'file:///c' },
    ]);
    expect(resources.items.map((r) => r.uri)).toEqual(['file:///a', 'file:///b']);
    expect(resources.dropped.map((d) => d.index)).toEqual([2, 3, 4]);
    expect(resources.dropped[0]!.problem).toBe('duplicate "file:///a"');

    const templates = validateItems('resources/templates/list', [
      { uriTemplate: 'x://{id}', name: 't' },
      { uriTemplate: 'y://{id}', name: 't' },
      { uri: 'x://1', name: 'not a template' },
    ]);
    expect(templates.items.map((t) => t.uriTemplate)).toEqual(['x://{id}', 'y://{id}']);
    expect(templates.dropped.map((d) => d.index)).toEqual([2]);
  });

  it('validates prompts by name only', () => {
    const { items, dropped } = validateItems('prompts/list', [
      { name: 'p', arguments: [{ name: 'who' }] },
      { title: 'nameless' },
    ]);
    expect(items).toEqual([{ name: 'p', arguments: [{ name: 'who' }] }]);
    expect(dropped).toHaveLength(1);
  });
});
