/** The extraction walker: every string with its pointer and role, within caps. */
import { describe, expect, it } from 'vitest';

import { DEFAULT_LIMITS } from '../../../../src/operation/scanner/limits.js';
import { extractText } from '../../../../src/operation/scanner/text/extract.js';

describe('extractText', () => {
  it('reads every string a model may see, with RFC 6901 pointers', () => {
    const definition = {
      name: 'tool',
      description: 'd',
      inputSchema: {
        type: 'object',
        properties: {
          'a/b~c': {
            type: 'string',
            description: 'p',
            enum: ['x', 'y'],
            default: 'z',
            examples: ['e'],
          },
        },
      },
      annotations: { title: 't' },
      _meta: { 'vendor/key': 'm' },
    };
    const fields = extractText(definition, 'description', DEFAULT_LIMITS).fields;
    const byPointer = Object.fromEntries(fields.map((f) => [f.pointer, f]));
    expect(Object.keys(byPointer)).toEqual(
      expect.arrayContaining([
        '/name',
        '/description',
        '/inputSchema/properties/a~1b~0c',
        '/inputSchema/properties/a~1b~0c/description',
        '/inputSchema/properties/a~1b~0c/enum/0',
        '/inputSchema/properties/a~1b~0c/default',
        '/inputSchema/properties/a~1b~0c/examples/0',
        '/annotations/title',
        '/_meta/vendor~1key',
      ]),
    );
    expect(byPointer['/inputSchema/properties/a~1b~0c']).toMatchObject({
      role: 'propertyName',
      text: 'a/b~c',
      parameter: true,
    });
    expect(byPointer['/inputSchema/properties/a~1b~0c/enum/0']).toMatchObject({
      role: 'enum',
      parameter: true,
    });
    expect(byPointer['/_meta/vendor~1key']).toMatchObject({ metadata: true });
    expect(byPointer['/description']).toMatchObject({ role: 'description', parameter: false });
  });

  it('reads a bare string (server instructions) as the definition itself', () => {
    expect(extractText('hello', 'instructions', DEFAULT_LIMITS).fields).toEqual([
      { pointer: '', text: 'hello', role: 'instructions', parameter: false, metadata: false },
    ]);
  });

  it('stops at the depth cap and says so', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10; i += 1) deep = { a: deep };
    const result = extractText(deep, 'description', { ...DEFAULT_LIMITS, maxDepth: 4 });
    expect(result.truncated).toMatch(/nesting deeper than 4/);
  });

  it('stops at the node cap and says so', () => {
    const wide = { enum: Array.from({ length: 100 }, (_, i) => `v${i}`) };
    const result = extractText(wide, 'description', { ...DEFAULT_LIMITS, maxNodes: 10 });
    expect(result.truncated).toMatch(/more than 10 JSON nodes/);
    expect(result.fields.length).toBeLessThanOrEqual(10);
  });
});
