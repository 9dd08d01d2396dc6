import { describe, expect, it } from 'vitest';

import {
  rewriteContentBlock,
  rewritePromptResult,
  rewriteReadResult,
  rewriteToolResult,
  rewriteUiMeta,
} from '../../../../src/operation/gateway/catalog/rewrite-uris.js';

const encode = (uri: string): string => `gatehouse://alpha/${uri}`;

/** Deep-frozen input: any mutation by the code under test throws. */
const frozen = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
};

describe('rewriteContentBlock', () => {
  it.each([
    ['a non-object', 'text'],
    ['null', null],
    ['an array', [{ type: 'resource_link', uri: 'x://1' }]],
    ['a text block', { type: 'text', text: 'file:///etc/passwd' }],
    ['a resource link without a string uri', { type: 'resource_link', uri: 42 }],
    ['a resource block without a resource', { type: 'resource' }],
    ['a resource block whose resource is an array', { type: 'resource', resource: ['x://1'] }],
    [
      'an image block with a uri field',
      { type: 'image', data: '', mimeType: 'image/png', uri: 'x://1' },
    ],
  ])('leaves %s untouched', (_what, block) => {
    expect(rewriteContentBlock(frozen(block), encode)).toBe(block);
  });

  it('rewrites a resource link and an embedded resource, keeping every other field', () => {
    expect(
      rewriteContentBlock(
        frozen({ type: 'resource_link', uri: 'x://1', name: 'one', _meta: { k: 1 } }),
        encode,
      ),
    ).toEqual({
      type: 'resource_link',
      uri: 'gatehouse://alpha/x://1',
      name: 'one',
      _meta: { k: 1 },
    });
    expect(
      rewriteContentBlock(
        frozen({
          type: 'resource',
          resource: { uri: 'x://2', text: 't' },
          annotations: { priority: 1 },
        }),
        encode,
      ),
    ).toEqual({
      type: 'resource',
      resource: { uri: 'gatehouse://alpha/x://2', text: 't' },
      annotations: { priority: 1 },
    });
  });
});

describe('rewriteToolResult', () => {
  it('leaves a result without a content array alone', () => {
    const result = frozen({ content: 'not an array', isError: true });
    expect(rewriteToolResult(result, encode)).toBe(result);
  });

  it('returns a result that names no resource as it is, and rewrites one that does', () => {
    const plain = frozen({
      content: [
        { type: 'text', text: 'see x://1' },
        { type: 'resource_link', name: 'no uri' },
        { type: 'resource', resource: { text: 'no uri' } },
        null,
      ],
    });
    expect(rewriteToolResult(plain, encode)).toBe(plain);
    const embedded = frozen({
      content: [{ type: 'resource', resource: { uri: 'x://2', text: 'two' } }],
    });
    expect(rewriteToolResult(embedded, encode)).toEqual({
      content: [{ type: 'resource', resource: { uri: 'gatehouse://alpha/x://2', text: 'two' } }],
    });
  });

  it('rewrites links in content, and leaves structuredContent and _meta as they are', () => {
    const result = frozen({
      content: [
        { type: 'text', text: 'see x://1' },
        { type: 'resource_link', uri: 'x://1', name: 'one' },
      ],
      structuredContent: { uri: 'x://1' },
      _meta: { trace: 'abc' },
    });
    expect(rewriteToolResult(result, encode)).toEqual({
      content: [
        { type: 'text', text: 'see x://1' },
        { type: 'resource_link', uri: 'gatehouse://alpha/x://1', name: 'one' },
      ],
      structuredContent: { uri: 'x://1' },
      _meta: { trace: 'abc' },
    });
  });
});

describe('rewritePromptResult', () => {
  it('leaves a result without a messages array alone, and junk messages as they are', () => {
    const result = frozen({ messages: { role: 'user' } });
    expect(rewritePromptResult(result, encode)).toBe(result);
    const junk = frozen({ messages: [null, 'text', { role: 'user' }] });
    expect(rewritePromptResult(junk, encode)).toEqual({
      messages: [null, 'text', { role: 'user', content: undefined }],
    });
  });

  it('rewrites the resource in each message content', () => {
    const result = frozen({
      description: 'd',
      messages: [
        { role: 'user', content: { type: 'text', text: 'hi' } },
        { role: 'assistant', content: { type: 'resource', resource: { uri: 'x://a', text: 'A' } } },
      ],
    });
    expect(rewritePromptResult(result, encode)).toEqual({
      description: 'd',
      messages: [
        { role: 'user', content: { type: 'text', text: 'hi' } },
        {
          role: 'assistant',
          content: { type: 'resource', resource: { uri: 'gatehouse://alpha/x://a', text: 'A' } },
        },
      ],
    });
  });
});

describe('rewriteReadResult', () => {
  it('leaves a result without a contents array alone, and items without a string uri as they are', () => {
    const result = frozen({ contents: 'x' });
    expect(rewriteReadResult(result, encode)).toBe(result);
    expect(
      rewriteReadResult(frozen({ contents: [{ text: 'no uri' }, 7, { uri: 9 }] }), encode),
    ).toEqual({
      contents: [{ text: 'no uri' }, 7, { uri: 9 }],
    });
  });

  it('rewrites the uri of every content item', () => {
    const result = frozen({
      contents: [
        { uri: 'x://1', text: 'a' },
        { uri: 'x://2', blob: 'YQ==', mimeType: 'b' },
      ],
    });
    expect(rewriteReadResult(result, encode)).toEqual({
      contents: [
        { uri: 'gatehouse://alpha/x://1', text: 'a' },
        { uri: 'gatehouse://alpha/x://2', blob: 'YQ==', mimeType: 'b' },
      ],
    });
  });
});

describe('rewriteUiMeta', () => {
  it.each([
    ['a non-object', 'ui'],
    ['no ui key', { other: 1 }],
    ['a ui key without a string resourceUri', { ui: { resourceUri: 7 } }],
  ])('leaves %s untouched', (_what, meta) => {
    expect(rewriteUiMeta(frozen(meta), encode)).toBe(meta);
  });

  it('rewrites ui.resourceUri and the older flat ui/resourceUri key, together or apart', () => {
    expect(
      rewriteUiMeta(frozen({ ui: { resourceUri: 'ui://app', csp: {} }, k: 1 }), encode),
    ).toEqual({
      ui: { resourceUri: 'gatehouse://alpha/ui://app', csp: {} },
      k: 1,
    });
    expect(rewriteUiMeta(frozen({ 'ui/resourceUri': 'ui://old' }), encode)).toEqual({
      'ui/resourceUri': 'gatehouse://alpha/ui://old',
    });
    expect(
      rewriteUiMeta(frozen({ ui: { resourceUri: 'ui://a' }, 'ui/resourceUri': 'ui://b' }), encode),
    ).toEqual({
      ui: { resourceUri: 'gatehouse://alpha/ui://a' },
      'ui/resourceUri': 'gatehouse://alpha/ui://b',
    });
  });
});
