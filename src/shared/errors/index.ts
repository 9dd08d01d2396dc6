/**
 * Public surface of shared/errors. Every export here is used across modules; no wildcards.
 */
export type { ConfigIssue } from './gatehouse-error.js';
export { ConfigError, ErrorCode, GatehouseError, UsageError } from './gatehouse-error.js';
