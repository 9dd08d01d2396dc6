/**
 * @module creation/registry/well-known-fetch
 * Fetches `https://<domain>/.well-known/mcp-registry-auth` the way the official MCP registry
 * does: one GET, `Accept: text/plain`, redirects not followed, at most 4096 bytes, 10 seconds.
 *
 * Threat: a claim naming a domain that resolves to this machine or its network turns the registry
 * into a probe of internal services (SSRF, DNS rebinding). The connection goes only to addresses
 * that are public unicast; the check runs inside the socket's own lookup, so the address checked
 * is the address connected to. A test may point a domain at a loopback URL explicitly
 * (`httpBase`), which skips that check for that domain only.
 */
import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

import { isPublicAddress } from '../../operation/sandbox/network/index.js';

/** Where the official registry's HTTP proof lives on a domain. */
export const WELL_KNOWN_PATH = '/.well-known/mcp-registry-auth';

/** Largest proof body read. */
const MAX_BODY_BYTES = 4096;

/** Result of a fetch: the body, or why there is none. */
export type WellKnownResult = { ok: true; body: string } | { ok: false; message: string };

/** A lookup that only ever answers public unicast addresses. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) {
      callback(error, '', 4);
      return;
    }
    const list = addresses;
    const refused = list.find((entry) => !isPublicAddress(entry.address));
    if (refused !== undefined || list.length === 0) {
      const reason = new Error(
        `${hostname} resolves to ${refused?.address ?? 'nothing'}, which is not a public address`,
      );
      callback(reason, '', 4);
      return;
    }
    if (options.all) {
      (callback as unknown as (e: null, a: typeof list) => void)(null, list);
    } else {
      const first = list[0]!;
      callback(null, first.address, first.family);
    }
  });
};

/**
 * GETs the proof file of `domain`, from `base` when given (`http://127.0.0.1:PORT` in tests),
 * else from `https://<domain>` through {@link publicOnlyLookup}. Never throws.
 */
export function fetchWellKnown(
  domain: string,
  options: { base?: string; timeoutMs?: number } = {},
): Promise<WellKnownResult> {
  const url = new URL(WELL_KNOWN_PATH, options.base ?? `https://${domain}`);
  const client = url.protocol === 'http:' ? http : https;
  return new Promise((resolve) => {
    const request = client.request(
      url,
      {
        method: 'GET',
        headers: { accept: 'text/plain', 'user-agent': 'gatehouse-registry/1' },
        timeout: options.timeoutMs ?? 10_000,
        ...(options.base === undefined ? { lookup: publicOnlyLookup } : {}),
      },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          resolve({ ok: false, message: `${url.href} answered HTTP ${response.statusCode}` });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            response.destroy();
            resolve({ ok: false, message: `${url.href} is larger than ${MAX_BODY_BYTES} bytes` });
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ ok: true, body: Buffer.concat(chunks).toString('utf8').trim() }),
        );
        response.on('error', (error) =>
          resolve({ ok: false, message: `${url.href}: ${error.message}` }),
        );
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', (error) =>
      resolve({ ok: false, message: `${url.href}: ${error.message}` }),
    );
    request.end();
  });
}
