/**
 * Public surface of operation/sandbox/network: the `host:port` allowlist of a sandboxed stdio
 * server. `planSandboxNetwork` validates the grants and plans addresses and name-service files;
 * `EgressBroker` (gateway side) owns one Unix socket per grant and decides where each connection
 * may go; `forwarderCommand` runs the in-sandbox forwarder (`forwarder-main.ts`) as the server's
 * parent; `prepareSandboxNetns` readies the sandbox's network namespace between bwrap's
 * `--info-fd` report and its `--block-fd` release. Node-only. Every export here is public API;
 * no wildcards.
 */
export type { AddressClass } from '../../../shared/network/index.js';
export type {
  GrantHostKind,
  GrantParse,
  GrantProblem,
  NetworkGrant,
} from '../../../shared/network/index.js';
export {
  checkDestination,
  classifyAddress,
  describeRange,
  isPublicAddress,
} from '../../../shared/network/index.js';
export { parseNetworkGrant } from '../../../shared/network/index.js';
export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_LOOKUP_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  FORWARDER_SCRIPT_PATH,
  FORWARDER_SETUP_EXIT_CODE,
  FORWARDER_SPAWN_EXIT_CODE,
  MAX_NETWORK_GRANTS,
  SANDBOX_EGRESS_DIR,
} from './constants.js';
export type { EgressBrokerOptions, EgressEvent } from './egress-broker.js';
export { EgressBroker } from './egress-broker.js';
export type {
  ForwarderCommandOptions,
  ForwarderListener,
  ForwarderPlan,
  ForwarderPlanOptions,
} from './forwarder-plan.js';
export {
  encodeForwarderPlan,
  forwarderCommand,
  forwarderPlan,
  sandboxNetworkBinds,
} from './forwarder-plan.js';
export type { BwrapInfo, NetnsToolOptions } from './netns-setup.js';
export { configureSandboxNetns, prepareSandboxNetns, readBwrapInfo } from './netns-setup.js';
export type { SandboxNetworkErrorCode } from './network-error.js';
export { SandboxNetworkError } from './network-error.js';
export type { LookupAddress, LookupAll } from './open-destination.js';
export type {
  NetnsSetup,
  NetworkForward,
  NetworkPlan,
  PlanNetworkOptions,
} from './plan-network.js';
export { planSandboxNetwork } from './plan-network.js';
export { systemLookup } from './system-lookup.js';
