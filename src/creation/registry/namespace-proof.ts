/**
 * @module creation/registry/namespace-proof
 * Who may claim a namespace. A domain namespace (`com.example`) names a domain
 * (`example.com`); its claim must be proven by that domain publishing the claiming key, as the
 * official MCP registry asks: an HTTP well-known file (`/.well-known/mcp-registry-auth`) or a DNS
 * TXT record on the apex, both holding `v=MCPv1; k=ed25519; p=<key>`.
 *
 * `io.github.<user>` namespaces: the official registry proves them with GitHub OAuth, which a
 * self-hosted registry cannot do offline. Here they are proven like a domain through the user's
 * GitHub Pages host `<user>.github.io` (the default), or, when configured, claimed by the first
 * key that asks ("first-come"). First-come is weaker: it proves only that nobody claimed the
 * namespace earlier, not that the claimant is the GitHub user. Meant for tests and closed
 * registries; documented in docs/registry.md.
 *
 * Every check fails closed: no record, a record for another key, an unreachable domain, a
 * timeout, or a proof method that is not enabled all refuse the claim.
 */
import { resolveTxt as dnsResolveTxt } from 'node:dns/promises';

import { formatProofRecord, proofKeysIn } from './proof-record.js';
import type { ParsedNamespace } from './server-name.js';
import { fetchWellKnown } from './well-known-fetch.js';

/** A way to prove a domain. */
export type DomainProofMethod = 'http' | 'dns';

/** How a claim was accepted (recorded with the namespace). */
export type ProofMethod = DomainProofMethod | 'first-come';

/** Which proofs a registry accepts, per kind of namespace. */
export interface NamespaceProofPolicy {
  /** Domain namespaces: the accepted methods (any one suffices), or `first-come` (no proof). */
  readonly domain: readonly DomainProofMethod[] | 'first-come';
  /** `io.github.<user>`: proven through `<user>.github.io` like a domain, first-come, or refused. */
  readonly github: 'domain' | 'first-come' | 'refuse';
}

/** The default policy: every namespace needs a domain proof (HTTP or DNS). */
export const DEFAULT_PROOF_POLICY: NamespaceProofPolicy = {
  domain: ['http', 'dns'],
  github: 'domain',
};

/** Options of {@link proveNamespace}; the two hooks stand in for the network in tests. */
export interface NamespaceProofOptions {
  readonly policy: NamespaceProofPolicy;
  /** Base URL to fetch a domain's well-known file from instead of `https://<domain>`. */
  readonly httpBase?: (domain: string) => string | undefined;
  /** TXT records of a name (default: the system resolver). */
  readonly resolveTxt?: (domain: string) => Promise<string[][]>;
  readonly timeoutMs?: number;
}

/** The outcome of a proof: the method that proved it, or every reason it failed. */
export type ProofOutcome =
  { ok: true; method: ProofMethod } | { ok: false; message: string; expectedRecord: string };

/** Checks that `publicKey` may claim `namespace` under the policy. Never throws. */
export async function proveNamespace(
  namespace: ParsedNamespace,
  publicKey: string,
  options: NamespaceProofOptions,
): Promise<ProofOutcome> {
  const expectedRecord = formatProofRecord(publicKey);
  const policy = options.policy;
  let methods: readonly DomainProofMethod[];
  if (namespace.kind === 'github') {
    if (policy.github === 'refuse') {
      return {
        ok: false,
        expectedRecord,
        message: `this registry does not accept io.github.* namespaces`,
      };
    }
    if (policy.github === 'first-come') return { ok: true, method: 'first-come' };
    // A GitHub user can serve files from <user>.github.io, never set its DNS records.
    methods = policy.domain === 'first-come' ? ['http'] : policy.domain.filter((m) => m === 'http');
  } else {
    if (policy.domain === 'first-come') return { ok: true, method: 'first-come' };
    methods = policy.domain;
  }
  if (methods.length === 0) {
    return { ok: false, expectedRecord, message: 'no proof method is enabled for this namespace' };
  }
  const failures: string[] = [];
  for (const method of methods) {
    const result =
      method === 'http'
        ? await httpProof(namespace.domain, publicKey, options)
        : await dnsProof(namespace.domain, publicKey, options);
    if (result === true) return { ok: true, method };
    failures.push(`${method}: ${result}`);
  }
  return {
    ok: false,
    expectedRecord,
    message:
      `${namespace.domain} does not prove key ${publicKey} for namespace ${namespace.namespace} ` +
      `(${failures.join('; ')}). Publish "${expectedRecord}" at ` +
      `https://${namespace.domain}/.well-known/mcp-registry-auth` +
      (methods.includes('dns') ? ` or as a TXT record on ${namespace.domain}` : ''),
  };
}

async function httpProof(
  domain: string,
  publicKey: string,
  options: NamespaceProofOptions,
): Promise<true | string> {
  const base = options.httpBase?.(domain);
  const fetched = await fetchWellKnown(domain, {
    ...(base === undefined ? {} : { base }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  if (!fetched.ok) return fetched.message;
  const keys = proofKeysIn(fetched.body);
  if (keys.length === 0) return 'the well-known file holds no Ed25519 proof record';
  return keys.includes(publicKey) ? true : 'the well-known file names another key';
}

async function dnsProof(
  domain: string,
  publicKey: string,
  options: NamespaceProofOptions,
): Promise<true | string> {
  const resolve = options.resolveTxt ?? ((name: string) => dnsResolveTxt(name));
  let records: string[][];
  try {
    records = await withTimeout(resolve(domain), options.timeoutMs ?? 10_000);
  } catch (error) {
    return `TXT lookup failed (${(error as Error).message})`;
  }
  // A TXT record may arrive split into 255-byte strings; its parts join without separators.
  const keys = records.flatMap((parts) => proofKeysIn(parts.join('')));
  if (keys.length === 0) return 'no TXT record holds an Ed25519 proof record';
  return keys.includes(publicKey) ? true : 'the TXT records name another key';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
