/** Public surface of shared/logging. */
export type { Logger, LogLevel } from './logger.js';
export { createLogger, silentLogger } from './logger.js';
