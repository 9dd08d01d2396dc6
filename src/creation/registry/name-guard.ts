/**
 * @module creation/registry/name-guard
 * The look-alike check the registry asks before it accepts a release: is this server name (or its
 * npm identifier) confusable with another owner's? `reject` refuses the publish and names the
 * similar names; `review` accepts it and passes the warning on to the publisher.
 *
 * Threat: typosquatting and name collision (`io.github.a1ice/weather` next to
 * `io.github.alice/weather`). The check itself lives in `creation/names`; this is the narrow view
 * the registry needs, so a registry can run with another implementation.
 */

/** A name about to be published. */
export interface NameCandidate {
  /** The server name, e.g. `io.github.alice/weather`. */
  readonly name: string;
  /** Its namespace: the owner; names of the same owner never conflict. */
  readonly namespace: string;
  /** The npm identifiers it is published under. */
  readonly npm: readonly string[];
}

/** The verdict of a {@link NameGuard}. */
export interface NameGuardVerdict {
  readonly verdict: 'ok' | 'review' | 'reject';
  /** The other owners' names it resembles (each at least has a `name`). */
  readonly similar: readonly { readonly name: string }[];
  /** Problems of the name itself (invisible characters, …). */
  readonly problems?: readonly string[];
}

/** A look-alike check against every other owner's names. */
export interface NameGuard {
  check(candidate: NameCandidate): Promise<NameGuardVerdict>;
  /** Tells the guard the registered names changed (a release was accepted). */
  invalidate?(): void;
}
