/**
 * @module creation/installer/verify-log
 * `gatehouse registry verify-log`: checks that a registry's transparency log still extends what
 * this machine saw. The log key is the configured one, else the one pinned on first use; the
 * current tree head must be signed by it, and a consistency proof from the witness's last head
 * must hold; then the witness moves on. A fork, a rollback or a bad signature is an error that
 * carries both heads (together they prove the log misbehaved).
 *
 * Threat: a registry that rewrites or forks its history (drops a yank, swaps a release) after
 * clients saw it; run this on a schedule (or rely on `gatehouse install`, which does the same).
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { SignedTreeHead } from '../transparency/index.js';
import { installerPaths } from './installer-paths.js';
import { advanceWitness } from './log-check.js';
import { pinLogKey } from './log-key-pins.js';
import { RegistryReader } from './registry-reader.js';

/** What {@link verifyRegistryLog} found. */
export interface VerifiedLog {
  readonly registry: string;
  readonly logId: string;
  /** `config`, `pinned` (seen before) or `first-use` (pinned now). */
  readonly logKey: 'config' | 'pinned' | 'first-use';
  readonly head: SignedTreeHead;
  /** The head remembered before, if any. */
  readonly previous: SignedTreeHead | null;
  readonly grew: boolean;
}

/** Verifies the log of `registry` against the witness in `stateDir` and advances it. */
export async function verifyRegistryLog(options: {
  readonly registry: string;
  readonly stateDir: string;
  readonly logPublicKey?: string;
}): Promise<VerifiedLog> {
  const reader = new RegistryReader(options.registry);
  const served = await reader.logKey();
  if (served === undefined) {
    throw new GatehouseError(
      ErrorCode.TransparencyHeadInvalid,
      `${options.registry} keeps no transparency log (GET /v0.1/log/key answered 404)`,
    );
  }
  const paths = installerPaths(options.stateDir);
  const pinned = await pinLogKey(
    paths.logKeysFile,
    options.registry,
    served.publicKey,
    options.logPublicKey,
  );
  const { head, advance } = await advanceWitness(reader, pinned.publicKey, paths.witnessFile);
  return {
    registry: reader.baseUrl,
    logId: head.logId,
    logKey: pinned.source,
    head,
    previous: advance.previous ?? null,
    grew: advance.grew,
  };
}
