/**
 * @module creation/registry/store/registry-store
 * The registry's storage, behind one interface: SQLite today, PostgreSQL with the scale-out
 * issue. The service decides everything (signatures, ownership, ordering); a store keeps records
 * and applies one {@link RegistryChange} atomically, refusing it when the namespace moved on in
 * between (optimistic concurrency on the namespace's `seq`) or when it would overwrite a version
 * (versions are immutable, also at the storage level).
 */
import type { ProofMethod } from '../namespace-proof.js';
import type { Release } from '../release.js';
import type { ServerJson } from '../server-json.js';
import type { MessageKind, ReleaseStatus, SignedEntry } from '../signed-message.js';

/** A current owner key of a namespace. */
export interface OwnerKey {
  readonly keyId: string;
  readonly publicKey: string;
  readonly addedAt: string;
  /** The namespace `seq` of the message that added it (0: the claim). */
  readonly addedSeq: number;
}

/** A namespace and its owners. */
export interface NamespaceState {
  readonly namespace: string;
  readonly proof: ProofMethod;
  readonly claimedAt: string;
  readonly updatedAt: string;
  /** How many messages the namespace accepted: the `seq` the next one must carry. */
  readonly seq: number;
  /** Hash of the last accepted message: the `previous` the next one must carry. */
  readonly head: string;
  readonly owners: readonly OwnerKey[];
}

/** One accepted, signed message of a namespace, with its place in the transparency log. */
export interface StoredEvent {
  readonly namespace: string;
  readonly seq: number;
  readonly kind: MessageKind;
  readonly entry: SignedEntry;
  /** Hash of the entry: the namespace head after it. */
  readonly hash: string;
  readonly logIndex: number;
  readonly at: string;
}

/** One version of one server. */
export interface VersionRecord {
  readonly name: string;
  readonly namespace: string;
  readonly version: string;
  /** The `server.json` exactly as signed. */
  readonly server: ServerJson;
  readonly release: Release;
  readonly publishedAt: string;
  readonly updatedAt: string;
  readonly status: ReleaseStatus;
  readonly statusMessage: string | null;
  readonly statusChangedAt: string | null;
  readonly isLatest: boolean;
  /** The signed release message. */
  readonly releaseEvent: StoredEvent;
  /** The last signed status change, if any. */
  readonly statusEvent: StoredEvent | null;
}

/** A new version as the service hands it to the store. */
export interface NewVersion {
  readonly name: string;
  readonly version: string;
  readonly server: ServerJson;
  readonly release: Release;
}

/** An event before it is logged: the log gives it its index inside the commit. */
export type NewEvent = Omit<StoredEvent, 'logIndex'>;

/** The part of the transparency log a commit needs: an append inside the same transaction. */
export interface LogAppender {
  append(leaf: Uint8Array): { readonly index: number };
}

/** Everything one accepted message changes, applied in one transaction. */
export interface RegistryChange {
  /** The message; the namespace's `seq` must equal `event.seq` before, and is `seq + 1` after. */
  readonly event: NewEvent;
  /** The bytes the message enters the transparency log as. */
  readonly leaf: Uint8Array;
  /** A claim creates the namespace (its `seq` must be 0, and the namespace new). */
  readonly claim?: { readonly proof: ProofMethod };
  readonly addOwner?: { readonly publicKey: string };
  readonly removeOwner?: { readonly keyId: string };
  readonly release?: NewVersion;
  readonly status?: {
    readonly name: string;
    readonly version: string;
    readonly status: ReleaseStatus;
    readonly message: string | null;
  };
  /** The server's latest version after the change (`null`: none, every version yanked). */
  readonly latest?: { readonly name: string; readonly version: string | null };
}

/** A registered server name with its owner and npm identifiers (for look-alike checks). */
export interface RegisteredName {
  readonly name: string;
  readonly namespace: string;
  readonly npm: readonly string[];
}

/** Filters of the server list (`GET /v0.1/servers`). */
export interface ListQuery {
  /** Resume after this `name:version` (exclusive). */
  readonly after?: { readonly name: string; readonly version: string };
  readonly limit: number;
  /** Case-insensitive substring of the name. */
  readonly search?: string;
  /** Only latest versions. */
  readonly latestOnly?: boolean;
  /** Only this exact version. */
  readonly version?: string;
  /** Only versions changed after this ISO time. */
  readonly updatedSince?: string;
  /** Include yanked versions. */
  readonly includeYanked?: boolean;
}

/** A failure the store detects while applying a change. */
export type CommitConflict = 'stale' | 'exists' | 'namespace-taken';

/** Storage of one registry. */
export interface RegistryStore {
  namespace(namespace: string): Promise<NamespaceState | undefined>;
  /** Every accepted message of a namespace, oldest first. */
  events(namespace: string): Promise<StoredEvent[]>;
  version(name: string, version: string): Promise<VersionRecord | undefined>;
  /** Every version of a server in publication order (yanked included). */
  versions(name: string): Promise<VersionRecord[]>;
  /** Every registered server name, yanked versions included (their names stay taken). */
  names(): Promise<RegisteredName[]>;
  /** One page of versions ordered by name, then publication order. */
  list(query: ListQuery): Promise<VersionRecord[]>;
  /**
   * Applies `change` and appends its leaf to `log`, atomically: both or neither (threat: a
   * publication served but never logged). Returns a conflict instead when it no longer applies.
   */
  commit(
    change: RegistryChange,
    log: LogAppender,
  ): Promise<{ ok: true; logIndex: number } | { ok: false; conflict: CommitConflict }>;
  close(): Promise<void>;
}
