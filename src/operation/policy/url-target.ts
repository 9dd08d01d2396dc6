/**
 * @module operation/policy/url-target
 * Reads where a URL argument points: scheme, host and port, parsed with the WHATWG URL parser
 * (the one `fetch` uses), after refusing every form that parsers disagree on.
 *
 * Threats, each refused: userinfo tricks (`http://allowed.com@evil.com`, any `@` in the
 * authority); backslashes, tabs and newlines, which WHATWG turns into `/` or drops while other
 * parsers keep them (`http://allowed.com\@evil.com`); a missing or empty `//authority`
 * (`http:evil.com`, `http:///evil.com`); percent-encoding in the authority; IPv4 written in
 * decimal, octal, hex or short forms (`2130706433`, `0177.0.0.1`), which some servers read as
 * another address; non-ASCII hosts that IDNA implementations map differently (compatibility
 * forms like the Kelvin sign, fullwidth letters and dots, invisible or ignorable characters);
 * empty labels (`.allowed.com`). What remains is compared after IDN to ASCII and lowercasing.
 */
import { isIPv4 } from 'node:net';

export interface UrlTarget {
  /** Lowercase scheme without `:`. */
  readonly scheme: string;
  readonly kind: 'domain' | 'ip';
  /** ASCII lowercase domain without trailing dot, or the canonical IP literal. */
  readonly host: string;
  /** `default` when the URL gives no port or the scheme's default port. */
  readonly port: number | 'default';
  /** The scheme's default port, if WHATWG knows one. */
  readonly defaultPort: number | undefined;
}

export type UrlTargetResult =
  | { readonly ok: true; readonly target: UrlTarget }
  | { readonly ok: false; readonly problem: string };

const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  ftp: 21,
};

/** Longest URL looked at; longer ones are refused. */
export const MAX_URL_LENGTH = 8192;

const fail = (problem: string): UrlTargetResult => ({ ok: false, problem });

export function readUrlTarget(value: string): UrlTargetResult {
  if (value.length > MAX_URL_LENGTH) return fail(`the URL is longer than ${MAX_URL_LENGTH}`);
  if (/[\p{Cc}\s\\]/u.test(value)) return fail('the URL contains a space, control or backslash');
  const head = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(value);
  if (head?.[2] === undefined) return fail('the URL has no "//host" part');
  const authority = head[2];
  if (authority === '') return fail('the URL has an empty host');
  if (authority.includes('@')) return fail('the URL has userinfo ("user@host" is refused)');
  if (authority.includes('%')) return fail('the URL host is percent-encoded');
  const rawHost = authority.startsWith('[')
    ? authority.slice(0, authority.indexOf(']') + 1)
    : authority.replace(/:[^:]*$/, '');
  const idn = checkIdn(rawHost);
  if (idn !== undefined) return fail(idn);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('the URL does not parse');
  }
  const scheme = url.protocol.slice(0, -1);
  let host = url.hostname;
  if (host.startsWith('[')) return target(url, scheme, 'ip', host);
  if (/[^\x21-\x7e]/.test(host)) return fail('the URL host is not ASCII after IDN conversion');
  host = host.toLowerCase();
  if (isIPv4(host)) {
    if (rawHost.toLowerCase().replace(/\.$/, '') !== host) {
      return fail(`the IPv4 address is not in dotted-decimal form (it means ${host})`);
    }
    return target(url, scheme, 'ip', host);
  }
  host = host.replace(/\.$/, '');
  if (host === '' || host.split('.').includes('')) return fail('the URL host has an empty label');
  return target(url, scheme, 'domain', host);
}

function target(url: URL, scheme: string, kind: 'domain' | 'ip', host: string): UrlTargetResult {
  const defaultPort = DEFAULT_PORTS[scheme];
  const given = url.port === '' ? undefined : Number(url.port);
  const port = given === undefined || given === defaultPort ? 'default' : given;
  return { ok: true, target: { scheme, kind, host, port, defaultPort } };
}

/** Why a non-ASCII host may be read differently by another IDNA implementation, if it may. */
function checkIdn(rawHost: string): string | undefined {
  if (/^[\x21-\x7e]*$/.test(rawHost)) return undefined;
  if (/[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Z}\u3002\uff0e\uff61]/u.test(rawHost)) {
    return 'the URL host contains invisible characters or non-ASCII dots';
  }
  if (rawHost.normalize('NFKC') !== rawHost) {
    return 'the URL host uses compatibility characters (e.g. fullwidth letters or the Kelvin sign)';
  }
  return undefined;
}
