/**
 * @module creation/registry/release-rules
 * The rules a release must follow besides its signature:
 *
 * - The release and its `server.json` agree: same name and version, the namespace the message
 *   names, and `server.json` lists the very npm package the release binds (threat: metadata that
 *   sends installers to another package than the one signed).
 * - Versions are strict semver and only ever go up: a new version must be higher than every
 *   version of the server published so far, yanked ones included (their numbers stay used). This
 *   keeps "latest" the newest release; an installer refuses downgrades anyway, and a back-ported
 *   fix is published as a newer version.
 * - The latest version is the highest one that is not yanked.
 */
import semver from 'semver';

import { ErrorCode } from '../../shared/errors/index.js';
import { normalizeRegistryUrl } from './npm-package-check.js';
import { refuse } from './registry-errors.js';
import { parseServerName } from './server-name.js';
import type { ReleasePayload, ReleaseStatus } from './signed-message.js';

/** Checks that the release and its `server.json` describe the same thing. */
export function checkReleaseShape(payload: ReleasePayload, npmRegistry: string): void {
  const { server, release, namespace } = payload;
  const name = parseServerName(server.name);
  if (!name.ok) refuse(ErrorCode.RegistryRequestInvalid, `server.name: ${name.message}`);
  if (name.value.namespace.namespace !== namespace) {
    refuse(
      ErrorCode.RegistryRequestInvalid,
      `server ${server.name} is not in namespace ${namespace}, which the message names`,
    );
  }
  if (release.name !== server.name || release.version !== server.version) {
    refuse(
      ErrorCode.RegistryRequestInvalid,
      `the release is ${release.name}@${release.version} but server.json describes ` +
        `${server.name}@${server.version}`,
    );
  }
  if (semver.valid(release.version) !== release.version) {
    refuse(
      ErrorCode.RegistryRequestInvalid,
      `version "${release.version}" is not a strict semantic version (e.g. 1.2.3)`,
    );
  }
  const listed = (server.packages ?? []).filter(
    (pkg) =>
      pkg.registryType === 'npm' &&
      pkg.identifier === release.package.identifier &&
      pkg.version === release.package.version,
  );
  if (listed.length === 0) {
    refuse(
      ErrorCode.RegistryRequestInvalid,
      `server.json lists no npm package ${release.package.identifier}@${release.package.version}`,
    );
  }
  for (const pkg of listed) {
    if (
      pkg.registryBaseUrl !== undefined &&
      normalizeRegistryUrl(pkg.registryBaseUrl) !== npmRegistry
    ) {
      refuse(
        ErrorCode.RegistryRequestInvalid,
        `the package's registryBaseUrl ${pkg.registryBaseUrl} is not the npm registry this ` +
          `registry checks packages against (${npmRegistry})`,
      );
    }
  }
}

/** Refuses a version that is not higher than every version published before. */
export function checkVersionOrder(version: string, published: readonly string[]): void {
  const highest = published.reduce<string | undefined>(
    (best, v) => (semver.valid(v) && (best === undefined || semver.gt(v, best)) ? v : best),
    undefined,
  );
  if (highest !== undefined && !semver.gt(version, highest)) {
    refuse(
      ErrorCode.RegistryVersionNotNewer,
      `version ${version} is not higher than ${highest}, the highest version published; ` +
        'versions only go up (publish a higher version)',
      { highest },
    );
  }
}

/** The highest version that is not yanked, or `null`. */
export function latestOf(
  versions: readonly { readonly version: string; readonly status: ReleaseStatus }[],
): string | null {
  let latest: string | null = null;
  for (const { version, status } of versions) {
    if (status === 'yanked' || semver.valid(version) === null) continue;
    if (latest === null || semver.gt(version, latest)) latest = version;
  }
  return latest;
}
