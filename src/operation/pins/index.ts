/**
 * Public surface of operation/pins: server identities, the pin comparison, and the pin store.
 */
export { definitionDiff } from './definition-diff.js';
export type { PinCheckResult } from './pin-check.js';
export { checkPins, describeQuarantine } from './pin-check.js';
export type { Definition, Pin, PinKind, PinState, PinStore, QuarantineEntry } from './pin-types.js';
export { pinKey } from './pin-types.js';
export type { ServerIdentity } from './server-identity.js';
export { serverIdentity } from './server-identity.js';
export { SqlitePinStore } from './sqlite-pin-store.js';
