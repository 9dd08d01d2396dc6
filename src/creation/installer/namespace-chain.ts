/**
 * @module creation/installer/namespace-chain
 * Walks a namespace's signed history from its claim and rebuilds, on the installer's side, who
 * owned the namespace at every step and which versions were released, deprecated or yanked. The
 * registry's own view (`GET /namespaces/{ns}`: owners, `seq`, head) is compared with the result
 * and must agree; it is never taken on its word.
 *
 * Each message must (the registry's own rules, re-checked here):
 * 1. carry a valid Ed25519 signature under its kind's signing domain (threat: a rotation or
 *    status signature replayed as a release; a forged message);
 * 2. extend the previous one: `seq` counts up from the claim, `previous` is the hash of the last
 *    message (threat: a history reordered, cut or spliced from two registries);
 * 3. be signed by a key that owned the namespace at that point (threat: a release re-signed by a
 *    non-owner key, e.g. one injected into the registry's database);
 * 4. follow its kind's rules (a rotation removes an owner, never the last one).
 *
 * A registry can still withhold the newest messages of a namespace (a freeze); the transparency
 * log makes that visible to anyone comparing heads, see docs/install.md.
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { MessageKind, ReleasePayload, StatusPayload } from '../registry/index.js';
import { entryHash, MESSAGE_KINDS, openMessage } from '../registry/index.js';
import { keyIdOf } from '../signing/index.js';
import type { ServedEvent } from './registry-reader.js';

/** A signed release found in the history. */
export interface ChainRelease {
  readonly event: ServedEvent;
  readonly payload: ReleasePayload;
  readonly signer: string;
}

/** A version's status after the whole history. */
export interface ChainStatus {
  readonly status: StatusPayload['status'];
  readonly message: string | null;
  readonly seq: number;
}

/** What a verified history says. */
export interface VerifiedChain {
  readonly namespace: string;
  /** Owner public keys after the last message. */
  readonly owners: ReadonlySet<string>;
  /** Keys removed by a rotation, with the `seq` that removed them. */
  readonly removed: ReadonlyMap<string, number>;
  /** Releases by `name@version`. */
  readonly releases: ReadonlyMap<string, ChainRelease>;
  /** The last signed status of each `name@version` that has one. */
  readonly statuses: ReadonlyMap<string, ChainStatus>;
  /** Every event, in order (each is checked against the log by the caller). */
  readonly events: readonly ServedEvent[];
}

/** What the registry says the namespace is now (its `GET /namespaces/{ns}` answer). */
export interface NamespaceClaimView {
  readonly seq: number;
  readonly head: string;
  readonly owners: readonly { readonly publicKey: string }[];
}

const KIND_OF_TYPE = new Map<string, MessageKind>(
  Object.keys(MESSAGE_KINDS).map((kind) => [kind, kind as MessageKind]),
);

function broken(namespace: string, problem: string): GatehouseError {
  return new GatehouseError(
    ErrorCode.InstallChainInvalid,
    `the signed history of namespace ${namespace} does not verify: ${problem}. The registry ` +
      'serves a history its owners did not sign as shown; nothing was installed',
    { data: { namespace } },
  );
}

/** Verifies `events` as the complete history of `namespace` (see the module comment). */
export function verifyNamespaceChain(
  namespace: string,
  events: readonly ServedEvent[],
  view: NamespaceClaimView,
): VerifiedChain {
  const owners = new Set<string>();
  const removed = new Map<string, number>();
  const releases = new Map<string, ChainRelease>();
  const statuses = new Map<string, ChainStatus>();
  let previous: string | null = null;
  events.forEach((event, seq) => {
    const type = event.entry.payload.type;
    const kind = typeof type === 'string' ? KIND_OF_TYPE.get(type) : undefined;
    if (kind === undefined) throw broken(namespace, `message ${seq} has an unknown kind`);
    if (event.entry.domain !== MESSAGE_KINDS[kind].domain) {
      throw broken(
        namespace,
        `message ${seq} (${kind}) names signing domain ${event.entry.domain}`,
      );
    }
    const opened = openMessage(kind, {
      payload: event.entry.payload,
      publicKey: event.entry.publicKey,
      signature: event.entry.signature,
    });
    if (!opened.ok) {
      throw new GatehouseError(
        ErrorCode.InstallSignatureInvalid,
        `message ${seq} (${kind}) of namespace ${namespace}: ${opened.message}; nothing was installed`,
        { data: { namespace, seq } },
      );
    }
    const payload = opened.payload;
    if (payload.namespace !== namespace || payload.seq !== seq || payload.previous !== previous) {
      throw broken(
        namespace,
        `message ${seq} (${kind}) names namespace ${payload.namespace}, seq ${payload.seq}, ` +
          `previous ${String(payload.previous).slice(0, 16)}, not the message before it`,
      );
    }
    const signer = event.entry.publicKey;
    if (kind === 'namespace-claim') {
      if (seq !== 0) throw broken(namespace, `a second claim at message ${seq}`);
      owners.add(signer);
    } else if (!owners.has(signer)) {
      // Threat: a message (a release above all) signed by a key that does not own the namespace.
      throw new GatehouseError(
        ErrorCode.InstallSignerNotOwner,
        `${describe(kind, payload)} in namespace ${namespace} is signed by key ` +
          `${keyIdOf(signer).slice(0, 16)}… (${signer}), which ${removed.has(signer) ? `was removed from the owners at message ${removed.get(signer)}` : 'never owned the namespace'}; ` +
          `its owners at that point were ${[...owners].map((key) => `${keyIdOf(key).slice(0, 16)}…`).join(', ')}. ` +
          'Refused: re-signed by a non-owner',
        { data: { namespace, seq, signer } },
      );
    }
    applyKind(
      namespace,
      seq,
      kind,
      payload,
      signer,
      { owners, removed, releases, statuses },
      event,
    );
    previous = entryHash(opened.entry);
  });
  if (events.length === 0) throw broken(namespace, 'the registry served no messages');
  // The registry's view of now must be exactly where the verified history ends.
  const viewOwners = new Set(view.owners.map((owner) => owner.publicKey));
  if (
    view.seq !== events.length ||
    view.head !== previous ||
    viewOwners.size !== owners.size ||
    [...owners].some((key) => !viewOwners.has(key))
  ) {
    throw broken(
      namespace,
      `the registry says the namespace is at message ${view.seq} (head ${view.head.slice(0, 16)}…) ` +
        `with ${viewOwners.size} owner(s); its history ends at ${events.length} ` +
        `(head ${String(previous).slice(0, 16)}…) with ${owners.size}`,
    );
  }
  return { namespace, owners, removed, releases, statuses, events };
}

interface ChainState {
  owners: Set<string>;
  removed: Map<string, number>;
  releases: Map<string, ChainRelease>;
  statuses: Map<string, ChainStatus>;
}

function applyKind(
  namespace: string,
  seq: number,
  kind: MessageKind,
  payload: Record<string, unknown>,
  signer: string,
  state: ChainState,
  event: ServedEvent,
): void {
  switch (kind) {
    case 'namespace-claim':
      return;
    case 'key-addition': {
      const key = payload.publicKey as string;
      if (state.owners.has(key)) throw broken(namespace, `message ${seq} adds an existing owner`);
      state.owners.add(key);
      state.removed.delete(key);
      return;
    }
    case 'key-rotation': {
      const remove = payload.remove as string;
      const add = payload.add as string | null;
      if (!state.owners.has(remove)) throw broken(namespace, `message ${seq} removes a non-owner`);
      if (add !== null && state.owners.has(add)) {
        throw broken(namespace, `message ${seq} adds an existing owner`);
      }
      if (add === null && state.owners.size === 1) {
        throw broken(namespace, `message ${seq} removes the last owner`);
      }
      state.owners.delete(remove);
      state.removed.set(remove, seq);
      if (add !== null) {
        state.owners.add(add);
        state.removed.delete(add);
      }
      return;
    }
    case 'release': {
      const release = payload as unknown as ReleasePayload;
      const id = `${release.release.name}@${release.release.version}`;
      if (state.releases.has(id)) throw broken(namespace, `${id} is released twice`);
      if (release.server.name !== release.release.name) {
        throw broken(namespace, `message ${seq}: server.json and release name different servers`);
      }
      state.releases.set(id, { event, payload: release, signer });
      return;
    }
    case 'release-status': {
      const status = payload as unknown as StatusPayload;
      const id = `${status.name}@${status.version}`;
      if (!state.releases.has(id))
        throw broken(namespace, `message ${seq} sets the status of ${id}, never released`);
      state.statuses.set(id, { status: status.status, message: status.message, seq });
      return;
    }
  }
}

function describe(kind: MessageKind, payload: Record<string, unknown>): string {
  if (kind === 'release') {
    const release = payload.release as { name?: unknown; version?: unknown } | undefined;
    return `the release of ${String(release?.name)}@${String(release?.version)}`;
  }
  if (kind === 'release-status') {
    return `the status change of ${String(payload.name)}@${String(payload.version)}`;
  }
  return `a ${kind} message`;
}
