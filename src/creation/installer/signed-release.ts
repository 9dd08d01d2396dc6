/**
 * @module creation/installer/signed-release
 * Resolves a name to a signed release and verifies it, in the order that refuses each attack
 * earliest and names it:
 *
 * 1. the namespace's history is walked from its claim: every signature, every link, every
 *    signer an owner at that point (`namespace-chain.ts`);
 * 2. the version is chosen from that history: the highest in range not yanked, never below the
 *    locked one (`version-select.ts`);
 * 3. what the registry serves for it is the signed release, signed by a current owner
 *    (`release-check.ts`);
 * 4. the log: its key is the pinned one, its tree head extends the last one this machine saw,
 *    and every message of the history is included (`log-check.ts`);
 * 5. the name does not look like another owner's, or the user typed it again
 *    (`name-confirm.ts`).
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import { fetchRegistryNames } from '../names/index.js';
import { namespaceOf } from '../registry/index.js';
import { keyIdOf } from '../signing/index.js';
import type { InstallOptions, RegistrySource, ResolvedRelease } from './install-types.js';
import { installerPaths } from './installer-paths.js';
import { advanceWitness, checkInclusions } from './log-check.js';
import { pinLogKey } from './log-key-pins.js';
import { confirmName } from './name-confirm.js';
import { verifyNamespaceChain } from './namespace-chain.js';
import type { RegistryReader, ServedVersion } from './registry-reader.js';
import { checkSignedRelease } from './release-check.js';
import { selectVersion } from './version-select.js';

/** Verifies and returns the signed release of `options.name` served by `reader`. */
export async function resolveSignedRelease(
  options: InstallOptions,
  source: RegistrySource,
  reader: RegistryReader,
  served: readonly ServedVersion[],
  lockedVersion: string | undefined,
): Promise<ResolvedRelease> {
  const progress = options.onProgress ?? (() => undefined);
  const { name } = options;
  const namespace = namespaceOf(name);
  const warnings: string[] = [];

  progress({ step: 'history', message: `verifying the signed history of ${namespace}` });
  const view = await reader.namespace(namespace);
  if (view === undefined) {
    throw new GatehouseError(
      ErrorCode.InstallChainInvalid,
      `${reader.baseUrl} serves signed releases of ${name} but no namespace ${namespace}`,
    );
  }
  const chain = verifyNamespaceChain(namespace, await reader.events(namespace), view);
  const selected = selectVersion({
    name,
    range: options.range,
    chain,
    served: new Map(served.map((v) => [v.version, v.officialStatus])),
    ...(lockedVersion !== undefined ? { lockedVersion } : {}),
    ...(options.allowDowngrade ? { allowDowngrade: true } : {}),
  });
  if (selected.deprecated !== undefined) {
    warnings.push(`${name}@${selected.version} is deprecated: ${selected.deprecated}`);
  }
  const release = selected.release;
  checkSignedRelease(
    release,
    chain,
    served.find((v) => v.version === selected.version),
  );

  progress({ step: 'log', message: `checking the transparency log of ${reader.baseUrl}` });
  const logKey = await reader.logKey();
  if (logKey === undefined) {
    throw new GatehouseError(
      ErrorCode.InstallLogKeyMismatch,
      `${reader.baseUrl} serves signed releases but no transparency log: refused as spoofed`,
    );
  }
  const paths = installerPaths(options.stateDir);
  const pinned = await pinLogKey(
    paths.logKeysFile,
    source.url,
    logKey.publicKey,
    source.logPublicKey,
  );
  if (pinned.source === 'first-use') {
    warnings.push(
      `first contact with ${source.url}: its log key ${keyIdOf(pinned.publicKey).slice(0, 16)}… ` +
        'is now pinned (trust on first use; pin it in gateway.registries to be sure)',
    );
  }
  const { head } = await advanceWitness(reader, pinned.publicKey, paths.witnessFile);
  await checkInclusions(reader, pinned.publicKey, head, chain.events);

  progress({ step: 'names', message: `comparing ${name} with every other owner's names` });
  const registered = await fetchRegistryNames(reader.baseUrl);
  const names = confirmName({
    name,
    namespace,
    npm: [release.payload.release.package.identifier],
    registered,
    ...(options.confirmName !== undefined ? { confirmedName: options.confirmName } : {}),
  });
  if (names.warning !== undefined) warnings.push(names.warning);

  const signed = release.payload.release;
  const npmPackage = (release.payload.server.packages ?? []).find(
    (pkg) => pkg.registryType === 'npm' && pkg.identifier === signed.package.identifier,
  );
  return {
    name,
    version: selected.version,
    registry: source.url,
    server: release.payload.server,
    npm: {
      identifier: signed.package.identifier,
      version: signed.package.version,
      ...(npmPackage?.registryBaseUrl !== undefined
        ? { registry: npmPackage.registryBaseUrl }
        : {}),
    },
    signed: {
      release: signed,
      signer: {
        publicKey: release.signer,
        keyId: keyIdOf(release.signer),
        namespace,
        seq: release.event.seq,
      },
      log: { logId: head.logId, index: release.event.logIndex, treeHead: head },
    },
    warnings,
  };
}
