/**
 * Public surface of shared/config: loading and importing configuration files in every accepted
 * format, and the canonical schema.
 */
export type { ConfigFormat } from './detect-format.js';
export type { ImportedConfig } from './import-config.js';
export { importConfig } from './import-config.js';
export type { InputPrompter, InputQuestion } from './input-prompter.js';
export type { LoadConfigOptions, LoadedConfig } from './load-config.js';
export { loadConfig } from './load-config.js';
export type {
  ApiKey,
  GatehouseConfig,
  GatewayConfig,
  HttpServerConfig,
  ServerConfig,
  StdioServerConfig,
} from './schema.js';
export {
  ApiKeySchema,
  GatehouseConfigSchema,
  GatewaySchema,
  HttpServerSchema,
  SERVER_KEY_PATTERN,
  ServerSchema,
  StdioServerSchema,
} from './schema.js';
export { createTerminalPrompter } from './terminal-prompter.js';
