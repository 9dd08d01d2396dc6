/**
 * @module operation/policy/host-pattern
 * Entries of a URL constraint's `hosts` allowlist: `example.com` (that host), `*.example.com`
 * (its subdomains, not the apex), IP literals `192.0.2.1` and `[2001:db8::1]`, each optionally
 * with `:port` or `:*` (any port). Without a port only the scheme's default port is admitted.
 * Names are brought to the form the WHATWG URL parser gives hosts: IDN to ASCII (punycode),
 * lowercase, no trailing dot; IPv4 in dotted-decimal, IPv6 compressed in brackets.
 */
import { isIPv4 } from 'node:net';

/** `default`: the scheme's default port only; `*`: any port. */
export type PortPattern = number | 'default' | '*';

export interface HostPattern {
  readonly kind: 'domain' | 'ip';
  /** ASCII lowercase domain without trailing dot; or the canonical IP literal. */
  readonly host: string;
  /** `*.host`: subdomains of `host` only. */
  readonly wildcard: boolean;
  readonly port: PortPattern;
  /** The entry as written, for messages. */
  readonly text: string;
}

export type HostPatternResult =
  | { readonly ok: true; readonly pattern: HostPattern }
  | { readonly ok: false; readonly problem: string };

const fail = (problem: string): HostPatternResult => ({ ok: false, problem });

/** Parses one allowlist entry. */
export function parseHostPattern(text: string): HostPatternResult {
  const split = splitPort(text);
  if (!split.ok) return fail(split.problem);
  let host = split.host;
  const wildcard = host.startsWith('*.');
  if (wildcard) host = host.slice(2);
  if (host === '' || host.includes('*')) {
    return fail('"*" is allowed only as a whole first label ("*.example.com")');
  }
  if (/[\s/?#@%\\]/.test(host)) return fail('a host must not contain / ? # @ % \\ or spaces');
  let canonical: string;
  try {
    canonical = new URL(`http://${host}/`).hostname;
  } catch {
    return fail('not a valid host name or IP address');
  }
  const ip = canonical.startsWith('[') || isIPv4(canonical);
  if (ip && wildcard) return fail('"*." applies to domain names, not IP addresses');
  if (isIPv4(canonical) && canonical !== host.replace(/\.$/, '')) {
    return fail(`write the IPv4 address as ${canonical}`);
  }
  if (!ip) canonical = canonical.replace(/\.$/, '');
  if (!ip && !/^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/.test(canonical)) {
    return fail('not a valid host name');
  }
  return {
    ok: true,
    pattern: { kind: ip ? 'ip' : 'domain', host: canonical, wildcard, port: split.port, text },
  };
}

type SplitPort =
  | { readonly ok: true; readonly host: string; readonly port: PortPattern }
  | { readonly ok: false; readonly problem: string };

function splitPort(text: string): SplitPort {
  const bracketed = /^(\[[^\]]*\])(?::(.*))?$/.exec(text);
  if (bracketed?.[1] !== undefined) return withPort(bracketed[1], bracketed[2]);
  const colons = text.split(':').length - 1;
  if (colons > 1) return { ok: false, problem: 'write an IPv6 address in brackets: [2001:db8::1]' };
  const at = text.lastIndexOf(':');
  return at < 0 ? withPort(text, undefined) : withPort(text.slice(0, at), text.slice(at + 1));
}

function withPort(host: string, port: string | undefined): SplitPort {
  if (port === undefined) return { ok: true, host, port: 'default' };
  if (port === '*') return { ok: true, host, port: '*' };
  if (!/^[1-9][0-9]{0,4}$/.test(port) || Number(port) > 65_535) {
    return { ok: false, problem: `"${port}" is not a port (1-65535 or *)` };
  }
  return { ok: true, host, port: Number(port) };
}

/** Whether a URL's canonical host and port are admitted by `pattern`. */
export function hostMatches(
  pattern: HostPattern,
  host: {
    readonly kind: 'domain' | 'ip';
    readonly host: string;
    readonly port: number | 'default';
  },
  defaultPort: number | undefined,
): boolean {
  if (pattern.kind !== host.kind) return false;
  const hostOk = pattern.wildcard
    ? host.host.endsWith(`.${pattern.host}`)
    : host.host === pattern.host;
  if (!hostOk) return false;
  if (pattern.port === '*') return true;
  if (pattern.port === 'default') return host.port === 'default';
  const effective = host.port === 'default' ? defaultPort : host.port;
  return effective === pattern.port;
}
