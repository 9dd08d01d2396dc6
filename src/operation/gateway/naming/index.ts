/**
 * Public surface of operation/gateway/naming: collision-free public names for tools and prompts,
 * and namespaced resource URIs. Pure functions, no I/O.
 */
export type { Clash, ClashMember, ItemKind } from './clash.js';
export type { ClashKeys, ClashType } from './fold.js';
export { clashKeys, confusableKey } from './fold.js';
export type { HostCommands } from './host-commands.js';
export { HOST_COMMANDS } from './host-commands.js';
export type { NameEntry, NameTable, NameTableOptions, ServerNames } from './name-table.js';
export { buildNameTable } from './name-table.js';
export type { PrefixResult } from './prefix.js';
export { MAX_PREFIX_LENGTH, normalizePrefix, resolvePrefix } from './prefix.js';
export {
  DEFAULT_MAX_NAME_LENGTH,
  isValidPublicName,
  MAX_MAX_NAME_LENGTH,
  MIN_MAX_NAME_LENGTH,
  publicName,
} from './public-name.js';
export type { NamingFinding, NamingReportInput, ServerPrefixResult } from './report.js';
export { formatNamingLines, namingFindings } from './report.js';
export { shortHash } from './short-hash.js';
export type { OfferedPrompt, SlashCommandFinding } from './slash-commands.js';
export { slashCommandFindings } from './slash-commands.js';
export type { DecodedUri, UriIssue, UriNamespaces, UriServer } from './uri-namespace.js';
export { buildUriNamespaces, GATEHOUSE_SCHEME, isGatehouseUri } from './uri-namespace.js';
