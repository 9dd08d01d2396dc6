/**
 * @module creation/installer/release-check
 * The chosen release, checked against the verified namespace history:
 *
 * - what the registry serves for the version (its `server.json`, the release and the signature
 *   block) must be exactly the signed message in the history (threat: a registry serving other
 *   metadata or another package than the owner signed);
 * - the signer must still own the namespace now (threat: a release signed with a key the owners
 *   have since rotated out, e.g. because it was stolen — installers follow the current owners).
 */
import { canonicalJson } from '../../shared/canonical/index.js';
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import { keyIdOf } from '../signing/index.js';
import type { ChainRelease, VerifiedChain } from './namespace-chain.js';
import type { ServedVersion } from './registry-reader.js';

/** Checks the served version against the signed release (see the module comment). */
export function checkSignedRelease(
  release: ChainRelease,
  chain: VerifiedChain,
  served: ServedVersion | undefined,
): void {
  const { name, version } = release.payload.release;
  const id = `${name}@${version}`;
  const block = served?.gatehouse;
  const differs = (what: string): GatehouseError =>
    new GatehouseError(
      ErrorCode.InstallSignatureInvalid,
      `${id}: the registry serves ${what} that differs from the release signed in the ` +
        `namespace's history. Refused: not what the owner signed`,
      { data: { name, version } },
    );
  if (served === undefined || block === undefined) throw differs('no signed release');
  const event = release.event;
  if (
    block.signature.signature !== event.entry.signature ||
    block.signature.publicKey !== event.entry.publicKey ||
    block.signature.seq !== event.seq ||
    block.signature.logIndex !== event.logIndex
  ) {
    throw differs('a signature');
  }
  if (canonicalJson(block.release) !== canonicalJson(release.payload.release)) {
    throw differs('a release');
  }
  if (canonicalJson(served.server) !== canonicalJson(release.payload.server)) {
    throw differs('a server.json');
  }
  if (!chain.owners.has(release.signer)) {
    const removedAt = chain.removed.get(release.signer);
    throw new GatehouseError(
      ErrorCode.InstallSignerNotOwner,
      `${id} is signed by key ${keyIdOf(release.signer).slice(0, 16)}…, which the owners of ` +
        `${chain.namespace} removed${removedAt === undefined ? '' : ` at message ${removedAt}`}; ` +
        'a removed key may be compromised. Refused: ask the owners to publish a new version',
      { data: { name, version, signer: release.signer } },
    );
  }
}
