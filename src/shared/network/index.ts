/**
 * @module shared/network
 * Public surface: the parser of a sandbox network grant (`host:port`), used by the config schema
 * and the sandbox's network plan, and the address ranges a granted name may lead to.
 */
export type { AddressClass } from './address-range.js';
export {
  checkDestination,
  classifyAddress,
  describeRange,
  isPublicAddress,
} from './address-range.js';
export type { GrantHostKind, GrantParse, GrantProblem, NetworkGrant } from './parse-grant.js';
export { parseNetworkGrant } from './parse-grant.js';
