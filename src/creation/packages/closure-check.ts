/**
 * @module creation/packages/closure-check
 * The "exact closure" mode of {@link resolvePackage}: a signed release names the package's
 * integrity and the integrity of every package of its dependency closure; the tree npm builds
 * must be exactly that set, before anything is fetched (every tarball is then checked against
 * the same integrity by pacote) and again once installed.
 *
 * Threat: a dependency swapped, added or changed at the npm registry (or a mirror) after the
 * publisher signed the release: a tarball the publisher never saw would otherwise be installed
 * and run. Fails closed: an extra, missing or different package refuses the install.
 *
 * Packages bundled inside another tarball carry no integrity of their own (the parent's covers
 * them) and are not compared. An optional package this platform cannot use may be left out on
 * either side (the publisher's platform installed it, or npm drops it here), but one that is
 * installed must still be in the closure with the same integrity.
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { LockedPackage } from './lock-schema.js';

/** One package of a signed closure. */
export interface ExpectedPackage {
  readonly name: string;
  readonly version: string;
  readonly integrity: string;
}

/** What a signed release says the installed tree must be. */
export interface ExpectedClosure {
  /** The package itself. */
  readonly root: ExpectedPackage;
  /** Every other package it needs, bundled ones left out. */
  readonly closure: readonly ExpectedPackage[];
  /** Who signed it, named in errors (e.g. `io.github.alice/weather@1.2.0`). */
  readonly signedBy: string;
}

/** A package as built or installed: enough to compare with the closure. */
export interface ClosureCandidate {
  readonly location: string;
  readonly name: string;
  readonly version: string;
  readonly integrity?: string | undefined;
  readonly inBundle?: boolean | undefined;
  readonly optional?: boolean | undefined;
  readonly optionalDependencies?: Readonly<Record<string, string>> | undefined;
}

/** The outcome of {@link compareClosure}. */
export type ClosureComparison =
  { readonly ok: true } | { readonly ok: false; readonly problems: readonly string[] };

const id = (pkg: { name: string; version: string }): string => `${pkg.name}@${pkg.version}`;

/**
 * Compares a tree (as npm built it, or as a lock entry records it) with the expected closure. A
 * closure entry may be missing only when the tree knows it as optional (a node flagged optional,
 * or a name some package lists in `optionalDependencies`): this platform does not install it.
 */
export function compareClosure(
  candidates: readonly ClosureCandidate[],
  expected: ExpectedClosure,
): ClosureComparison {
  const problems: string[] = [];
  const rootLocation = `node_modules/${expected.root.name}`;
  const root = candidates.find((pkg) => pkg.location === rootLocation);
  if (root === undefined) {
    problems.push(`${expected.root.name} itself is not in the tree`);
  } else if (root.version !== expected.root.version || root.integrity !== expected.root.integrity) {
    problems.push(
      `${id(root)} (${root.integrity ?? 'no integrity'}) is not the signed ` +
        `${id(expected.root)} (${expected.root.integrity})`,
    );
  }
  const wanted = new Map(expected.closure.map((pkg) => [id(pkg), pkg]));
  const seen = new Set<string>();
  for (const pkg of candidates) {
    if (pkg.location === rootLocation || pkg.inBundle) continue;
    const signed = wanted.get(id(pkg));
    if (signed === undefined) {
      const other = expected.closure.find((entry) => entry.name === pkg.name);
      problems.push(
        other === undefined
          ? `${id(pkg)} is not in the signed closure (an extra package)`
          : `${id(pkg)} is not in the signed closure, which has ${id(other)}`,
      );
      continue;
    }
    seen.add(id(pkg));
    if (pkg.integrity !== signed.integrity) {
      problems.push(
        `${id(pkg)}: the registry announces ${pkg.integrity ?? 'no integrity'}, the release ` +
          `signed ${signed.integrity}`,
      );
    }
  }
  const optional = new Set<string>();
  for (const pkg of candidates) {
    if (pkg.optional) optional.add(pkg.name);
    for (const name of Object.keys(pkg.optionalDependencies ?? {})) optional.add(name);
  }
  for (const pkg of expected.closure) {
    if (seen.has(id(pkg)) || optional.has(pkg.name)) continue;
    problems.push(`${id(pkg)} of the signed closure is missing from the tree`);
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

/** The candidates of a lock entry's packages. */
export function candidatesOf(packages: Record<string, LockedPackage>): ClosureCandidate[] {
  return Object.entries(packages).map(([location, pkg]) => ({ location, ...pkg }));
}

/** The coded refusal of a tree that is not the signed closure. */
export function closureMismatch(
  spec: string,
  expected: ExpectedClosure,
  problems: readonly string[],
  stage: string,
): GatehouseError {
  const shown = problems.slice(0, 5).join('; ');
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  return new GatehouseError(
    ErrorCode.PackageClosureMismatch,
    `${stage} of "${spec}" is not the dependency closure ${expected.signedBy} signed: ${shown}` +
      `${more}. A package was swapped, added or changed at the npm registry since the release ` +
      'was signed; nothing was installed or run',
    { data: { spec, problems: [...problems] } },
  );
}
