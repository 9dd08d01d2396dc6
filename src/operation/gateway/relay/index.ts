/**
 * Public surface of the gateway's relays: attribution of mid-call traffic, subscriptions, log
 * levels, roots filtering and preparation of server-to-client requests.
 */
export type { ActiveCall, Attribution, CallerSession } from './call-registry.js';
export { CallRegistry } from './call-registry.js';
export { isLogLevel, LOG_LEVELS, LogLevels } from './log-levels.js';
export type { Root } from './roots-filter.js';
export { filterRoots, normaliseRootEntry, rootUri } from './roots-filter.js';
export { prepareElicitation, prepareSampling, SERVER_LABEL_META_KEY } from './server-requests.js';
export type { SubscriptionChange } from './subscriptions.js';
export { SubscriptionTable } from './subscriptions.js';
