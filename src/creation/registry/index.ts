/**
 * @module creation/registry
 * Public surface of creation/registry: the Gatehouse registry service (the official MCP
 * registry's read API, owned namespaces, signed immutable releases, a transparency log of every
 * publication) and the publisher's client. Every export here is public API; no wildcards.
 * Node-only (SQLite, HTTP, npm's libraries).
 */
export { entryHash, entryLeaf } from './entry-hash.js';
export type { RegistryAppOptions } from './http/registry-app.js';
export { API_PREFIXES, createRegistryApp } from './http/registry-app.js';
export type { RegistryServerOptions, RunningRegistry } from './http/serve-registry.js';
export { assertRegistryBindAllowed, startRegistryServer } from './http/serve-registry.js';
export {
  GATEHOUSE_META,
  OFFICIAL_META,
  officialStatus,
  serverResponseOf,
} from './http/server-response.js';
export type { NameCandidate, NameGuard, NameGuardVerdict } from './name-guard.js';
export { NameIndexGuard } from './name-index-guard.js';
export type {
  DomainProofMethod,
  NamespaceProofOptions,
  NamespaceProofPolicy,
  ProofMethod,
  ProofOutcome,
} from './namespace-proof.js';
export { DEFAULT_PROOF_POLICY, proveNamespace } from './namespace-proof.js';
export type { PackageCheck, PackageVerifier } from './npm-package-check.js';
export { normalizeRegistryUrl, NpmPackageVerifier } from './npm-package-check.js';
export type { OpenedRegistry, OpenRegistryOptions } from './open-registry.js';
export { defaultLogKeyFile, openRegistry } from './open-registry.js';
export { formatProofRecord, proofKeysIn } from './proof-record.js';
export type {
  NamespaceView,
  RegistryClientOptions,
  WriteAnswer,
} from './publisher/registry-client.js';
export {
  NamespaceViewSchema,
  RegistryClient,
  WriteAnswerSchema,
} from './publisher/registry-client.js';
export { httpStatusOf, REGISTRY_ERROR_CODES } from './registry-errors.js';
export type { RegistryServiceOptions, WriteResult } from './registry-service.js';
export { RegistryService } from './registry-service.js';
export type { ClosureEntry, Release } from './release.js';
export {
  ClosureEntrySchema,
  definitionsHashOf,
  normalizeClosure,
  ReleaseSchema,
  SHA512_INTEGRITY,
} from './release.js';
export { latestOf } from './release-rules.js';
export type { ServerJson, ServerPackage } from './server-json.js';
export { SERVER_JSON_SCHEMA_URL, serverJsonJsonSchema, ServerJsonSchema } from './server-json.js';
export type { NamespaceKind, ParsedNamespace } from './server-name.js';
export { namespaceOf, parseNamespace, parseServerName } from './server-name.js';
export type {
  ClaimPayload,
  KeyAdditionPayload,
  KeyRotationPayload,
  MessageKind,
  PayloadOf,
  ReleasePayload,
  ReleaseStatus,
  SignedEntry,
  SignedEnvelope,
  StatusPayload,
} from './signed-message.js';
export {
  MESSAGE_KINDS,
  openMessage,
  ReleaseStatusSchema,
  SignedEnvelopeSchema,
  signMessage,
} from './signed-message.js';
export type {
  ListQuery,
  NamespaceState,
  OwnerKey,
  RegistryChange,
  RegistryStore,
  StoredEvent,
  VersionRecord,
} from './store/registry-store.js';
export { SqliteRegistryStore } from './store/sqlite-registry-store.js';
