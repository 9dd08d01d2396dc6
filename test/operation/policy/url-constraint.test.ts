/**
 * URL constraints: the argument's scheme, host and port must be allowed; hosts are compared after
 * IDN to ASCII and lowercasing, and every form parsers disagree on is refused (the bypass table).
 */
import { describe, expect, it } from 'vitest';

import {
  checkUrlConstraint,
  compileUrlConstraint,
  parseHostPattern,
  readUrlTarget,
  type UrlConstraint,
} from '../../../src/operation/policy/index.js';
import { PolicyUrlConstraintSchema } from '../../../src/shared/config/schema.js';

function constraint(config: Record<string, unknown>): UrlConstraint {
  const compiled = compileUrlConstraint(PolicyUrlConstraintSchema.parse(config));
  if (!compiled.ok) throw new Error(compiled.problem);
  return compiled.constraint;
}

const api = constraint({
  arg: 'url',
  hosts: [
    'allowed.com',
    '*.docs.example',
    'bücher.example',
    '127.0.0.1:8080',
    '[::1]:*',
    'api.example:8443',
  ],
});

describe('URL constraint bypasses', () => {
  it.each([
    ['http://allowed.com@evil.com/', /userinfo/],
    ['http://evil.com@allowed.com/', /userinfo/],
    ['http://user:pw@allowed.com/', /userinfo/],
    ['http://allowed.com%2f@evil.com/', /userinfo/],
    ['http://allowed.com\\@evil.com/', /backslash/],
    ['http://allowed.com.evil.com/', /not in/],
    ['http://evilallowed.com/', /not in/],
    ['http://allowed.co/', /not in/],
    ['http://docs.example/', /not in/],
    ['http://x.docs.example.evil.com/', /not in/],
    ['http://.docs.example/', /empty label/],
    ['http://allowed.com../', /empty label/],
    ['http://allo\twed.com/', /control/],
    ['http://allowed.com\n.evil.com/', /control/],
    [' http://allowed.com/', /space/],
    ['http://allowed%2ecom/', /percent-encoded/],
    ['http:allowed.com', /no "\/\/host"/],
    ['http:/allowed.com', /no "\/\/host"/],
    ['http:///allowed.com', /empty host/],
    ['ftp://allowed.com/', /scheme "ftp"/],
    ['javascript://allowed.com/%0aalert(1)', /scheme "javascript"/],
    ['file:///etc/passwd', /empty host/],
    ['gopher://allowed.com/', /scheme/],
    ['http://allowed.com:8080/', /not in/],
    ['https://allowed.com:80/', /not in/],
    ['http://2130706433:8080/', /dotted-decimal/],
    ['http://0177.0.0.1:8080/', /dotted-decimal/],
    ['http://0x7f.0.0.1:8080/', /dotted-decimal/],
    ['http://0x7f000001:8080/', /dotted-decimal/],
    ['http://127.1:8080/', /dotted-decimal/],
    ['http://127.0.0.1/', /not in/],
    ['http://[::ffff:127.0.0.1]:8080/', /not in/],
    ['http://[::2]/', /not in/],
    ['http://localhost:8080/', /not in/],
    ['http://\u212Allowed.com/', /compatibility/],
    ['http://ａｌｌｏｗｅｄ.com/', /compatibility/],
    ['http://allowed\u3002com/', /non-ASCII dots/],
    ['http://allowed\uff0ecom/', /non-ASCII dots/],
    ['http://allo\u00ADwed.com/', /invisible/],
    ['http://allo\u200Bwed.com/', /invisible/],
    ['http://bucher.example/', /not in/],
    ['not-a-url', /no "\/\/host"/],
    ['http://[::1/', /does not parse/],
  ])('refuses %j', (value, problem) => {
    const check = checkUrlConstraint(api, { url: value });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem).toMatch(problem);
  });

  it.each([
    ['https://allowed.com/path?q=1#x'],
    ['http://allowed.com/'],
    ['http://ALLOWED.COM/'],
    ['HTTPS://Allowed.Com'],
    ['http://allowed.com./'],
    ['http://allowed.com:80/'],
    ['https://allowed.com:443/'],
    ['https://a.docs.example/'],
    ['https://a.b.docs.example/'],
    ['https://bücher.example/'],
    ['https://BÜCHER.example/'],
    ['https://xn--bcher-kva.example/'],
    ['http://127.0.0.1:8080/'],
    ['http://[::1]/'],
    ['http://[0:0::1]:9000/'],
    ['https://api.example:8443/'],
    ['http://allowed.com/a@b'],
  ])('admits %j', (value) => {
    expect(checkUrlConstraint(api, { url: value })).toEqual({ ok: true });
  });
});

describe('URL constraint values and schemes', () => {
  it('fails closed on a missing argument, a non-string, an empty list or one bad entry', () => {
    expect(checkUrlConstraint(api, {})).toMatchObject({ ok: false, problem: /missing/ });
    expect(checkUrlConstraint(api, { url: 1 })).toMatchObject({
      ok: false,
      problem: /not a string/,
    });
    expect(checkUrlConstraint(api, { url: [] })).toMatchObject({ ok: false, problem: /empty/ });
    expect(
      checkUrlConstraint(api, { url: ['https://allowed.com/', 'https://evil.com/'] }),
    ).toMatchObject({ ok: false, problem: /evil\.com/ });
  });

  it('admits other schemes only when listed, and then by host', () => {
    const ws = constraint({ arg: 'url', hosts: ['allowed.com'], schemes: ['wss'] });
    expect(checkUrlConstraint(ws, { url: 'wss://allowed.com/' })).toEqual({ ok: true });
    expect(checkUrlConstraint(ws, { url: 'https://allowed.com/' })).toMatchObject({ ok: false });
    const ssh = constraint({ arg: 'url', hosts: ['git.example:22'], schemes: ['ssh'] });
    expect(checkUrlConstraint(ssh, { url: 'ssh://Git.Example:22/repo' })).toEqual({ ok: true });
    expect(checkUrlConstraint(ssh, { url: 'ssh://git.example/repo' })).toMatchObject({
      ok: false,
    });
    expect(checkUrlConstraint(ssh, { url: 'ssh://g%69t.example:22/' })).toMatchObject({
      ok: false,
      problem: /percent/,
    });
  });

  it('"host:*" admits any port, a wildcard never admits the apex or an IP address', () => {
    const any = constraint({ arg: 'url', hosts: ['allowed.com:*', '*.example.com'] });
    expect(checkUrlConstraint(any, { url: 'http://allowed.com:1234/' })).toEqual({ ok: true });
    expect(checkUrlConstraint(any, { url: 'http://example.com/' })).toMatchObject({ ok: false });
    expect(checkUrlConstraint(any, { url: 'http://1.2.3.4/' })).toMatchObject({ ok: false });
  });
});

describe('URL targets', () => {
  it('canonicalises hosts as WHATWG does: IDN to punycode, lowercase, no trailing dot', () => {
    expect(readUrlTarget('https://Bücher.Example./x')).toEqual({
      ok: true,
      target: {
        scheme: 'https',
        kind: 'domain',
        host: 'xn--bcher-kva.example',
        port: 'default',
        defaultPort: 443,
      },
    });
    expect(readUrlTarget('http://[0::1]:81/')).toMatchObject({
      ok: true,
      target: { kind: 'ip', host: '[::1]', port: 81 },
    });
  });
});

describe('host allowlist entries', () => {
  it.each([
    ['*.', /first label/],
    ['a.*.com', /first label/],
    ['*.1.2.3.4', /IP addresses/],
    ['0177.0.0.1', /write the IPv4 address as 127\.0\.0\.1/],
    ['2130706433', /write the IPv4 address/],
    ['::1', /brackets/],
    ['allowed.com:0', /not a port/],
    ['allowed.com:65536', /not a port/],
    ['allowed.com:http', /not a port/],
    ['user@allowed.com', /must not contain/],
    ['allowed.com/path', /must not contain/],
    ['a b.com', /must not contain/],
    ['[::1', /brackets/],
  ])('refuses %j', (entry, problem) => {
    const parsed = parseHostPattern(entry);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });

  it('normalises names and addresses', () => {
    expect(parseHostPattern('*.Bücher.Example.')).toMatchObject({
      ok: true,
      pattern: { kind: 'domain', host: 'xn--bcher-kva.example', wildcard: true, port: 'default' },
    });
    expect(parseHostPattern('[0:0::1]:*')).toMatchObject({
      ok: true,
      pattern: { kind: 'ip', host: '[::1]', port: '*' },
    });
    expect(parseHostPattern('10.0.0.1:8080')).toMatchObject({
      ok: true,
      pattern: { kind: 'ip', host: '10.0.0.1', port: 8080 },
    });
  });
});
