/**
 * @module creation/registry/open-registry
 * Assembles a registry from a database file: the SQLite store and, in the same file, the
 * transparency log signed with the log key; the npm verifier; the namespace proofs; and the
 * look-alike check over the registry's own names. The log key is an Ed25519 key file
 * (`gatehouse registry key create`); without one, a key is created next to the database (owner
 * only) on first start and kept: the log's identity must not change between starts.
 */
import { existsSync } from 'node:fs';

import type { Logger } from '../../shared/logging/index.js';
import { silentLogger } from '../../shared/logging/index.js';
import { DEFAULT_REGISTRY } from '../packages/index.js';
import { generateSigningKey, readKeyFile, writeKeyFile } from '../signing/index.js';
import { SqliteLogStore, TransparencyLog } from '../transparency/index.js';
import type { NameGuard } from './name-guard.js';
import { NameIndexGuard } from './name-index-guard.js';
import type { NamespaceProofOptions } from './namespace-proof.js';
import { DEFAULT_PROOF_POLICY } from './namespace-proof.js';
import type { PackageVerifier } from './npm-package-check.js';
import { NpmPackageVerifier } from './npm-package-check.js';
import { RegistryService } from './registry-service.js';
import { SqliteRegistryStore } from './store/sqlite-registry-store.js';

/** Options of {@link openRegistry}. */
export interface OpenRegistryOptions {
  /** The database file (`.db`). */
  readonly dbFile: string;
  /** The log's signing key file; default `<db>.log-key.json`, created when missing. */
  readonly logKeyFile?: string;
  /** The npm registry releases are checked against (default npmjs.org). */
  readonly npmRegistry?: string;
  /** How namespaces are proven (default: a domain proof for every namespace). */
  readonly proofs?: NamespaceProofOptions;
  /** The look-alike check; default: `creation/names` over this registry's names. */
  readonly names?: NameGuard;
  /** Replaces the npm verifier (tests of other parts). */
  readonly packages?: PackageVerifier;
  readonly logger?: Logger;
  readonly now?: () => Date;
}

/** An open registry. */
export interface OpenedRegistry {
  readonly service: RegistryService;
  readonly store: SqliteRegistryStore;
  readonly log: TransparencyLog;
  readonly logKeyFile: string;
  close(): Promise<void>;
}

/** The default log key file of a database file. */
export function defaultLogKeyFile(dbFile: string): string {
  return `${dbFile.replace(/\.db$/, '')}.log-key.json`;
}

/** Opens (creating if needed) a registry. */
export function openRegistry(options: OpenRegistryOptions): OpenedRegistry {
  const logger = options.logger ?? silentLogger();
  const logKeyFile = options.logKeyFile ?? defaultLogKeyFile(options.dbFile);
  if (options.logKeyFile === undefined && !existsSync(logKeyFile)) {
    writeKeyFile(logKeyFile, generateSigningKey());
    logger.info({ file: logKeyFile }, 'registry: created the transparency log key');
  }
  const logKey = readKeyFile(logKeyFile);
  const store = SqliteRegistryStore.open(options.dbFile);
  const log = new TransparencyLog({
    store: new SqliteLogStore(store.db),
    signingKey: logKey,
    ...(options.now ? { now: options.now } : {}),
  });
  const packages =
    options.packages ?? new NpmPackageVerifier(options.npmRegistry ?? DEFAULT_REGISTRY);
  const service = new RegistryService({
    store,
    log,
    packages,
    proofs: options.proofs ?? { policy: DEFAULT_PROOF_POLICY },
    names: options.names ?? new NameIndexGuard(store),
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    service,
    store,
    log,
    logKeyFile,
    async close() {
      await packages.close();
      await store.close();
    },
  };
}
