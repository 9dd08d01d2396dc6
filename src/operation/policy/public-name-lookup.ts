/**
 * @module operation/policy/public-name-lookup
 * Finds which server and tool a public name (`prefix__name`) stands for from the configuration
 * alone, without starting servers, for `gatehouse policy explain`. Only the plain form can be
 * read this way: a name in the hashed form (too long or unusual characters) or with a clash
 * suffix needs the live catalog, so those are given as `--server` and `--item` instead. A name
 * that several servers could own is reported as ambiguous, never guessed.
 */
import type { GatehouseConfig } from '../../shared/config/schema.js';
import { publicName, resolvePrefix } from '../gateway/naming/index.js';

export interface PublicNameCandidate {
  readonly server: string;
  readonly item: string;
}

export type PublicNameLookup =
  | { readonly ok: true; readonly server: string; readonly item: string }
  | {
      readonly ok: false;
      readonly problem: string;
      readonly candidates: readonly PublicNameCandidate[];
    };

/** The (server, item) a plain-form public tool or prompt name comes from. */
export function lookupPublicName(
  config: Pick<GatehouseConfig, 'servers' | 'gateway'>,
  name: string,
): PublicNameLookup {
  const maxLength = config.gateway.names.maxLength;
  const candidates: PublicNameCandidate[] = [];
  for (const [key, server] of Object.entries(config.servers)) {
    if (server.enabled === false) continue;
    const { prefix } = resolvePrefix(key, server.prefix);
    const item =
      prefix === ''
        ? name
        : name.startsWith(`${prefix}__`)
          ? name.slice(prefix.length + 2)
          : undefined;
    if (item === undefined || item === '') continue;
    // Only a name that the plain form gives back exactly can be split this way.
    if (publicName(prefix, item, maxLength) === name) candidates.push({ server: key, item });
  }
  const [only] = candidates;
  if (candidates.length === 1 && only !== undefined) return { ok: true, ...only };
  if (candidates.length === 0) {
    return {
      ok: false,
      problem: `"${name}" is not the plain public name of a tool of any enabled server (a hashed or clash-suffixed name needs the live catalog: give --server and --item)`,
      candidates,
    };
  }
  return {
    ok: false,
    problem: `"${name}" could belong to ${candidates.map((c) => `${c.server} (${c.item})`).join(', ')}: give --server and --item`,
    candidates,
  };
}
