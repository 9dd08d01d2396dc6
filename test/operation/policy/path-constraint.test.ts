/**
 * Path constraints: an argument must lie under an allowed prefix after lexical normalisation, and
 * every form that could mean something else to the server is refused (the bypass table).
 */
import { describe, expect, it } from 'vitest';

import {
  checkPathConstraint,
  compilePathConstraint,
  type PathConstraint,
} from '../../../src/operation/policy/index.js';
import { PolicyPathConstraintSchema } from '../../../src/shared/config/schema.js';

function constraint(config: Record<string, unknown>): PathConstraint {
  const compiled = compilePathConstraint(PolicyPathConstraintSchema.parse(config));
  if (!compiled.ok) throw new Error(compiled.problem);
  return compiled.constraint;
}

const posix = constraint({ arg: 'path', under: ['/proj', '/data/shared/'] });

describe('path constraint bypasses (POSIX)', () => {
  it.each([
    ['/project-x/a.txt', /not under/],
    ['/proj-x', /not under/],
    ['/pro', /not under/],
    ['/', /not under/],
    ['/data/sharedother/x', /not under/],
    ['/proj/../etc/passwd', /"\.\."/],
    ['/proj/a/../../etc', /"\.\."/],
    ['/proj/a/..', /"\.\."/],
    ['/proj/%2e%2e/etc/passwd', /percent-encoding/],
    ['/proj/%2E%2E/etc', /percent-encoding/],
    ['/proj%2f..%2fetc', /percent-encoding/],
    ['/proj/%252e%252e/etc', /percent-encoding/],
    ['/proj\\..\\etc', /backslash/],
    ['/proj/a\0/etc/passwd', /NUL/],
    ['/proj/a\nb', /control/],
    ['~/proj', /home folder/],
    ['~root/proj', /home folder/],
    ['proj/a.txt', /relative/],
    ['./proj/a', /relative/],
    ['../proj', /relative/],
    ['', /empty/],
    ['file:///proj/a.txt', /file: URIs are not accepted/],
    ['FILE:///proj/a.txt', /file: URIs are not accepted/],
    [`/proj/${'a'.repeat(5000)}`, /longer than/],
  ])('refuses %j', (value, problem) => {
    const check = checkPathConstraint(posix, { path: value });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem).toMatch(problem);
  });

  it.each([
    ['/proj'],
    ['/proj/'],
    ['/proj/a.txt'],
    ['/proj//a/./b.txt'],
    ['//proj/a'],
    ['/proj/a..b/c'],
    ['/proj/...'],
    ['/proj/~backup'],
    ['/proj/100%'],
    ['/data/shared/x'],
  ])('admits %j', (value) => {
    expect(checkPathConstraint(posix, { path: value })).toEqual({ ok: true });
  });
});

describe('path constraint values', () => {
  it('fails closed on a missing argument, a non-string, an empty list or one bad entry', () => {
    expect(checkPathConstraint(posix, {})).toMatchObject({ ok: false, problem: /missing/ });
    expect(checkPathConstraint(posix, undefined)).toMatchObject({ ok: false });
    expect(checkPathConstraint(posix, { path: 42 })).toMatchObject({
      ok: false,
      problem: /not a string/,
    });
    expect(checkPathConstraint(posix, { path: { p: '/proj' } })).toMatchObject({ ok: false });
    expect(checkPathConstraint(posix, { path: [] })).toMatchObject({ ok: false, problem: /empty/ });
    expect(checkPathConstraint(posix, { path: ['/proj/a', '/etc/passwd'] })).toMatchObject({
      ok: false,
      problem: /etc/,
    });
  });

  it('passes a missing argument only when optional, and checks every entry of a list', () => {
    const optional = constraint({ arg: 'path', under: ['/proj'], optional: true });
    expect(checkPathConstraint(optional, {})).toEqual({ ok: true });
    expect(checkPathConstraint(optional, { path: '/etc' })).toMatchObject({ ok: false });
    expect(checkPathConstraint(posix, { path: ['/proj/a', '/data/shared/b'] })).toEqual({
      ok: true,
    });
  });

  it('reads nested arguments through a JSON pointer, own properties only', () => {
    const nested = constraint({ arg: '/options/target~1dir', under: ['/proj'] });
    expect(checkPathConstraint(nested, { options: { 'target/dir': '/proj/x' } })).toEqual({
      ok: true,
    });
    expect(checkPathConstraint(nested, { options: { 'target/dir': '/etc' } })).toMatchObject({
      ok: false,
    });
    const proto = constraint({ arg: '/__proto__/polluted', under: ['/proj'] });
    expect(checkPathConstraint(proto, {})).toMatchObject({ ok: false, problem: /missing/ });
    const indexed = constraint({ arg: '/files/1', under: ['/proj'] });
    expect(checkPathConstraint(indexed, { files: ['/etc', '/proj/a'] })).toEqual({ ok: true });
    expect(checkPathConstraint(indexed, { files: ['/proj/a'] })).toMatchObject({ ok: false });
  });

  it('root "/" admits every absolute path, still refusing the bypass forms', () => {
    const root = constraint({ arg: 'path', under: ['/'] });
    expect(checkPathConstraint(root, { path: '/etc/passwd' })).toEqual({ ok: true });
    expect(checkPathConstraint(root, { path: '/a/../b' })).toMatchObject({ ok: false });
    expect(checkPathConstraint(root, { path: 'relative' })).toMatchObject({ ok: false });
  });
});

describe('path constraint with file: URIs (fileUris: true)', () => {
  const uris = constraint({ arg: 'uri', under: ['/proj'], fileUris: true });

  it.each([
    ['file:///proj/../etc/passwd', /"\." or "\.\." segments/],
    ['file:///proj/%2e%2e/etc/passwd', /encodes/],
    ['file:///proj/a%2fb', /encodes/],
    ['file:///proj/a%5cb', /encodes/],
    ['file:///proj/a%00b', /encodes/],
    ['file:///proj/%252e%252e/etc', /percent-encoding/],
    ['file://evil.example/proj/a', /host/],
    ['file:///proj/a?x=1', /query/],
    ['file:///proj/a#x', /fragment/],
    ['file:///project-x/a', /not under/],
    ['file:///etc/passwd', /not under/],
    ['file:proj/a', /file:\/\/host/],
    ['file:/proj/a', /file:\/\/host/],
  ])('refuses %j', (value, problem) => {
    const check = checkPathConstraint(uris, { uri: value });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem).toMatch(problem);
  });

  it.each([['file:///proj/a.txt'], ['file://localhost/proj/a%20b.txt'], ['/proj/plain']])(
    'admits %j',
    (value) => {
      expect(checkPathConstraint(uris, { uri: value })).toEqual({ ok: true });
    },
  );
});

describe('path constraint bypasses (Windows)', () => {
  const win = constraint({
    arg: 'path',
    under: ['C:\\proj', '\\\\server\\share\\docs'],
    style: 'win32',
  });

  it.each([
    ['C:\\project-x\\a.txt', /not under/],
    ['C:\\proj\\..\\Windows', /"\.\."/],
    ['C:/proj/../Windows', /"\.\."/],
    ['C:\\proj\\.. \\Windows', /refused/],
    ['C:\\proj\\..\u0020.\\x', /refused/],
    ['C:\\proj.\\a', /trailing dot/],
    ['C:\\PROJEC~1\\a', /short name/],
    ['C:\\proj\\a.txt:stream', /refused/],
    ['C:\\proj\\CON', /refused/],
    ['C:\\proj\\nul.txt', /refused/],
    ['C:\\proj\\a*', /refused/],
    ['C:proj\\a', /not absolute/],
    ['\\proj\\a', /not absolute/],
    ['proj\\a', /not absolute/],
    ['\\\\?\\C:\\proj\\a', /device/],
    ['\\\\.\\C:\\proj\\a', /device/],
    ['D:\\proj\\a', /not under/],
    ['C:\\proj%5c..%5cWindows', /percent-encoding/],
    ['\\\\server\\share\\other', /not under/],
    ['\\\\evil\\share\\docs', /not under/],
    ['C:\\\u212Aproj\\a', /not under/],
  ])('refuses %j', (value, problem) => {
    const check = checkPathConstraint(win, { path: value });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem).toMatch(problem);
  });

  it.each([
    ['C:\\proj'],
    ['C:\\proj\\a.txt'],
    ['c:\\PROJ\\a.txt'],
    ['C:/proj/sub/a.txt'],
    ['C:\\proj\\.\\a'],
    ['\\\\SERVER\\share\\docs\\a.txt'],
    ['//server/share/docs/a.txt'],
  ])('admits %j', (value) => {
    expect(checkPathConstraint(win, { path: value })).toEqual({ ok: true });
  });
});

describe('file: URIs on Windows', () => {
  const win = constraint({
    arg: 'uri',
    under: ['C:\\proj', '\\\\server\\share'],
    style: 'win32',
    fileUris: true,
  });

  it('reads drive and UNC URIs, and refuses a URI without a drive', () => {
    expect(checkPathConstraint(win, { uri: 'file:///C:/proj/a.txt' })).toEqual({ ok: true });
    expect(checkPathConstraint(win, { uri: 'file://server/share/a.txt' })).toEqual({ ok: true });
    expect(checkPathConstraint(win, { uri: 'file:///C:/project-x/a' })).toMatchObject({
      ok: false,
    });
    expect(checkPathConstraint(win, { uri: 'file:///proj/a' })).toMatchObject({
      ok: false,
      problem: /no drive/,
    });
  });
});

describe('compiling path constraints', () => {
  it.each([
    [{ arg: 'p', under: ['relative'] }, /relative/],
    [{ arg: 'p', under: ['~/src'] }, /userHome/],
    [{ arg: 'p', under: ['/a/../b'] }, /"\.\."/],
    [{ arg: 'p', under: ['/a%2fb'] }, /percent/],
    [{ arg: '/a~2b', under: ['/a'] }, /JSON pointer/],
    [{ arg: 'p', under: ['/proj'], style: 'win32' }, /not absolute/],
  ])('refuses %j', (config, problem) => {
    const compiled = compilePathConstraint(PolicyPathConstraintSchema.parse(config));
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) expect(compiled.problem).toMatch(problem);
  });
});
