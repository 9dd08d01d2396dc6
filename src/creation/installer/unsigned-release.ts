/**
 * @module creation/installer/unsigned-release
 * A server a registry lists without a Gatehouse signature (the official MCP registry signs
 * nothing): refused unless `--allow-unsigned`, for local development only. Allowed, the version
 * is still chosen by the same rules (highest in range, not deleted, no downgrade), the name is
 * still compared with other owners', the npm registry's signatures are still checked, and the
 * lock records the install as `signed: false` — nothing binds it to its publisher.
 *
 * Threat: an unsigned package installed as if it were verified. The refusal names the flag; the
 * flag makes the install loud and recorded.
 */
import semver from 'semver';
import { z } from 'zod';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import { fetchRegistryNames } from '../names/index.js';
import { namespaceOf } from '../registry/index.js';
import type { InstallOptions, RegistrySource, ResolvedRelease } from './install-types.js';
import { confirmName } from './name-confirm.js';
import type { RegistryReader, ServedVersion } from './registry-reader.js';

const NpmPackageSchema = z.looseObject({
  registryType: z.literal('npm'),
  identifier: z.string().min(1),
  version: z.string().min(1),
  registryBaseUrl: z.url().optional(),
});

/** Resolves an unsigned release (only with `allowUnsigned`). */
export async function resolveUnsignedRelease(
  options: InstallOptions,
  source: RegistrySource,
  reader: RegistryReader,
  served: readonly ServedVersion[],
  lockedVersion: string | undefined,
): Promise<ResolvedRelease> {
  const { name } = options;
  if (!options.allowUnsigned) {
    throw new GatehouseError(
      ErrorCode.InstallUnsigned,
      `${source.url} serves ${name} without a signed release: nothing proves who published it ` +
        'or binds it to its bytes. Refused; for local development only, --allow-unsigned ' +
        'installs it anyway and records it as unsigned in gatehouse.lock',
      { data: { name, registry: source.url } },
    );
  }
  const range = options.range === undefined || options.range === 'latest' ? '*' : options.range;
  const usable = served.filter(
    (v) => v.officialStatus !== 'deleted' && semver.valid(v.version) !== null,
  );
  const matching = usable.filter((v) => semver.satisfies(v.version, range));
  if (matching.length === 0) {
    throw new GatehouseError(
      ErrorCode.InstallNoVersion,
      `${name} has no usable version in "${range}" on ${source.url}`,
    );
  }
  const best = matching.reduce((a, b) => (semver.gt(b.version, a.version) ? b : a));
  if (
    lockedVersion !== undefined &&
    semver.valid(lockedVersion) &&
    semver.lt(best.version, lockedVersion) &&
    !options.allowDowngrade
  ) {
    throw new GatehouseError(
      ErrorCode.InstallDowngrade,
      `${name}: gatehouse.lock has ${lockedVersion}, the best version offered is ${best.version}: ` +
        'refused as a downgrade. Pass --allow-downgrade if you mean it',
    );
  }
  const pkg = (Array.isArray(best.server.packages) ? best.server.packages : [])
    .map((p: unknown) => NpmPackageSchema.safeParse(p))
    .find((p) => p.success)?.data;
  if (pkg === undefined) {
    throw new GatehouseError(
      ErrorCode.PackageSpecUnsupported,
      `${name}@${best.version} names no npm package with a version; Gatehouse installs npm packages`,
    );
  }
  const registered = await fetchRegistryNames(reader.baseUrl);
  const names = confirmName({
    name,
    namespace: namespaceOf(name),
    npm: [pkg.identifier],
    registered,
    ...(options.confirmName !== undefined ? { confirmedName: options.confirmName } : {}),
  });
  return {
    name,
    version: best.version,
    registry: source.url,
    server: best.server,
    npm: {
      identifier: pkg.identifier,
      version: pkg.version,
      ...(pkg.registryBaseUrl !== undefined ? { registry: pkg.registryBaseUrl } : {}),
    },
    warnings: [
      `UNSIGNED: ${name}@${best.version} from ${source.url} carries no signature; it is ` +
        'installed because of --allow-unsigned (local development only) and recorded as unsigned',
      ...(names.warning !== undefined ? [names.warning] : []),
    ],
  };
}
