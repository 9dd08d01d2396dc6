/**
 * @module operation/sandbox/network/open-destination
 * The broker's decision for one connection: resolve the granted name in the gateway (never in the
 * sandbox), refuse the whole connection if *any* address it resolves to is internal (loopback,
 * private, CGNAT, link-local, ULA, metadata, IPv4-mapped forms of those, …) unless private targets
 * are allowed, then connect to the checked address itself, never to the name again. Threats:
 * DNS rebinding (a granted name later resolving to 127.0.0.1 or 169.254.169.254), SSRF to the
 * host's own loopback services through a granted name, a name answering with a mix of a public
 * and an internal address, and a second lookup at connect time giving a different answer.
 */
import { connect, type Socket } from 'node:net';

import { checkDestination } from '../../../shared/network/index.js';
import type { NetworkForward } from './plan-network.js';

/** One address of a name, as `dns.lookup({ all: true })` gives it. */
export interface LookupAddress {
  readonly address: string;
  readonly family: number;
}

/** Resolves a name to all its addresses (injectable; default `dns.promises.lookup`). */
export type LookupAll = (hostname: string) => Promise<readonly LookupAddress[]>;

/** How {@link openDestination} resolves, checks and connects. */
export interface DestinationOptions {
  readonly lookup: LookupAll;
  readonly privateNetwork: boolean;
  readonly lookupTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Aborted when the sandbox side hangs up first. */
  readonly signal: AbortSignal;
}

/** A connected destination, or why there is none (`refused`: policy; `error`: failure). */
export type Destination =
  | { readonly ok: true; readonly socket: Socket; readonly address: string }
  | {
      readonly ok: false;
      readonly kind: 'refused' | 'error';
      readonly reason: string;
      readonly address?: string;
    };

/** Resolves, checks and connects one granted destination. */
export async function openDestination(
  forward: NetworkForward,
  options: DestinationOptions,
): Promise<Destination> {
  let candidates: string[];
  if (forward.hostKind === 'name') {
    let addresses: readonly LookupAddress[];
    try {
      addresses = await withTimeout(options.lookup(forward.host), options.lookupTimeoutMs);
    } catch (error) {
      return { ok: false, kind: 'error', reason: `lookup failed: ${describe(error)}` };
    }
    if (addresses.length === 0) return { ok: false, kind: 'error', reason: 'no address' };
    for (const { address } of addresses) {
      const check = checkDestination(address, options.privateNetwork);
      if (!check.ok) return { ok: false, kind: 'refused', reason: check.reason, address };
    }
    candidates = addresses.map((entry) => entry.address);
  } else {
    // The user wrote this address in the grant: private targets are what they asked for. The
    // plan already refused the addresses that are no destination (unspecified, multicast).
    const check = checkDestination(forward.host, true);
    if (!check.ok)
      return { ok: false, kind: 'refused', reason: check.reason, address: forward.host };
    candidates = [forward.host];
  }
  let last: Destination = { ok: false, kind: 'error', reason: 'no address' };
  for (const address of candidates) {
    if (options.signal.aborted) {
      return { ok: false, kind: 'error', reason: 'the sandbox side hung up', address };
    }
    try {
      const socket = await connectTcp(address, forward.port, options);
      return { ok: true, socket, address };
    } catch (error) {
      last = { ok: false, kind: 'error', reason: describe(error), address };
    }
  }
  return last;
}

/** A TCP connect to an address literal (no lookup), bounded in time and by the client. */
function connectTcp(address: string, port: number, options: DestinationOptions): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port, allowHalfOpen: true });
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      socket.off('error', finish);
      socket.off('connect', onConnect);
      if (error === undefined) {
        resolve(socket);
      } else {
        socket.destroy();
        reject(error);
      }
    };
    const onConnect = (): void => finish();
    const onAbort = (): void => finish(new Error('the sandbox side hung up'));
    const timer = setTimeout(
      () => finish(new Error(`connect timed out after ${String(options.connectTimeoutMs)} ms`)),
      options.connectTimeoutMs,
    );
    options.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', finish);
    socket.once('connect', onConnect);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${String(ms)} ms`)), ms);
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

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== undefined && !error.message.includes(code)
      ? `${code}: ${error.message}`
      : error.message;
  }
  return String(error);
}
