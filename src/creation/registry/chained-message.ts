/**
 * @module creation/registry/chained-message
 * The checks every write after a claim shares, in the order that stops each attack earliest:
 *
 * 1. the signature under the endpoint's own domain (threat: a signature of another kind, e.g. a
 *    key rotation, replayed as a release);
 * 2. the signer is a current owner of the namespace (threat: a publish into another owner's
 *    namespace, or by a key that was rotated out);
 * 3. the message extends the namespace's current state, `seq` and `previous` (threat: an old
 *    rotation, release or status change replayed later).
 */
import { ErrorCode } from '../../shared/errors/index.js';
import { refuse } from './registry-errors.js';
import { parseNamespace } from './server-name.js';
import type { MessageKind, PayloadOf, SignedEntry, SignedEnvelope } from './signed-message.js';
import { openMessage } from './signed-message.js';
import type { NamespaceState, OwnerKey, RegistryStore } from './store/registry-store.js';

/** A message that passed the shared checks. */
export interface AcceptedMessage<K extends MessageKind> {
  readonly payload: PayloadOf[K];
  readonly entry: SignedEntry;
  readonly state: NamespaceState;
  readonly signer: OwnerKey;
}

/** Opens an envelope as `kind`, refusing a bad signature or payload (never throws otherwise). */
export function openOrRefuse<K extends MessageKind>(
  kind: K,
  envelope: SignedEnvelope,
): { payload: PayloadOf[K]; entry: SignedEntry } {
  const opened = openMessage(kind, envelope);
  if (!opened.ok) {
    refuse(
      opened.reason === 'signature'
        ? ErrorCode.RegistrySignatureInvalid
        : ErrorCode.RegistryRequestInvalid,
      opened.message,
    );
  }
  return { payload: opened.payload, entry: opened.entry };
}

/** Runs the three checks of the module comment; throws a coded refusal on the first failure. */
export async function acceptChained<K extends Exclude<MessageKind, 'namespace-claim'>>(
  kind: K,
  envelope: SignedEnvelope,
  store: RegistryStore,
): Promise<AcceptedMessage<K>> {
  const { payload, entry } = openOrRefuse(kind, envelope);
  const namespace = payload.namespace;
  const parsed = parseNamespace(namespace);
  if (!parsed.ok) refuse(ErrorCode.RegistryRequestInvalid, `namespace ${parsed.message}`);
  const state = await store.namespace(namespace);
  if (state === undefined) {
    refuse(ErrorCode.RegistryNotFound, `namespace ${namespace} is not claimed`, { namespace });
  }
  const signer = state.owners.find((owner) => owner.publicKey === envelope.publicKey);
  if (signer === undefined) {
    refuse(
      ErrorCode.RegistryNotOwner,
      `key ${envelope.publicKey} is not an owner of namespace ${namespace}`,
      { namespace, owners: state.owners.map((owner) => owner.publicKey) },
    );
  }
  if (payload.seq !== state.seq || payload.previous !== state.head) {
    refuse(
      ErrorCode.RegistryStaleState,
      `the ${kind} message was signed for state ${payload.seq} of namespace ${namespace}, ` +
        `which is at state ${state.seq} (head ${state.head.slice(0, 16)}…): an outdated or ` +
        'replayed message; fetch the namespace and sign again',
      { namespace, seq: state.seq, head: state.head },
    );
  }
  return { payload, entry, state, signer };
}
