/**
 * @module shared/network/address-range
 * Which addresses a granted *name* may lead to. A name granted as `api.example.com:443` must not
 * become a way into the host or its network: DNS rebinding to 127.0.0.1, SSRF to the cloud
 * metadata service at 169.254.169.254, to RFC 1918 hosts, to CGNAT peers, to IPv6 ULA or link-local
 * neighbours, or the same through IPv4-mapped and IPv4-embedding IPv6 forms.
 *
 * Ranges come from `ipaddr.js` (its IANA special-purpose tables); the rule is an allowlist: only
 * what `ipaddr.js` calls plain `unicast` is public, so every special range it knows, now or in a
 * later release, is refused (fail closed). One gap is closed here by hand, because the library does
 * not cover it: IPv4-compatible IPv6 (`::/96`, deprecated by RFC 4291 §2.5.5.1), which `ipaddr.js`
 * reports as `unicast`, and which it misreads as IPv4-mapped when written with a dotted tail
 * (`::127.0.0.1`); dotted tails are therefore rewritten to hex before parsing.
 */
import { isIP } from 'node:net';

import ipaddr from 'ipaddr.js';

/** The range an address falls in; `unicast` is the only public one. */
export type AddressClass =
  | { readonly ok: true; readonly address: string; readonly family: 4 | 6; readonly range: string }
  | { readonly ok: false; readonly code: 'not-an-address'; readonly message: string };

/** Ranges that are never a TCP destination, even when private targets are allowed. */
const NEVER_A_DESTINATION = new Set(['unspecified', 'broadcast', 'multicast']);

/**
 * Classifies an IP address. Strict forms (`net.isIP`) are classified as written; the historic
 * `inet_aton` forms a resolver or the C library still accepts as literals (`2130706433`,
 * `0177.0.0.1`, `0x7f.1`, `127.1`) are classified as the address they denote, so that such a string
 * can never pass for something other than the address it reaches.
 */
export function classifyAddress(input: string): AddressClass {
  const family = isIP(input);
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    if (family === 6) parsed = ipaddr.IPv6.parse(dottedTailToHex(input));
    else if (family === 4 || ipaddr.IPv4.isValid(input)) parsed = ipaddr.IPv4.parse(input);
    else return { ok: false, code: 'not-an-address', message: `${input} is not an IP address` };
  } catch {
    return { ok: false, code: 'not-an-address', message: `${input} is not an IP address` };
  }
  if (parsed.kind() === 'ipv4') {
    return { ok: true, address: parsed.toString(), family: 4, range: parsed.range() };
  }
  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  // An IPv4-mapped address reaches the IPv4 address it carries: classify that one instead.
  if (range === 'ipv4Mapped') {
    const v4 = v6.toIPv4Address();
    return { ok: true, address: v6.toString(), family: 6, range: `ipv4Mapped:${v4.range()}` };
  }
  if (range === 'unicast' && isIpv4Compatible(v6)) {
    return { ok: true, address: v6.toString(), family: 6, range: 'ipv4Compatible' };
  }
  return { ok: true, address: v6.toString(), family: 6, range };
}

/** Whether an address is a public unicast destination (anything unparseable is not). */
export function isPublicAddress(input: string): boolean {
  const result = classifyAddress(input);
  return result.ok && (result.range === 'unicast' || result.range === 'ipv4Mapped:unicast');
}

/**
 * Whether the broker may connect to an address. Public unicast always; with `allowPrivate`, any
 * address except the ones that are no destination at all (unspecified, broadcast, multicast).
 */
export function checkDestination(
  input: string,
  allowPrivate: boolean,
): { readonly ok: true } | { readonly ok: false; readonly reason: string } {
  const result = classifyAddress(input);
  if (!result.ok) return { ok: false, reason: result.message };
  if (isPublicAddress(input)) return { ok: true };
  const base = result.range.replace(/^ipv4Mapped:/, '');
  if (allowPrivate && !NEVER_A_DESTINATION.has(base)) return { ok: true };
  return { ok: false, reason: `${input} is ${describeRange(result.range)}` };
}

/** A short human description of a range name, for refusal messages and audit records. */
export function describeRange(range: string): string {
  if (range.startsWith('ipv4Mapped:')) {
    return `the IPv4-mapped form of ${describeRange(range.slice('ipv4Mapped:'.length))}`;
  }
  return RANGE_WORDS[range] ?? `a special-purpose address (${range})`;
}

const RANGE_WORDS: Record<string, string> = {
  unicast: 'a public address',
  loopback: 'a loopback address',
  private: 'a private (RFC 1918) address',
  carrierGradeNat: 'a carrier-grade NAT (100.64.0.0/10) address',
  linkLocal: 'a link-local address',
  uniqueLocal: 'a unique local (fc00::/7) address',
  multicast: 'a multicast address',
  unspecified: 'the unspecified address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved or documentation address',
  benchmarking: 'a benchmarking address',
  ipv4Compatible: 'an IPv4-compatible IPv6 address',
};

/** `::a.b.c.d` and friends: rewrite the dotted IPv4 tail as two hex groups before parsing. */
function dottedTailToHex(input: string): string {
  const match = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(input);
  if (!match) return input;
  const [, head, a, b, c, d] = match as unknown as [string, string, string, string, string, string];
  const high = ((Number(a) << 8) | Number(b)).toString(16);
  const low = ((Number(c) << 8) | Number(d)).toString(16);
  return `${head}${high}:${low}`;
}

/** `::/96` minus `::` and `::1`: IPv4-compatible IPv6, deprecated and never a valid destination. */
function isIpv4Compatible(address: ipaddr.IPv6): boolean {
  const parts = address.parts;
  return parts.slice(0, 6).every((part) => part === 0);
}
