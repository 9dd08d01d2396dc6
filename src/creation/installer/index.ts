/**
 * @module creation/installer
 * Public surface of creation/installer: `gatehouse install NAME` (a server resolved from MCP
 * registries, its owner signature, namespace history, transparency-log inclusion, look-alike
 * name, npm signatures, exact dependency closure and tool definitions verified before it is
 * locked and configured), `gatehouse install --client` (a host's config pointed at Gatehouse)
 * and `gatehouse registry verify-log`. Every export here is public API; no wildcards.
 * Node-only (fs, HTTP, npm's libraries, the sandbox).
 */
export type { HostClient, PointClientOptions, PointedClient } from './client-config.js';
export { defaultClientConfigPath, HOST_CLIENTS, pointClientAtGatehouse } from './client-config.js';
export type { ClientConfigStatus, ClientRecord } from './client-records.js';
export {
  checkClientConfigs,
  readClientRecords,
  sha256Of,
  writeClientRecord,
} from './client-records.js';
export { installServer } from './install-server.js';
export type {
  InstallOptions,
  InstallProgress,
  InstallResult,
  InstallStep,
  RegistrySource,
  ResolvedRelease,
} from './install-types.js';
export type { InstallerPaths } from './installer-paths.js';
export { installerPaths } from './installer-paths.js';
export type { PinnedLogKey } from './log-key-pins.js';
export { pinLogKey } from './log-key-pins.js';
export type { ChainRelease, ChainStatus, VerifiedChain } from './namespace-chain.js';
export { verifyNamespaceChain } from './namespace-chain.js';
export type { NpmKey } from './npm-signatures.js';
export { fetchNpmKeys, verifyNpmSignatures } from './npm-signatures.js';
export type { ServedEvent, ServedVersion } from './registry-reader.js';
export { RegistryReader } from './registry-reader.js';
export type { VerifiedLog } from './verify-log.js';
export { verifyRegistryLog } from './verify-log.js';
