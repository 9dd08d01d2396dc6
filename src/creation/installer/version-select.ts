/**
 * @module creation/installer/version-select
 * Picks the version to install: the highest version in the requested range that is not yanked,
 * from the releases and statuses of the verified namespace history (a status the registry shows
 * without a signed message counts only when it is stricter: a yank is honoured either way).
 *
 * Threats: a yanked version (withdrawn by its owner, e.g. compromised) installed anyway; a
 * downgrade to an older, vulnerable version, by a range or by a registry hiding newer versions —
 * refused below the version `gatehouse.lock` already has, unless `--allow-downgrade`.
 */
import semver from 'semver';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { ChainRelease, VerifiedChain } from './namespace-chain.js';

/** What the registry shows besides the history (its official status per version). */
export type ServedStatuses = ReadonlyMap<string, string | undefined>;

/** The chosen release. */
export interface SelectedVersion {
  readonly version: string;
  readonly release: ChainRelease;
  /** Set when the chosen version is deprecated: the owner's message. */
  readonly deprecated?: string;
}

/** Options of {@link selectVersion}. */
export interface SelectOptions {
  readonly name: string;
  /** A semver range or exact version; `undefined` or `latest`: any. */
  readonly range: string | undefined;
  readonly chain: VerifiedChain;
  readonly served: ServedStatuses;
  /** The version `gatehouse.lock` has for this name, if any. */
  readonly lockedVersion?: string;
  readonly allowDowngrade?: boolean;
}

interface Candidate {
  readonly version: string;
  readonly release: ChainRelease;
  readonly status: 'active' | 'deprecated' | 'yanked';
  readonly message: string | null;
}

/** Chooses the version (see the module comment). */
export function selectVersion(options: SelectOptions): SelectedVersion {
  const { name, chain } = options;
  const range = options.range === undefined || options.range === 'latest' ? '*' : options.range;
  if (semver.validRange(range) === null) {
    throw new GatehouseError(ErrorCode.Usage, `"${range}" is not a version or a semver range`);
  }
  const candidates: Candidate[] = [];
  for (const release of chain.releases.values()) {
    if (release.payload.release.name !== name) continue;
    const version = release.payload.release.version;
    const signed = chain.statuses.get(`${name}@${version}`);
    const yankedByRegistry = options.served.get(version) === 'deleted';
    candidates.push({
      version,
      release,
      status: yankedByRegistry ? 'yanked' : (signed?.status ?? 'active'),
      message: signed?.message ?? null,
    });
  }
  const matching = candidates.filter((c) => semver.satisfies(c.version, range));
  if (matching.length === 0) {
    const known = candidates.map((c) => c.version).join(', ') || 'none';
    throw new GatehouseError(
      ErrorCode.InstallNoVersion,
      `${name} has no version in "${range}" (signed versions: ${known})`,
      { data: { name, range } },
    );
  }
  const usable = matching.filter((c) => c.status !== 'yanked');
  if (usable.length === 0) {
    const yanked = matching
      .map((c) => `${c.version}${c.message ? ` ("${c.message}")` : ''}`)
      .join(', ');
    throw new GatehouseError(
      ErrorCode.InstallVersionYanked,
      `${name}@${range}: every matching version was yanked by its owner: ${yanked}. Yanked ` +
        'versions must not be installed; pick a newer version',
      { data: { name, range } },
    );
  }
  const best = usable.reduce((a, b) => (semver.gt(b.version, a.version) ? b : a));
  const locked = options.lockedVersion;
  if (locked !== undefined && semver.valid(locked) && semver.lt(best.version, locked)) {
    if (!options.allowDowngrade) {
      throw new GatehouseError(
        ErrorCode.InstallDowngrade,
        `${name}: gatehouse.lock has ${locked}, the best version in "${range}" is ${best.version}: ` +
          'refused as a downgrade (an older version may be vulnerable, or the registry hides ' +
          'newer ones). Pass --allow-downgrade if you mean it',
        { data: { name, locked, offered: best.version } },
      );
    }
  }
  return {
    version: best.version,
    release: best.release,
    ...(best.status === 'deprecated'
      ? { deprecated: best.message ?? 'deprecated by its owner' }
      : {}),
  };
}
