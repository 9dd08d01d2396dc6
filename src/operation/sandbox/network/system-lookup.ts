/**
 * @module operation/sandbox/network/system-lookup
 * The broker's default name resolution: the gateway host's own resolver (`getaddrinfo`, so
 * /etc/hosts and nsswitch apply as for any other program), every address, in the resolver's order.
 */
import { lookup } from 'node:dns/promises';

import type { LookupAll } from './open-destination.js';

/** `dns.lookup(hostname, { all: true })` in the resolver's order. */
export const systemLookup: LookupAll = (hostname) =>
  lookup(hostname, { all: true, verbatim: true });
