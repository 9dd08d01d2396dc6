import { describe, expect, it } from 'vitest';

import {
  type GrantProblem,
  parseNetworkGrant,
  planSandboxNetwork,
  SandboxNetworkError,
} from '../../../../src/operation/sandbox/network/index.js';

describe('parseNetworkGrant', () => {
  it('refuses bad grants, naming the entry and what is wrong', () => {
    const bad: [string, GrantProblem, RegExp][] = [
      ['', 'empty', /empty/],
      ['api.example.com', 'missing-port', /missing :port/],
      ['[::1]', 'missing-port', /missing :port/],
      ['api.example.com:', 'bad-port', /must be a number/],
      ['api.example.com:0', 'bad-port', /port 0/],
      ['api.example.com:65536', 'bad-port', /out of range/],
      ['api.example.com:99999', 'bad-port', /out of range/],
      ['api.example.com:+443', 'bad-port', /must be a number/],
      ['api.example.com:https', 'bad-port', /must be a number/],
      ['*:443', 'wildcard', /wildcards/],
      ['*.example.com:443', 'wildcard', /wildcards/],
      ['0.0.0.0:80', 'wildcard', /any address/],
      ['[::]:80', 'wildcard', /any address/],
      ['https://api.example.com:443', 'url', /URL/],
      ['api.example.com:443/v1', 'url', /URL/],
      ['user@api.example.com:443', 'url', /URL/],
      ['::1:8080', 'ipv6-brackets', /brackets/],
      ['2001:db8::1:443', 'ipv6-brackets', /brackets/],
      ['2130706433:80', 'non-standard-ipv4', /four decimals/],
      ['0177.0.0.1:80', 'non-standard-ipv4', /four decimals/],
      ['0x7f.1:80', 'non-standard-ipv4', /four decimals/],
      ['127.1:80', 'non-standard-ipv4', /four decimals/],
      ['host.123:80', 'non-standard-ipv4', /four decimals/],
      ['[::ffff:127.0.0.1]:80', 'bad-host', /IPv4 address instead: 127\.0\.0\.1/],
      ['[fe80::1%eth0]:80', 'bad-host', /zone/],
      ['[fe80::1]:80', 'not-a-destination', /link-local/],
      ['[ff02::1]:80', 'not-a-destination', /multicast/],
      ['224.0.0.1:80', 'not-a-destination', /multicast/],
      ['255.255.255.255:80', 'not-a-destination', /broadcast/],
      ['[not-v6]:80', 'bad-host', /not IPv6/],
      [':443', 'bad-host', /missing host/],
      ['exa mple.com:443', 'bad-host', /not a valid host name/],
      ['-bad.example.com:443', 'bad-host', /not a valid host name/],
      ['a..b:443', 'bad-host', /not a valid host name/],
      [`${'a'.repeat(64)}.com:443`, 'bad-host', /not a valid host name/],
      ['example.com.:443', 'bad-host', /trailing dot/],
      ['bücher.de:443', 'bad-host', /punycode/],
      [' api.example.com:443', 'bad-host', /spaces/],
    ];
    for (const [text, code, message] of bad) {
      const result = parseNetworkGrant(text);
      expect(result, text).toMatchObject({ ok: false, code });
      if (!result.ok) {
        expect(result.message, text).toMatch(message);
        expect(result.message, text).toContain(`"${text}"`);
      }
    }
  });

  it('accepts names, IPv4 and bracketed IPv6, in canonical form', () => {
    const good: [string, string, string, string, number][] = [
      ['api.example.com:443', 'api.example.com:443', 'api.example.com', 'name', 443],
      ['API.Example.COM:443', 'api.example.com:443', 'api.example.com', 'name', 443],
      ['localhost:8080', 'localhost:8080', 'localhost', 'name', 8080],
      ['db:5432', 'db:5432', 'db', 'name', 5432],
      ['_svc.xn--bcher-kva.de:1', '_svc.xn--bcher-kva.de:1', '_svc.xn--bcher-kva.de', 'name', 1],
      ['127.0.0.1:8080', '127.0.0.1:8080', '127.0.0.1', 'ipv4', 8080],
      ['10.0.0.5:65535', '10.0.0.5:65535', '10.0.0.5', 'ipv4', 65535],
      ['169.254.169.254:80', '169.254.169.254:80', '169.254.169.254', 'ipv4', 80],
      ['[::1]:9000', '[::1]:9000', '::1', 'ipv6', 9000],
      ['[2001:DB8:0:0::5]:443', '[2001:db8::5]:443', '2001:db8::5', 'ipv6', 443],
    ];
    for (const [text, grant, host, hostKind, port] of good) {
      expect(parseNetworkGrant(text), text).toEqual({
        ok: true,
        grant: { grant, host, hostKind, port },
      });
    }
  });
});

describe('planSandboxNetwork', () => {
  it('reports every bad entry at once, and listen collisions', () => {
    let error: unknown;
    try {
      planSandboxNetwork(['ok.example.com:443', 'x:0', '*.y:1', 'localhost:80', '127.0.0.1:80'], {
        privateNetwork: false,
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SandboxNetworkError);
    const e = error as SandboxNetworkError;
    expect(e.code).toBe('SANDBOX_NETWORK_GRANT_INVALID');
    expect(e.message).toContain('"x:0"');
    expect(e.message).toContain('"*.y:1"');
    expect(e.message).toMatch(
      /"localhost:80" and "127\.0\.0\.1:80" both mean 127\.0\.0\.1 port 80/,
    );
    expect(e.data?.problems).toHaveLength(3);
  });

  it('refuses a grant of the sandbox host name itself, and more than 256 grants', () => {
    expect(() =>
      planSandboxNetwork(['sandbox:80'], { privateNetwork: false, hostname: 'sandbox' }),
    ).toThrow(/own host name/);
    const many = Array.from({ length: 257 }, (_, i) => `h${String(i)}.example.com:443`);
    expect(() => planSandboxNetwork(many, { privateNetwork: false })).toThrow(/at most 256/);
  });

  it('gives each name its own loopback address, literals their own, and writes the hosts file', () => {
    const plan = planSandboxNetwork(
      [
        'api.example.com:443',
        'API.example.com:443', // duplicate after normalisation
        'api.example.com:80',
        'other.example.org:443',
        '127.0.0.2:9000', // a literal taking the address the next name would get
        'third.example.net:443',
        'localhost:3000',
        '[::1]:9001',
        '10.0.0.5:5432',
        '[2001:db8::5]:8443',
      ],
      { privateNetwork: true, hostname: 'sandbox' },
    );
    expect(
      plan.forwards.map((f) => [f.grant, f.listenAddress, f.listenPort, f.socketName]),
    ).toEqual([
      ['api.example.com:443', '127.0.0.3', 443, 'f0.sock'],
      ['api.example.com:80', '127.0.0.3', 80, 'f1.sock'],
      ['other.example.org:443', '127.0.0.4', 443, 'f2.sock'],
      ['127.0.0.2:9000', '127.0.0.2', 9000, 'f3.sock'],
      ['third.example.net:443', '127.0.0.5', 443, 'f4.sock'],
      ['localhost:3000', '127.0.0.1', 3000, 'f5.sock'],
      ['[::1]:9001', '::1', 9001, 'f6.sock'],
      ['10.0.0.5:5432', '10.0.0.5', 5432, 'f7.sock'],
      ['[2001:db8::5]:8443', '2001:db8::5', 8443, 'f8.sock'],
    ]);
    expect(plan.privateNetwork).toBe(true);
    expect(plan.hostsFile).toBe(
      [
        '# Generated by Gatehouse: this sandbox has no DNS; only these names resolve.',
        '127.0.0.1\tlocalhost sandbox',
        '::1\tip6-localhost ip6-loopback',
        '127.0.0.3\tapi.example.com',
        '127.0.0.4\tother.example.org',
        '127.0.0.5\tthird.example.net',
        '',
      ].join('\n'),
    );
    expect(plan.resolvConf).not.toMatch(/nameserver/);
    expect(plan.nsswitchConf).toMatch(/^hosts: files$/m);
    expect(plan.netns).toEqual({
      unprivilegedPortStart: 80,
      localAddresses: ['10.0.0.5/32', '2001:db8::5/128'],
    });
    expect(plan.needsNetnsSetup).toBe(true);
  });

  it('needs no namespace setup for high ports on loopback, and nothing at all for no grants', () => {
    const plan = planSandboxNetwork(['api.example.com:8443', '127.0.0.1:8080'], {
      privateNetwork: false,
    });
    expect(plan.netns).toEqual({ unprivilegedPortStart: null, localAddresses: [] });
    expect(plan.needsNetnsSetup).toBe(false);
    const none = planSandboxNetwork([], { privateNetwork: false });
    expect(none.forwards).toEqual([]);
    expect(none.hostsFile).toContain('127.0.0.1\tlocalhost\n');
  });

  it('skips .0 and .255 when many names need addresses', () => {
    const names = Array.from({ length: 256 }, (_, i) => `h${String(i)}.example.com:443`);
    const addresses = planSandboxNetwork(names, { privateNetwork: false }).forwards.map(
      (f) => f.listenAddress,
    );
    expect(new Set(addresses).size).toBe(256);
    expect(addresses.some((a) => a.endsWith('.0') || a.endsWith('.255'))).toBe(false);
    // 127.0.0.2–.254 (253 names), then 127.0.1.1–.3.
    expect(addresses.at(-1)).toBe('127.0.1.3');
  });
});
