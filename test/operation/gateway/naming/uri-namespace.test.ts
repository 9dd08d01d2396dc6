import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  buildUriNamespaces,
  isGatehouseUri,
  resolvePrefix,
  shortHash,
} from '../../../../src/operation/gateway/naming/index.js';
import { rawPrefix, serverKey } from './arbitraries.js';

const uriServers = fc.oneof(
  fc.uniqueArray(
    fc.record({ key: serverKey, prefix: rawPrefix }).map(({ key, prefix }) => ({
      key,
      prefix: resolvePrefix(key, prefix).prefix,
    })),
    { selector: (s) => s.key, maxLength: 6 },
  ),
  fc.uniqueArray(
    fc.record({
      key: fc.constantFrom('a', 'b', 'c', 'gh', 'GH', 'gh-x', 'd', 'e'),
      prefix: fc.constantFrom('', 'gh', 'GH', 'gh-x', 'a', 'b'),
    }),
    { selector: (s) => s.key, minLength: 1, maxLength: 6 },
  ),
);

const uri = fc.oneof(
  fc.webUrl(),
  fc.constantFrom(
    '',
    'file:///tmp/a b',
    'gatehouse://gh/x',
    'GATEHOUSE://gh/x',
    'Gatehouse:opaque',
    'gatehouse:///nested',
    'gatehouse://',
    'test://template/{id}/data',
    'ui://widget/{name}',
  ),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

/** The public URI with its scheme lower-cased: decode compares the scheme case-insensitively. */
function lowerScheme(value: string): string {
  return value.replace(/^gatehouse:/i, 'gatehouse:');
}

describe('buildUriNamespaces', () => {
  it('rejects duplicate server keys and prefixes that are not normalised', () => {
    expect(() =>
      buildUriNamespaces([
        { key: 'a', prefix: 'a' },
        { key: 'a', prefix: 'b' },
      ]),
    ).toThrow(/duplicate server key/);
    expect(() => buildUriNamespaces([{ key: 'a', prefix: 'a__b' }])).toThrow(/not normalised/);
  });

  it('refuses to encode for an unknown server', () => {
    const uris = buildUriNamespaces([{ key: 'a', prefix: 'a' }]);
    expect(() => uris.encode('b', 'file:///x')).toThrow(/unknown server key/);
  });

  it('decodes a gatehouse URI with an unknown, differently cased or missing namespace to nothing', () => {
    const uris = buildUriNamespaces([
      { key: 'fs', prefix: 'fs' },
      { key: 'pass', prefix: '' },
    ]);
    expect(uris.decode('gatehouse://nope/file:///x')).toBeUndefined();
    expect(uris.decode('gatehouse://FS/file:///x')).toBeUndefined();
    expect(uris.decode('gatehouse://fs')).toBeUndefined();
    expect(uris.decode('gatehouse:fs/x')).toBeUndefined();
    expect(uris.decode('gatehouse:///file:///x')).toBeUndefined();
  });

  it('decodes a non-gatehouse URI to nothing when there is no passthrough server', () => {
    const uris = buildUriNamespaces([{ key: 'fs', prefix: 'fs' }]);
    expect(uris.passthroughKey).toBeUndefined();
    expect(uris.decode('file:///x')).toBeUndefined();
  });

  it('puts the original URI, unchanged, under gatehouse://<prefix>/', () => {
    const uris = buildUriNamespaces([{ key: 'filesystem', prefix: 'fs' }]);
    expect(uris.namespaceOf('filesystem')).toBe('fs');
    expect(uris.encode('filesystem', 'file:///tmp/a b?q=1#f')).toBe(
      'gatehouse://fs/file:///tmp/a b?q=1#f',
    );
    expect(uris.decode('gatehouse://fs/file:///tmp/a b?q=1#f')).toEqual({
      serverKey: 'filesystem',
      uri: 'file:///tmp/a b?q=1#f',
    });
    expect(uris.decode('GateHouse://fs/x')).toEqual({ serverKey: 'filesystem', uri: 'x' });
    expect(uris.issues).toEqual([]);
  });

  it('encodes URI templates the same way, leaving the expressions intact', () => {
    const uris = buildUriNamespaces([{ key: 'test', prefix: 'ns' }]);
    expect(uris.encode('test', 'test://template/{id}/data')).toBe(
      'gatehouse://ns/test://template/{id}/data',
    );
    expect(uris.decode('gatehouse://ns/test://template/42/data')).toEqual({
      serverKey: 'test',
      uri: 'test://template/42/data',
    });
  });

  it('passes the one empty-prefix server through and routes every other URI to it', () => {
    const uris = buildUriNamespaces([
      { key: 'pass', prefix: '' },
      { key: 'fs', prefix: 'fs' },
    ]);
    expect(uris.passthroughKey).toBe('pass');
    expect(uris.namespaceOf('pass')).toBeUndefined();
    expect(uris.encode('pass', 'file:///x')).toBe('file:///x');
    expect(uris.decode('file:///x')).toEqual({ serverKey: 'pass', uri: 'file:///x' });
    expect(uris.decode('gatehouse://fs/file:///x')).toEqual({ serverKey: 'fs', uri: 'file:///x' });
  });

  it('reports a gatehouse: URI of the passthrough server and escapes it with an empty namespace', () => {
    const uris = buildUriNamespaces([
      { key: 'pass', prefix: '' },
      { key: 'fs', prefix: 'fs' },
    ]);
    expect(uris.checkPassthroughUri('file:///x')).toEqual({ ok: true });
    const check = uris.checkPassthroughUri('gatehouse://fs/y');
    expect(check).toEqual({
      ok: false,
      issue: {
        code: 'passthrough-gatehouse-uri',
        serverKeys: ['pass'],
        uri: 'gatehouse://fs/y',
        message:
          'passthrough server "pass" offers "gatehouse://fs/y" in Gatehouse\'s own scheme; the host sees it as "gatehouse:///gatehouse://fs/y".',
      },
    });
    expect(uris.encode('pass', 'gatehouse://fs/y')).toBe('gatehouse:///gatehouse://fs/y');
    expect(uris.decode('gatehouse:///gatehouse://fs/y')).toEqual({
      serverKey: 'pass',
      uri: 'gatehouse://fs/y',
    });
    expect(uris.encode('pass', 'GATEHOUSE:x')).toBe('gatehouse:///GATEHOUSE:x');
  });

  it('gives servers sharing a prefix (ignoring case) prefix-<hash of key> and reports it', () => {
    const uris = buildUriNamespaces([
      { key: 'github', prefix: 'gh' },
      { key: 'gitlab', prefix: 'GH' },
      { key: 'fs', prefix: 'fs' },
    ]);
    expect(uris.namespaceOf('github')).toBe(`gh-${shortHash('github')}`);
    expect(uris.namespaceOf('gitlab')).toBe(`GH-${shortHash('gitlab')}`);
    expect(uris.namespaceOf('fs')).toBe('fs');
    expect(uris.issues).toEqual([
      {
        code: 'shared-namespace',
        serverKeys: ['github', 'gitlab'],
        namespaces: { github: `gh-${shortHash('github')}`, gitlab: `GH-${shortHash('gitlab')}` },
        message: `servers "github", "gitlab" share the prefix "gh" (ignoring case), so their resource URIs use gatehouse://gh-${shortHash('github')}/, gatehouse://GH-${shortHash('gitlab')}/.`,
      },
    ]);
  });

  it('makes no passthrough server when several prefixes are empty, and reports it', () => {
    const uris = buildUriNamespaces([
      { key: 'one', prefix: '' },
      { key: 'two', prefix: '' },
    ]);
    expect(uris.passthroughKey).toBeUndefined();
    expect(uris.namespaceOf('one')).toBe(`one-${shortHash('one')}`);
    expect(uris.decode('file:///x')).toBeUndefined();
    expect(uris.issues.map((i) => i.code)).toEqual(['several-empty-prefixes']);
  });

  it('lengthens a derived namespace that equals another server prefix', () => {
    const taken = `gh-${shortHash('a')}`;
    const uris = buildUriNamespaces([
      { key: 'a', prefix: 'gh' },
      { key: 'b', prefix: 'gh' },
      { key: 'c', prefix: taken },
    ]);
    expect(uris.namespaceOf('c')).toBe(taken);
    expect(uris.namespaceOf('a')).toBe(`gh-${shortHash('a', 9)}`);
  });

  it('round-trips every URI of every server, including the passthrough server', () => {
    fc.assert(
      fc.property(uriServers, fc.array(uri, { minLength: 1, maxLength: 5 }), (servers, uris) => {
        const namespaces = buildUriNamespaces(servers);
        for (const server of servers) {
          for (const original of uris) {
            const encoded = namespaces.encode(server.key, original);
            expect(namespaces.decode(encoded)).toEqual({ serverKey: server.key, uri: original });
            if (server.key !== namespaces.passthroughKey) {
              expect(encoded).toBe(
                `gatehouse://${namespaces.namespaceOf(server.key)!}/${original}`,
              );
            } else if (!isGatehouseUri(original)) {
              expect(encoded).toBe(original);
            }
          }
        }
      }),
    );
  });

  it('decodes only what some server encodes: encode(decode(u)) is u, up to scheme case', () => {
    fc.assert(
      fc.property(uriServers, uri, (servers, publicUri) => {
        const namespaces = buildUriNamespaces(servers);
        const decoded = namespaces.decode(publicUri);
        if (decoded === undefined) return;
        expect(lowerScheme(namespaces.encode(decoded.serverKey, decoded.uri))).toBe(
          lowerScheme(publicUri),
        );
      }),
    );
  });

  it('gives every server a distinct namespace, distinct even ignoring case', () => {
    fc.assert(
      fc.property(uriServers, (servers) => {
        const namespaces = buildUriNamespaces(servers);
        const seen = new Set<string>();
        for (const server of servers) {
          const ns = namespaces.namespaceOf(server.key);
          if (server.key === namespaces.passthroughKey) {
            expect(ns).toBeUndefined();
            continue;
          }
          expect(ns).toMatch(/^[A-Za-z0-9_-]+$/);
          expect(seen.has(ns!.toLowerCase())).toBe(false);
          seen.add(ns!.toLowerCase());
        }
      }),
    );
  });
});
