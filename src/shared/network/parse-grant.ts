/**
 * @module shared/network/parse-grant
 * Parses one network grant, `host:port`, of a sandboxed stdio server. Written by hand (a URL parser
 * accepts far more than a grant may say): exactly a DNS name, a dotted-decimal IPv4 address or a
 * bracketed IPv6 address, then a port 1–65535. Refused, each with a message naming the entry:
 * URLs (a scheme or path would suggest a narrower grant than a port gives), wildcards and the
 * unspecified address (they grant everything), IPv6 without brackets (ambiguous port), the
 * historic numeric IPv4 forms (`2130706433`, `0177.0.0.1`: the sandbox's resolver would read them
 * as an address and never consult the generated hosts file), IPv4-mapped IPv6, zone ids and IPv6
 * link-local (the sandbox has no interface to scope them to), multicast and broadcast.
 */
import { isIP } from 'node:net';

import ipaddr from 'ipaddr.js';

import { classifyAddress } from './address-range.js';

/** How the host of a grant is written. */
export type GrantHostKind = 'name' | 'ipv4' | 'ipv6';

/** One valid grant in canonical form. */
export interface NetworkGrant {
  /** Canonical text: `api.example.com:443`, `127.0.0.1:8080`, `[::1]:9000`. */
  readonly grant: string;
  /** Lower-case name, or the canonical address (IPv6 without brackets). */
  readonly host: string;
  readonly hostKind: GrantHostKind;
  readonly port: number;
}

/** Why a grant was refused. */
export type GrantProblem =
  | 'empty'
  | 'url'
  | 'wildcard'
  | 'missing-port'
  | 'bad-port'
  | 'ipv6-brackets'
  | 'bad-host'
  | 'non-standard-ipv4'
  | 'not-a-destination';

/** The outcome of parsing one grant. */
export type GrantParse =
  | { readonly ok: true; readonly grant: NetworkGrant }
  | { readonly ok: false; readonly code: GrantProblem; readonly message: string };

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const NUMERIC_LABEL = /^(?:0x[0-9a-f]*|[0-9]+)$/i;

/**
 * Parses `host:port`.
 * @example parseNetworkGrant('API.example.com:443') // { ok: true, grant: { grant: 'api.example.com:443', … } }
 * @example parseNetworkGrant('*.example.com:443') // { ok: false, code: 'wildcard', … }
 */
export function parseNetworkGrant(text: string): GrantParse {
  const fail = (code: GrantProblem, why: string): GrantParse => ({
    ok: false,
    code,
    message: `network grant "${text}": ${why}`,
  });
  if (text.length === 0) return fail('empty', 'empty; write host:port, e.g. api.example.com:443');
  if (text.trim() !== text) return fail('bad-host', 'leading or trailing spaces');
  if (/:\/\/|[/?#@]/.test(text)) {
    return fail('url', 'a URL or path is not a grant; write host:port, e.g. api.example.com:443');
  }
  if (text.includes('*')) return fail('wildcard', 'wildcards are not allowed; name each host');

  let hostText: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const match = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
    if (!match) return fail('bad-host', 'an IPv6 address must be written [address]:port');
    hostText = match[1] ?? '';
    portText = match[2];
  } else {
    const colons = text.split(':').length - 1;
    if (colons > 1) {
      return fail('ipv6-brackets', 'IPv6 addresses go in brackets, e.g. [::1]:8080');
    }
    const at = text.lastIndexOf(':');
    hostText = at === -1 ? text : text.slice(0, at);
    portText = at === -1 ? undefined : text.slice(at + 1);
  }
  if (portText === undefined) return fail('missing-port', 'missing :port, e.g. :443');
  const port = parsePort(portText);
  if (typeof port === 'string') return fail('bad-port', port);

  const host = text.startsWith('[') ? parseIpv6Host(hostText) : parseHost(hostText);
  if (!host.ok) return fail(host.code, host.why);
  const grant =
    host.kind === 'ipv6' ? `[${host.host}]:${String(port)}` : `${host.host}:${String(port)}`;
  return { ok: true, grant: { grant, host: host.host, hostKind: host.kind, port } };
}

type HostParse =
  { ok: true; host: string; kind: GrantHostKind } | { ok: false; code: GrantProblem; why: string };

function parsePort(text: string): number | string {
  if (!/^[0-9]{1,5}$/.test(text)) return `port "${text}" must be a number from 1 to 65535`;
  const port = Number(text);
  if (port === 0) return 'port 0 is not a destination; use 1 to 65535';
  if (port > 65_535) return `port ${text} is out of range; use 1 to 65535`;
  return port;
}

function parseIpv6Host(text: string): HostParse {
  if (text.includes('%')) {
    return { ok: false, code: 'bad-host', why: 'zone ids are not supported (no interfaces)' };
  }
  if (isIP(text) !== 6) return { ok: false, code: 'bad-host', why: `"${text}" is not IPv6` };
  const result = classifyAddress(text);
  if (!result.ok) return { ok: false, code: 'bad-host', why: result.message };
  const range = result.range;
  // `[::]` would mean "every address", not one destination.
  if (range === 'unspecified') {
    return { ok: false, code: 'wildcard', why: 'the unspecified address [::] means any address' };
  }
  if (range.startsWith('ipv4Mapped') || range === 'ipv4Compatible') {
    const v4 = ipaddr.IPv6.parse(result.address).toIPv4Address().toString();
    return { ok: false, code: 'bad-host', why: `write the IPv4 address instead: ${v4}` };
  }
  if (range === 'multicast') {
    return { ok: false, code: 'not-a-destination', why: 'a multicast address' };
  }
  // Link-local needs an interface to scope to; the sandbox has only its loopback.
  if (range === 'linkLocal') {
    return { ok: false, code: 'not-a-destination', why: 'IPv6 link-local is not supported' };
  }
  return { ok: true, host: result.address, kind: 'ipv6' };
}

function parseHost(text: string): HostParse {
  if (text.length === 0) return { ok: false, code: 'bad-host', why: 'missing host before :port' };
  if (isIP(text) === 4) {
    const result = classifyAddress(text);
    const range = result.ok ? result.range : 'invalid';
    if (range === 'unspecified') {
      return { ok: false, code: 'wildcard', why: `${text} means any address, not one host` };
    }
    if (range === 'broadcast' || range === 'multicast') {
      return { ok: false, code: 'not-a-destination', why: `${text} is a ${range} address` };
    }
    return { ok: true, host: text, kind: 'ipv4' };
  }
  const lower = text.toLowerCase();
  const labels = lower.split('.');
  // The C library and URL parsers read these as IPv4 numbers, never as names (see module doc).
  if (ipaddr.IPv4.isValid(lower) || NUMERIC_LABEL.test(labels[labels.length - 1] ?? '')) {
    return {
      ok: false,
      code: 'non-standard-ipv4',
      why: 'looks like an IPv4 address in a non-standard form; write it as four decimals, e.g. 127.0.0.1',
    };
  }
  if (/[^\x20-\x7e]/.test(text)) {
    return { ok: false, code: 'bad-host', why: 'write international names in punycode (xn--…)' };
  }
  if (lower.endsWith('.')) {
    return { ok: false, code: 'bad-host', why: 'write the name without the trailing dot' };
  }
  if (lower.length > 253 || !labels.every((label) => LABEL.test(label))) {
    return { ok: false, code: 'bad-host', why: `"${text}" is not a valid host name` };
  }
  return { ok: true, host: lower, kind: 'name' };
}
