/**
 * @module creation/transparency/witness
 * A client's witness of one or more logs: it remembers, per log id, the last tree head it
 * verified, and moves to a newer head only when the log proves the newer tree extends the
 * remembered one. Installers advance it every time they talk to a registry, so once a client has
 * seen a head, the log can no longer show it a history that leaves out, changes or reorders
 * anything that head covered.
 *
 * Threats and what stops them:
 * - forked or rewritten log (entries removed, changed or reordered after a head was seen): the
 *   consistency proof from the remembered head fails → `TRANSPARENCY_LOG_INCONSISTENT`;
 * - equivocation (two signed roots for one size, e.g. one view per victim): refused as
 *   `TRANSPARENCY_LOG_FORK`, and the error carries both signed heads, which together prove the
 *   log misbehaved. A witness only sees what its own client is shown; catching a log that keeps
 *   two views apart forever takes comparing heads between clients (gossip), out of scope here;
 * - rollback (an older, smaller head, to hide new entries such as a yank): `TRANSPARENCY_LOG_ROLLBACK`;
 * - a head signed by another key, or naming a log the witness does not trust:
 *   `TRANSPARENCY_HEAD_INVALID`.
 * The first head of a log is trusted on first use (after its signature is checked); the log's
 * public key is what the client must get right out of band.
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import { keyIdOf } from '../signing/index.js';
import { verifyConsistency } from './client-verify.js';
import type { LogCheckRefusal, SignedTreeHead } from './tree-head.js';
import { describeHead, verifyTreeHead } from './tree-head.js';
import { readWitnessFile, withWitnessLock, writeWitnessFile } from './witness-file.js';

/**
 * Asks the log for the consistency proof from `firstSize` to `secondSize` (e.g. over HTTP).
 * What it returns is parsed and checked; a throw aborts the advance and changes nothing.
 */
export type ConsistencyProofFetcher = (firstSize: number, secondSize: number) => unknown;

/** What an accepted advance did. */
export interface WitnessAdvance {
  /** The head remembered before, if any. */
  readonly previous: SignedTreeHead | undefined;
  /** The head remembered now. */
  readonly current: SignedTreeHead;
  /** Whether the log grew since the previous head (false on first use). */
  readonly grew: boolean;
}

/** Where the witness keeps its memory, and the public keys of the logs it follows. */
export interface WitnessOptions {
  /** The witness JSON file (created owner-only on the first advance). */
  readonly file: string;
  /** Base64url Ed25519 public keys of trusted logs; a head's log id selects the key. */
  readonly logKeys: readonly string[];
}

/** The last verified tree head per log, advanced only along consistency proofs. */
export class Witness {
  readonly file: string;
  private readonly keys: ReadonlyMap<string, string>;

  constructor(options: WitnessOptions) {
    this.file = options.file;
    this.keys = new Map(options.logKeys.map((key) => [keyIdOf(key), key]));
  }

  /** The head remembered for `logId`, checked again against the log key. */
  async head(logId: string): Promise<SignedTreeHead | undefined> {
    return this.remembered(logId, (await readWitnessFile(this.file)).heads[logId]);
  }

  /**
   * Accepts `newSth` if it is signed by a trusted log key, not smaller than the remembered head,
   * and consistent with it (same size: same root; larger: a valid proof fetched with
   * `fetchProof`). Otherwise throws a GatehouseError naming both heads; the file is unchanged.
   */
  async advance(newSth: unknown, fetchProof: ConsistencyProofFetcher): Promise<WitnessAdvance> {
    const logId = logIdOf(newSth);
    const publicKey = logId === undefined ? undefined : this.keys.get(logId);
    if (logId === undefined || publicKey === undefined) {
      throw new GatehouseError(
        ErrorCode.TransparencyHeadInvalid,
        'the tree head is not signed by the key of a log this witness follows',
        { data: { offered: newSth } },
      );
    }
    const offered = verifyTreeHead(newSth, publicKey);
    if (!offered.ok) throw headError(offered, newSth);
    return withWitnessLock(this.file, async () => {
      const state = await readWitnessFile(this.file);
      const previous = this.remembered(logId, state.heads[logId]);
      const next = offered.head;
      if (previous !== undefined) {
        const proof =
          next.treeSize > previous.treeSize
            ? await fetchProof(previous.treeSize, next.treeSize)
            : undefined;
        const check = verifyConsistency(previous, next, proof, publicKey);
        if (!check.ok) throw consistencyError(check, previous, next);
      }
      // Same tree seen again: keep the later signature, never move the remembered time back.
      const current =
        previous !== undefined &&
        previous.treeSize === next.treeSize &&
        Date.parse(previous.timestamp) >= Date.parse(next.timestamp)
          ? previous
          : next;
      if (current !== previous) {
        await writeWitnessFile(this.file, {
          ...state,
          heads: { ...state.heads, [logId]: current },
        });
      }
      return {
        previous,
        current,
        grew: previous !== undefined && next.treeSize > previous.treeSize,
      };
    });
  }

  private remembered(logId: string, head: SignedTreeHead | undefined): SignedTreeHead | undefined {
    if (head === undefined) return undefined;
    const publicKey = this.keys.get(logId);
    const check = publicKey === undefined ? undefined : verifyTreeHead(head, publicKey);
    // Threat: a remembered head swapped in the file; it must still carry the log's signature.
    if (check === undefined || !check.ok) {
      throw new GatehouseError(
        ErrorCode.TransparencyWitnessInvalid,
        `witness file ${this.file}: the remembered head of log ${logId.slice(0, 16)}… does not ` +
          `verify against a trusted log key${check === undefined ? '' : ` (${check.message})`}`,
        { data: { file: this.file, logId } },
      );
    }
    return check.head;
  }
}

function logIdOf(sth: unknown): string | undefined {
  if (typeof sth !== 'object' || sth === null) return undefined;
  const logId = (sth as { logId?: unknown }).logId;
  return typeof logId === 'string' ? logId : undefined;
}

function headError(refusal: LogCheckRefusal, offered: unknown): GatehouseError {
  return new GatehouseError(
    ErrorCode.TransparencyHeadInvalid,
    `tree head refused: ${refusal.message}`,
    { data: { reason: refusal.code, offered } },
  );
}

function consistencyError(
  refusal: LogCheckRefusal,
  remembered: SignedTreeHead,
  offered: SignedTreeHead,
): GatehouseError {
  const data = { reason: refusal.code, remembered, offered };
  const both = `remembered ${describeHead(remembered)}; offered ${describeHead(offered)}`;
  switch (refusal.code) {
    case 'rollback':
      return new GatehouseError(ErrorCode.TransparencyLogRollback, `the log rolled back: ${both}`, {
        data,
      });
    case 'fork':
      return new GatehouseError(
        ErrorCode.TransparencyLogFork,
        `the log forked (two signed roots for one size): ${both}`,
        { data },
      );
    default:
      return new GatehouseError(
        ErrorCode.TransparencyLogInconsistent,
        `the log's new tree does not extend the one this witness saw (history rewritten or ` +
          `forked; ${refusal.message}): ${both}`,
        { data },
      );
  }
}
