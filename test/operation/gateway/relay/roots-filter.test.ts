import { homedir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  filterRoots,
  normaliseRootEntry,
  rootUri,
} from '../../../../src/operation/gateway/relay/roots-filter.js';

const allowed = ['/proj', '/srv/data/'].map((entry) => normaliseRootEntry(entry));
const admits = (uri: string): boolean => filterRoots([{ uri, name: 'r' }], allowed).length === 1;

describe('filterRoots with an allow list', () => {
  it.each([
    ['a look-alike sibling', 'file:///project-x'],
    ['a sibling sharing the prefix', 'file:///proj-x'],
    ['a shorter prefix', 'file:///pro'],
    ['the parent of an allowed path', 'file:///srv'],
    ['a ".." escape', 'file:///proj/../etc'],
    ['a percent-encoded ".." escape', 'file:///proj/%2e%2e/etc'],
    ['an upper-case percent-encoded ".." escape', 'file:///proj/%2E%2E/etc'],
    ['a backslash ".." escape', 'file:///proj\\..\\etc'],
    ['an encoded slash', 'file:///proj%2F..%2Fetc'],
    ['an encoded slash after ".."', 'file:///proj/..%2Fetc'],
    ['an encoded NUL in a segment', 'file:///proj%00/x'],
    ['a different letter case (paths are case-sensitive)', 'file:///PROJ'],
    ['a file URI on another host', 'file://evil.example.com/proj'],
    ['an https URI', 'https://example.com/proj'],
    ['a custom scheme', 'vscode-remote://ssh/proj'],
    ['an upper-case scheme (withheld: fail closed)', 'FILE:///proj'],
    ['something that is not a URI', '/proj'],
    ['an unparseable URI', 'file://[bad/proj'],
  ])('withholds %s: %s', (_what, uri) => {
    expect(admits(uri)).toBe(false);
  });

  it.each([
    ['the allowed path itself', 'file:///proj'],
    ['the allowed path with a trailing slash', 'file:///proj/'],
    ['a folder inside', 'file:///proj/a/b'],
    ['a folder inside an entry configured with a trailing slash', 'file:///srv/data/x'],
    ['"." segments', 'file:///proj/./x'],
    ['".." that stays inside', 'file:///proj/a/../b'],
    ['doubled slashes', 'file:///proj//x'],
    ['percent-encoded letters', 'file:///pr%6Fj/x'],
    ['a percent-encoded space', 'file:///proj/a%20b'],
    ['the localhost host', 'file://localhost/proj/x'],
    ['a query and fragment', 'file:///proj/x?y#z'],
  ])('admits %s: %s', (_what, uri) => {
    expect(admits(uri)).toBe(true);
  });

  it('withholds every root with an empty allow list, and admits everything without one', () => {
    const roots = [{ uri: 'file:///proj' }, { uri: 'https://example.com' }];
    expect(filterRoots(roots, [])).toEqual([]);
    expect(filterRoots(roots, undefined)).toEqual(roots);
  });

  it('admits everything under "/" and keeps the roots exactly as the host sent them', () => {
    const roots = [{ uri: 'file:///anything/at/all', name: 'x', _meta: { k: 1 } }];
    expect(filterRoots(roots, [normaliseRootEntry('/')])).toEqual(roots);
  });

  it('keeps the host order of the roots it admits', () => {
    const roots = ['file:///proj/b', 'file:///etc', 'file:///proj/a', 'file:///srv/data'].map(
      (uri) => ({ uri }),
    );
    expect(filterRoots(roots, allowed).map((r) => r.uri)).toEqual([
      'file:///proj/b',
      'file:///proj/a',
      'file:///srv/data',
    ]);
  });
});

describe('normaliseRootEntry', () => {
  it.each([
    ['/proj/', '/', '/proj'],
    ['/a//b/./c/', '/', '/a/b/c'],
    ['/a/b/../c', '/', '/a/c'],
    ['rel/dir', '/base', '/base/rel/dir'],
    ['../up', '/base/here', '/base/up'],
    ['file:///a/b/../c', '/', '/a/c'],
    ['file:///with%20space', '/', '/with space'],
  ])('turns %j (relative to %j) into %j', (entry, base, expected) => {
    expect(normaliseRootEntry(entry, base)).toBe(expected);
  });

  it('expands ~ to the home folder, but not ~user', () => {
    expect(normaliseRootEntry('~')).toBe(homedir());
    expect(normaliseRootEntry('~/src')).toBe(path.join(homedir(), 'src'));
    expect(normaliseRootEntry('~other/src', '/base')).toBe('/base/~other/src');
  });
});

describe('rootUri', () => {
  it('percent-encodes what a file URI must', () => {
    expect(rootUri('/a b/c#d')).toBe('file:///a%20b/c%23d');
  });
});
