/**
 * Public surface of the gateway's relays: attribution of mid-call traffic, subscriptions, log
 * levels, roots filtering and preparation of server-to-client requests.
 */
export type { ActiveCall, Attribution, CallerSession, CallHandle } from './call-registry.js';
export { CallRegistry } from './call-registry.js';
export type {
  CallContext,
  CallRelayOptions,
  ConfirmHandle,
  StateHandle,
  WrapHandle,
} from './call-relay.js';
export { CallRelay } from './call-relay.js';
export type { ParkedCall, ParkHandle, PendingInput } from './input-bridge.js';
export { CallInputChannel, ParkedCalls } from './input-bridge.js';
export { isLogLevel, LOG_LEVELS, LogLevels } from './log-levels.js';
export type { ForwardedParams, RequestEnvelopeSource } from './request-meta.js';
export {
  forwardParams,
  requestCapabilities,
  requestLogLevel,
  stripResultEnvelope,
} from './request-meta.js';
export type { Root } from './roots-filter.js';
export { filterRoots, normaliseRootEntry, rootUri } from './roots-filter.js';
export type { ServerRequestRelayOptions } from './server-request-relay.js';
export {
  HUMAN_REQUEST_TIMEOUT_MS,
  prepareForHost,
  relayServerRequest,
} from './server-request-relay.js';
export { prepareElicitation, prepareSampling, SERVER_LABEL_META_KEY } from './server-requests.js';
export type { SubscriptionChange } from './subscriptions.js';
export { SubscriptionTable } from './subscriptions.js';
export { UpstreamLogLevels } from './upstream-log-levels.js';
