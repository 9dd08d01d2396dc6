/**
 * @module creation/registry/registry-service
 * The registry's logic: claims, owner key changes, releases and status changes, each a signed
 * message checked (signature, ownership, freshness, proofs, package) and then committed together
 * with its transparency-log leaf; and the reads the HTTP API serves. No SQL here: storage is a
 * {@link RegistryStore}, the log a {@link TransparencyLog}, the npm side a {@link PackageVerifier}
 * and the look-alike check a {@link NameGuard}, each replaceable.
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { Logger } from '../../shared/logging/index.js';
import { silentLogger } from '../../shared/logging/index.js';
import type { InclusionProof, SignedTreeHead, TransparencyLog } from '../transparency/index.js';
import { acceptChained, openOrRefuse } from './chained-message.js';
import { entryHash, entryLeaf } from './entry-hash.js';
import type { NameGuard } from './name-guard.js';
import type { NamespaceProofOptions } from './namespace-proof.js';
import { proveNamespace } from './namespace-proof.js';
import type { PackageVerifier } from './npm-package-check.js';
import { refuse } from './registry-errors.js';
import { checkReleaseShape, checkVersionOrder, latestOf } from './release-rules.js';
import { parseNamespace } from './server-name.js';
import type { MessageKind, SignedEntry, SignedEnvelope } from './signed-message.js';
import type {
  NamespaceState,
  RegistryChange,
  RegistryStore,
  StoredEvent,
} from './store/registry-store.js';

/** What a registry service is built from. */
export interface RegistryServiceOptions {
  readonly store: RegistryStore;
  readonly log: TransparencyLog;
  readonly packages: PackageVerifier;
  readonly proofs: NamespaceProofOptions;
  /** The look-alike check; without one, names are not compared (tests of other parts only). */
  readonly names?: NameGuard;
  readonly logger?: Logger;
  readonly now?: () => Date;
}

/** What every accepted write answers: the stored message and its proof of logging. */
export interface WriteResult {
  readonly event: StoredEvent;
  /** The event's leaf in the tree of {@link treeHead}. */
  readonly inclusion: InclusionProof;
  readonly treeHead: SignedTreeHead;
  /** Accepted with a warning, e.g. a name similar to another owner's (`review`). */
  readonly warnings: readonly string[];
}

/** The registry's service layer. */
export class RegistryService {
  readonly store: RegistryStore;
  readonly log: TransparencyLog;
  private readonly options: RegistryServiceOptions;
  private readonly logger: Logger;

  constructor(options: RegistryServiceOptions) {
    this.options = options;
    this.store = options.store;
    this.log = options.log;
    this.logger = options.logger ?? silentLogger();
  }

  /** The npm registry releases are checked against. */
  get npmRegistry(): string {
    return this.options.packages.registry;
  }

  /** A namespace's state, or a `REGISTRY_NOT_FOUND` refusal. */
  async namespace(namespace: string): Promise<NamespaceState> {
    const state = await this.store.namespace(namespace);
    if (state === undefined) {
      refuse(ErrorCode.RegistryNotFound, `namespace ${namespace} is not claimed`, { namespace });
    }
    return state;
  }

  /** Claims a new namespace for the key that signed the claim, after the namespace's proof. */
  async claim(envelope: SignedEnvelope): Promise<WriteResult> {
    const { payload, entry } = openOrRefuse('namespace-claim', envelope);
    // Proof of possession: the claim is signed by the very key it makes owner.
    if (payload.publicKey !== envelope.publicKey) {
      refuse(
        ErrorCode.RegistrySignatureInvalid,
        'a claim must be signed by the key it claims with',
      );
    }
    const parsed = parseNamespace(payload.namespace);
    if (!parsed.ok) refuse(ErrorCode.RegistryRequestInvalid, `namespace ${parsed.message}`);
    if ((await this.store.namespace(payload.namespace)) !== undefined) {
      refuse(ErrorCode.RegistryNamespaceTaken, `namespace ${payload.namespace} is already claimed`);
    }
    const proof = await proveNamespace(parsed.value, payload.publicKey, this.options.proofs);
    if (!proof.ok) {
      refuse(ErrorCode.RegistryNamespaceProofFailed, proof.message, {
        namespace: payload.namespace,
        expectedRecord: proof.expectedRecord,
      });
    }
    return this.commit('namespace-claim', entry, payload.namespace, 0, {
      claim: { proof: proof.method },
      addOwner: { publicKey: payload.publicKey },
    });
  }

  /** Adds an owner key, signed by a current owner. */
  async addKey(envelope: SignedEnvelope): Promise<WriteResult> {
    const { payload, entry, state } = await acceptChained('key-addition', envelope, this.store);
    if (state.owners.some((owner) => owner.publicKey === payload.publicKey)) {
      refuse(ErrorCode.RegistryRequestInvalid, `key ${payload.publicKey} is already an owner`);
    }
    return this.commit('key-addition', entry, payload.namespace, payload.seq, {
      addOwner: { publicKey: payload.publicKey },
    });
  }

  /** Replaces or removes an owner key, signed by a current owner; never the last one. */
  async rotateKey(envelope: SignedEnvelope): Promise<WriteResult> {
    const { payload, entry, state } = await acceptChained('key-rotation', envelope, this.store);
    const removed = state.owners.find((owner) => owner.publicKey === payload.remove);
    if (removed === undefined) {
      refuse(ErrorCode.RegistryRequestInvalid, `key ${payload.remove} is not an owner`);
    }
    if (payload.add !== null && state.owners.some((owner) => owner.publicKey === payload.add)) {
      refuse(ErrorCode.RegistryRequestInvalid, `key ${payload.add} is already an owner`);
    }
    if (payload.add === null && state.owners.length === 1) {
      refuse(
        ErrorCode.RegistryRequestInvalid,
        `key ${payload.remove} is the last owner of ${payload.namespace}; rotate it to a new key`,
      );
    }
    return this.commit('key-rotation', entry, payload.namespace, payload.seq, {
      removeOwner: { keyId: removed.keyId },
      ...(payload.add === null ? {} : { addOwner: { publicKey: payload.add } }),
    });
  }

  /** Publishes a new, immutable version (see the checks in release-rules and npm-package-check). */
  async publish(envelope: SignedEnvelope): Promise<WriteResult> {
    const { payload, entry } = await acceptChained('release', envelope, this.store);
    const { release } = payload;
    checkReleaseShape(payload, this.options.packages.registry);
    const published = await this.store.versions(release.name);
    if (published.some((record) => record.version === release.version)) {
      refuse(
        ErrorCode.RegistryVersionExists,
        `${release.name}@${release.version} is already published; versions are immutable`,
      );
    }
    checkVersionOrder(
      release.version,
      published.map((record) => record.version),
    );
    const warnings: string[] = [];
    if (this.options.names) {
      const verdict = await this.options.names.check({
        name: release.name,
        namespace: payload.namespace,
        npm: [release.package.identifier],
      });
      const similar = verdict.similar.map((other) => other.name);
      if (verdict.verdict === 'reject') {
        refuse(
          ErrorCode.RegistryNameConfusable,
          `${release.name} is confusable with another owner's name: ` +
            `${[...new Set(similar)].join(', ') || (verdict.problems ?? []).join('; ')}`,
          { similar: verdict.similar, problems: verdict.problems ?? [] },
        );
      }
      if (verdict.verdict === 'review') {
        warnings.push(`${release.name} resembles ${[...new Set(similar)].join(', ')}`);
      }
    }
    const check = await this.options.packages.verify(release);
    if (!check.ok) refuse(ErrorCode.RegistryPackageMismatch, check.message);
    const latest = latestOf([
      ...published.map((record) => ({ version: record.version, status: record.status })),
      { version: release.version, status: 'active' as const },
    ]);
    const result = await this.commit(
      'release',
      entry,
      payload.namespace,
      payload.seq,
      {
        release: {
          name: release.name,
          version: release.version,
          server: entry.payload.server as typeof payload.server,
          release,
        },
        latest: { name: release.name, version: latest },
      },
      warnings,
    );
    this.options.names?.invalidate?.();
    return result;
  }

  /** Deprecates, yanks or re-activates a version, signed by an owner. */
  async setStatus(envelope: SignedEnvelope): Promise<WriteResult> {
    const { payload, entry } = await acceptChained('release-status', envelope, this.store);
    const versions = await this.store.versions(payload.name);
    const record = versions.find((v) => v.version === payload.version);
    if (record === undefined || record.namespace !== payload.namespace) {
      refuse(
        ErrorCode.RegistryNotFound,
        `${payload.name}@${payload.version} is not published in ${payload.namespace}`,
      );
    }
    if (record.status === payload.status && record.statusMessage === payload.message) {
      refuse(
        ErrorCode.RegistryRequestInvalid,
        `${payload.name}@${payload.version} is already ${payload.status}`,
      );
    }
    const latest = latestOf(
      versions.map((v) => ({
        version: v.version,
        status: v.version === payload.version ? payload.status : v.status,
      })),
    );
    return this.commit('release-status', entry, payload.namespace, payload.seq, {
      status: {
        name: payload.name,
        version: payload.version,
        status: payload.status,
        message: payload.message,
      },
      latest: { name: payload.name, version: latest },
    });
  }

  /** Commits one accepted message with its log leaf and answers its inclusion proof. */
  private async commit(
    kind: MessageKind,
    entry: SignedEntry,
    namespace: string,
    seq: number,
    change: Omit<RegistryChange, 'event' | 'leaf'>,
    warnings: readonly string[] = [],
  ): Promise<WriteResult> {
    const event = {
      namespace,
      seq,
      kind,
      entry,
      hash: entryHash(entry),
      at: (this.options.now?.() ?? new Date()).toISOString(),
    };
    let outcome: Awaited<ReturnType<RegistryStore['commit']>>;
    try {
      outcome = await this.store.commit({ ...change, event, leaf: entryLeaf(entry) }, this.log);
    } catch (error) {
      this.logger.error({ err: error, namespace, kind }, 'registry: commit failed');
      throw new GatehouseError(
        ErrorCode.RegistryLogFailed,
        `the write could not be stored and logged: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (!outcome.ok) {
      if (outcome.conflict === 'namespace-taken') {
        refuse(ErrorCode.RegistryNamespaceTaken, `namespace ${namespace} is already claimed`);
      }
      if (outcome.conflict === 'exists') {
        refuse(ErrorCode.RegistryVersionExists, 'the version is already published');
      }
      refuse(
        ErrorCode.RegistryStaleState,
        `namespace ${namespace} changed while the ${kind} was checked; sign again`,
      );
    }
    const treeHead = this.log.treeHead();
    const inclusion = this.log.inclusionProof(outcome.logIndex, treeHead.treeSize);
    this.logger.info(
      { namespace, kind, seq, logIndex: outcome.logIndex, key: entry.publicKey },
      `registry: ${kind} accepted`,
    );
    return { event: { ...event, logIndex: outcome.logIndex }, inclusion, treeHead, warnings };
  }
}
