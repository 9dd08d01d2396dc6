/**
 * @module creation/packages/package-spec
 * Parses a package spec as written after `npx` (`@scope/pkg`, `pkg@1.2.3`, `pkg@^2`, `pkg@next`)
 * with npm's own parser, `npm-package-arg`, and keeps only registry specs.
 *
 * Threat: git, tarball-URL, directory and alias specs fetch code from places the lock's
 * registry-integrity model does not cover (a git ref moves, a URL serves anything, a folder is
 * whatever is on disk). They are refused, not half-supported.
 */
import npa from 'npm-package-arg';
import semver from 'semver';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';

/** A registry package spec: name plus a version, range or dist-tag. */
export interface RegistrySpec {
  /** The spec exactly as written. */
  readonly raw: string;
  /** The package name, e.g. `@modelcontextprotocol/server-everything`. */
  readonly name: string;
  /** What is asked of the registry: a version, a range (`*` when none was written) or a tag. */
  readonly fetchSpec: string;
  readonly type: 'version' | 'range' | 'tag';
}

/**
 * Parses `spec`, accepting registry specs only.
 * @throws GatehouseError `PACKAGE_SPEC_UNSUPPORTED` for git, URL, file, directory and alias specs
 *   and for names npm rejects.
 */
export function parseRegistrySpec(spec: string): RegistrySpec {
  let parsed: npa.Result;
  try {
    parsed = npa(spec);
  } catch (error) {
    throw new GatehouseError(
      ErrorCode.PackageSpecUnsupported,
      `"${spec}" is not a valid npm package spec: ${(error as Error).message}`,
      { cause: error, data: { spec } },
    );
  }
  const { type, name, fetchSpec } = parsed;
  if ((type === 'version' || type === 'range' || type === 'tag') && name && fetchSpec) {
    return { raw: spec, name, fetchSpec, type };
  }
  throw new GatehouseError(
    ErrorCode.PackageSpecUnsupported,
    `"${spec}" is a ${type} spec; Gatehouse installs npm registry packages only ` +
      '(name, name@version, name@range or name@tag). Publish the server to a registry or ' +
      'launch it with node and a local path.',
    { data: { spec, type } },
  );
}

/**
 * Whether a locked `name@version` still answers `spec`. A tag cannot be checked offline, so a
 * locked entry for a tag spec stays valid until the spec text changes.
 */
export function specAccepts(spec: RegistrySpec, name: string, version: string): boolean {
  if (spec.name !== name) return false;
  if (spec.type === 'tag') return true;
  return semver.satisfies(version, spec.fetchSpec, { includePrerelease: false });
}
