/**
 * @module operation/gateway/naming/uri-namespace
 * Resource URIs (and URI templates) of many servers on one endpoint. Each server gets a namespace
 * and its URIs reach the host as `gatehouse://<namespace>/<original URI, unchanged>`; one server
 * with an empty prefix may instead pass its URIs through as they are.
 *
 * Threat: a resource read routed to the wrong server (one server reading or shadowing another's
 * resources). Decoding is exact and fails closed: a `gatehouse:` URI that does not name a known
 * namespace decodes to nothing, never to some default server.
 */
import { z } from 'zod';

import { ErrorCode, GatehouseError } from '../../../shared/errors/index.js';
import { compareCodePoints } from './code-point-order.js';
import { displayQuote } from './display-quote.js';
import { isNormalizedPrefix, keyPrefix } from './prefix.js';
import { MAX_SHORT_HASH_LENGTH, shortHash } from './short-hash.js';

/** The URI scheme Gatehouse owns. */
export const GATEHOUSE_SCHEME = 'gatehouse';

/** Hash characters in a derived namespace. */
const NAMESPACE_HASH_LENGTH = 8;

const GATEHOUSE_URI = /^gatehouse:/i;
const GATEHOUSE_AUTHORITY = /^gatehouse:\/\//i;

/** A server as far as URIs are concerned. */
export interface UriServer {
  readonly key: string;
  /** The server's normalised prefix; `""` for none. */
  readonly prefix: string;
}

/** Something about URI namespaces the user should know. */
export interface UriIssue {
  /**
   * `shared-namespace`: servers whose prefixes are equal (ignoring case) got derived namespaces.
   * `several-empty-prefixes`: more than one server has an empty prefix, so none passes through.
   * `passthrough-gatehouse-uri`: the passthrough server offers a URI in the `gatehouse:` scheme.
   */
  readonly code: 'shared-namespace' | 'several-empty-prefixes' | 'passthrough-gatehouse-uri';
  /** The servers concerned, sorted by code points. */
  readonly serverKeys: readonly string[];
  /** Namespace of each server concerned (for the first two codes). */
  readonly namespaces?: Readonly<Record<string, string>>;
  /** The offending URI (for `passthrough-gatehouse-uri`). */
  readonly uri?: string;
  /** One sentence for the user. */
  readonly message: string;
}

/** A URI as its server knows it. */
export interface DecodedUri {
  readonly serverKey: string;
  readonly uri: string;
}

/** Encoding and decoding of every server's resource URIs. */
export interface UriNamespaces {
  /** The key of the passthrough server, if there is one. */
  readonly passthroughKey: string | undefined;
  /** A server's namespace; `undefined` for the passthrough server and unknown keys. */
  namespaceOf(serverKey: string): string | undefined;
  /** The public form of a server's URI or URI template. Throws for an unknown server key. */
  encode(serverKey: string, uri: string): string;
  /** The server and original URI behind a public URI, or `undefined` if none matches. */
  decode(publicUri: string): DecodedUri | undefined;
  /**
   * Checks a URI the passthrough server offers: a URI in the `gatehouse:` scheme would be taken
   * for a namespaced one, so `encode` escapes it as `gatehouse:///<uri>`; this reports it.
   */
  checkPassthroughUri(uri: string): { ok: true } | { ok: false; issue: UriIssue };
  /** Issues found while assigning namespaces, sorted by code then servers. */
  readonly issues: readonly UriIssue[];
}

const UriServersSchema = z.array(z.object({ key: z.string(), prefix: z.string() }));

function internal(message: string): GatehouseError {
  return new GatehouseError(ErrorCode.Internal, message);
}

/** Whether `uri` is in Gatehouse's own scheme (compared case-insensitively). */
export function isGatehouseUri(uri: string): boolean {
  return GATEHOUSE_URI.test(uri);
}

function listKeys(keys: readonly string[]): string {
  return keys.map(displayQuote).join(', ');
}

/**
 * Assigns namespaces:
 * - a non-empty prefix no other server shares (ignoring case) is the namespace itself;
 * - prefixes shared (ignoring case) by several servers become `prefix-<hash of key>` each;
 * - exactly one empty prefix makes that server the passthrough server;
 * - several empty prefixes make no passthrough server; each gets `<key prefix>-<hash of key>`;
 * - a derived namespace equal (ignoring case) to any other namespace takes a longer hash.
 */
export function buildUriNamespaces(servers: readonly UriServer[]): UriNamespaces {
  const parsed = UriServersSchema.safeParse(servers);
  if (!parsed.success) throw internal('invalid input to buildUriNamespaces');
  const list = [...parsed.data].sort((a, b) => compareCodePoints(a.key, b.key));
  for (let i = 0; i < list.length; i++) {
    const server = list[i]!;
    if (i > 0 && list[i - 1]!.key === server.key) {
      throw internal(`duplicate server key ${JSON.stringify(server.key)}`);
    }
    if (!isNormalizedPrefix(server.prefix)) {
      throw internal(
        `prefix ${JSON.stringify(server.prefix)} of server ${JSON.stringify(server.key)} is not normalised`,
      );
    }
  }

  const issues: UriIssue[] = [];
  const empty = list.filter((s) => s.prefix === '');
  const passthroughKey = empty.length === 1 ? empty[0]!.key : undefined;

  // Namespace bases: the prefix, or for several empty prefixes, the key's prefix.
  const derived = new Map<string, { base: string; hashLength: number }>();
  const fixed = new Map<string, string>();
  const byFolded = new Map<string, UriServer[]>();
  for (const server of list) {
    if (server.prefix === '') {
      if (empty.length > 1) {
        derived.set(server.key, { base: keyPrefix(server.key), hashLength: NAMESPACE_HASH_LENGTH });
      }
      continue;
    }
    const folded = server.prefix.toLowerCase();
    const group = byFolded.get(folded);
    if (group) group.push(server);
    else byFolded.set(folded, [server]);
  }
  const sharedGroups: UriServer[][] = [];
  for (const group of byFolded.values()) {
    if (group.length === 1) {
      fixed.set(group[0]!.key, group[0]!.prefix);
      continue;
    }
    sharedGroups.push(group);
    for (const server of group) {
      derived.set(server.key, { base: server.prefix, hashLength: NAMESPACE_HASH_LENGTH });
    }
  }

  const namespaces = new Map<string, string>(fixed);
  const derive = (key: string, d: { base: string; hashLength: number }): string =>
    `${d.base}-${shortHash(key, d.hashLength)}`;
  for (;;) {
    for (const [key, d] of derived) namespaces.set(key, derive(key, d));
    const owners = new Map<string, string[]>();
    for (const [key, ns] of namespaces) {
      const folded = ns.toLowerCase();
      const keys = owners.get(folded);
      if (keys) keys.push(key);
      else owners.set(folded, [key]);
    }
    let grown = false;
    for (const keys of owners.values()) {
      if (keys.length < 2) continue;
      for (const key of keys) {
        const d = derived.get(key);
        if (d && d.hashLength < MAX_SHORT_HASH_LENGTH) {
          d.hashLength++;
          grown = true;
        }
      }
    }
    if (!grown) break;
  }
  const byNamespace = new Map<string, string>();
  for (const [key, ns] of namespaces) {
    // Fail closed: two servers on one namespace would mix up their resources.
    if (byNamespace.has(ns)) throw internal(`namespace ${JSON.stringify(ns)} assigned twice`);
    byNamespace.set(ns, key);
  }

  const namespaceRecord = (keys: readonly string[]): Record<string, string> =>
    Object.fromEntries(keys.map((key) => [key, namespaces.get(key)!]));
  for (const group of sharedGroups) {
    const keys = group.map((s) => s.key);
    issues.push({
      code: 'shared-namespace',
      serverKeys: keys,
      namespaces: namespaceRecord(keys),
      message: `servers ${listKeys(keys)} share the prefix ${displayQuote(group[0]!.prefix.toLowerCase())} (ignoring case), so their resource URIs use ${keys.map((k) => `gatehouse://${namespaces.get(k)!}/`).join(', ')}.`,
    });
  }
  if (empty.length > 1) {
    const keys = empty.map((s) => s.key);
    issues.push({
      code: 'several-empty-prefixes',
      serverKeys: keys,
      namespaces: namespaceRecord(keys),
      message: `servers ${listKeys(keys)} all have an empty prefix, so none passes its resource URIs through; they use ${keys.map((k) => `gatehouse://${namespaces.get(k)!}/`).join(', ')}.`,
    });
  }
  issues.sort(
    (a, b) =>
      compareCodePoints(a.code, b.code) ||
      compareCodePoints(a.serverKeys[0] ?? '', b.serverKeys[0] ?? ''),
  );

  const checkPassthroughUri = (uri: string): { ok: true } | { ok: false; issue: UriIssue } => {
    if (passthroughKey === undefined || !isGatehouseUri(uri)) return { ok: true };
    return {
      ok: false,
      issue: {
        code: 'passthrough-gatehouse-uri',
        serverKeys: [passthroughKey],
        uri,
        message: `passthrough server ${displayQuote(passthroughKey)} offers ${displayQuote(uri)} in Gatehouse's own scheme; the host sees it as ${displayQuote(`gatehouse:///${uri}`)}.`,
      },
    };
  };

  return {
    passthroughKey,
    namespaceOf: (serverKey) => namespaces.get(serverKey),
    encode(serverKey, uri) {
      if (serverKey === passthroughKey) {
        // An empty authority is never a namespace: it marks the passthrough server's own
        // `gatehouse:` URIs, which would otherwise be taken for another server's.
        return isGatehouseUri(uri) ? `gatehouse:///${uri}` : uri;
      }
      const ns = namespaces.get(serverKey);
      if (ns === undefined) throw internal(`unknown server key ${JSON.stringify(serverKey)}`);
      return `gatehouse://${ns}/${uri}`;
    },
    decode(publicUri) {
      if (!isGatehouseUri(publicUri)) {
        return passthroughKey === undefined
          ? undefined
          : { serverKey: passthroughKey, uri: publicUri };
      }
      if (!GATEHOUSE_AUTHORITY.test(publicUri)) return undefined;
      const afterScheme = publicUri.slice(`${GATEHOUSE_SCHEME}://`.length);
      const slash = afterScheme.indexOf('/');
      if (slash === -1) return undefined;
      const ns = afterScheme.slice(0, slash);
      const uri = afterScheme.slice(slash + 1);
      if (ns === '') {
        if (passthroughKey === undefined || !isGatehouseUri(uri)) return undefined;
        return { serverKey: passthroughKey, uri };
      }
      const serverKey = byNamespace.get(ns);
      return serverKey === undefined ? undefined : { serverKey, uri };
    },
    checkPassthroughUri,
    issues,
  };
}
