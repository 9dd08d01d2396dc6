/**
 * @module creation/installer/log-check
 * The transparency-log side of an install, and of `gatehouse registry verify-log`:
 *
 * 1. the registry's current tree head must be signed by the pinned log key (threat: a spoofed
 *    registry, or a forged head);
 * 2. it must extend the last head this machine saw, proven by a consistency proof (the
 *    {@link Witness}; threat: a forked, rewritten or rolled-back log, e.g. one that dropped a
 *    yank or swapped a release after others saw it);
 * 3. every message the install relies on (the namespace's whole history: claim, key changes,
 *    the release, status changes) must be included in that tree (threat: a release shown to
 *    this installer but never logged, so nobody else can see it).
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import { entryLeaf } from '../registry/index.js';
import type { SigningDomain } from '../signing/index.js';
import type { SignedTreeHead, WitnessAdvance } from '../transparency/index.js';
import { verifyInclusion, verifyTreeHead, Witness } from '../transparency/index.js';
import type { RegistryReader, ServedEvent } from './registry-reader.js';

/** How many inclusion proofs are fetched at once. */
const PROOF_CONCURRENCY = 8;

/** A verified head, advanced in the witness. */
export interface CheckedHead {
  readonly head: SignedTreeHead;
  readonly advance: WitnessAdvance;
}

/**
 * Fetches the registry's tree head, checks its signature with `logKey` and advances the witness
 * in `witnessFile` to it (consistency proof from the remembered head).
 * @throws GatehouseError `TRANSPARENCY_HEAD_INVALID`, `TRANSPARENCY_LOG_INCONSISTENT`,
 *   `TRANSPARENCY_LOG_FORK`, `TRANSPARENCY_LOG_ROLLBACK`, `TRANSPARENCY_WITNESS_INVALID`.
 */
export async function advanceWitness(
  reader: RegistryReader,
  logKey: string,
  witnessFile: string,
): Promise<CheckedHead> {
  const offered = await reader.treeHead();
  const checked = verifyTreeHead(offered, logKey);
  if (!checked.ok) {
    throw new GatehouseError(
      ErrorCode.TransparencyHeadInvalid,
      `the tree head served by ${reader.baseUrl} does not verify with its log key: ` +
        `${checked.message}. Refused: the registry is spoofed or broken`,
      { data: { registry: reader.baseUrl, reason: checked.code } },
    );
  }
  const witness = new Witness({ file: witnessFile, logKeys: [logKey] });
  const advance = await witness.advance(offered, (first, second) =>
    reader.consistency(first, second),
  );
  return { head: checked.head, advance };
}

/**
 * Checks that every event is in the tree `head` commits to.
 * @throws GatehouseError `INSTALL_LOG_PROOF_FAILED` naming the first event that is not.
 */
export async function checkInclusions(
  reader: RegistryReader,
  logKey: string,
  head: SignedTreeHead,
  events: readonly ServedEvent[],
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < events.length) {
      const event = events[next] as ServedEvent;
      next += 1;
      await checkOne(reader, logKey, head, event);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PROOF_CONCURRENCY, events.length) }, worker));
}

async function checkOne(
  reader: RegistryReader,
  logKey: string,
  head: SignedTreeHead,
  event: ServedEvent,
): Promise<void> {
  const what = `message ${event.seq} (${event.kind}) of namespace ${event.namespace}`;
  if (event.logIndex >= head.treeSize) {
    throw failed(`${what} claims log index ${event.logIndex}, beyond the tree of ${head.treeSize}`);
  }
  const proof = await reader.inclusion(event.logIndex, head.treeSize);
  const leaf = entryLeaf({ ...event.entry, domain: event.entry.domain as SigningDomain });
  const check = verifyInclusion(leaf, event.logIndex, proof, head, logKey);
  if (!check.ok) {
    throw failed(`${what} is not in the log at index ${event.logIndex}: ${check.message}`);
  }
}

function failed(message: string): GatehouseError {
  return new GatehouseError(
    ErrorCode.InstallLogProofFailed,
    `${message}. Refused: what the registry serves was not logged as shown`,
  );
}
