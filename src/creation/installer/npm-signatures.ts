/**
 * @module creation/installer/npm-signatures
 * The npm registry's own signatures: npm signs every version it serves with an ECDSA P-256 key
 * over `${name}@${version}:${integrity}` (`dist.signatures`) and lists its public keys at
 * `<registry>/-/npm/v1/keys`. Before anything is fetched, the installer reads the manifest of
 * the package and of every closure package with pacote's `verifySignatures` (npm's own check)
 * and requires, for each: the integrity the registry announces equals the signed release's, and
 * a valid registry signature over it (a version without one is refused when the registry
 * publishes keys).
 *
 * Threats: a tarball or transitive tarball swapped at a mirror or in transit, with the packument
 * relabelled to match (the announced integrity no longer equals the signed one, and the mirror
 * cannot sign the new one); a registry that stopped signing some packages. A registry that
 * publishes no keys at all (a private registry) cannot be checked this way: the signed release's
 * integrities still bind every byte, and the lock records `none-published`.
 */
import pacote from 'pacote';
import { z } from 'zod';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { ExpectedClosure, ExpectedPackage } from '../packages/index.js';

/** A key as pacote wants it (`pemkey`) from npm's keys endpoint. */
export interface NpmKey {
  readonly keyid: string;
  readonly expires: string | null;
  readonly pemkey: string;
}

const KeysSchema = z.looseObject({
  keys: z.array(
    z.looseObject({
      keyid: z.string().min(1),
      expires: z.string().nullable().optional(),
      keytype: z.string().optional(),
      key: z.string().regex(/^[A-Za-z0-9+/=]+$/),
    }),
  ),
});

/** How many manifests are read at once. */
const CONCURRENCY = 8;

/**
 * The npm registry's signing keys; `[]` when it publishes none (404).
 * @throws GatehouseError when the registry cannot be reached or answers malformed keys.
 */
export async function fetchNpmKeys(registry: string): Promise<NpmKey[]> {
  const url = new URL('-/npm/v1/keys', registry.endsWith('/') ? registry : `${registry}/`);
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new GatehouseError(
      ErrorCode.PackageResolveFailed,
      `cannot reach the npm registry at ${registry} for its signing keys: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return [];
  }
  const parsed = KeysSchema.safeParse(await response.json().catch(() => undefined));
  if (!response.ok || !parsed.success) {
    throw new GatehouseError(
      ErrorCode.PackageResolveFailed,
      `the npm registry at ${registry} answered ${response.status} with no usable signing keys`,
    );
  }
  return parsed.data.keys.map((key) => ({
    keyid: key.keyid,
    expires: key.expires ?? null,
    pemkey: `-----BEGIN PUBLIC KEY-----\n${key.key}\n-----END PUBLIC KEY-----`,
  }));
}

/** Options of {@link verifyNpmSignatures}. */
export interface NpmSignatureOptions {
  readonly registry: string;
  /** Gatehouse's npm cache folder. */
  readonly cache: string;
  readonly keys: readonly NpmKey[];
  readonly onChecked?: (done: number, total: number) => void;
}

/**
 * Checks the announced integrity and the registry signature of the release's package and of
 * every closure package (see the module comment).
 * @throws GatehouseError `PACKAGE_CLOSURE_MISMATCH` (announced integrity differs) or
 *   `INSTALL_NPM_SIGNATURE_INVALID` (missing, unknown-key or invalid signature).
 */
export async function verifyNpmSignatures(
  expected: ExpectedClosure,
  options: NpmSignatureOptions,
): Promise<void> {
  const packages = [expected.root, ...expected.closure];
  const regKey = registryKeyOf(options.registry);
  const shared = {
    registry: options.registry,
    cache: options.cache,
    fullMetadata: true,
    verifySignatures: options.keys.length > 0,
    packumentCache: new Map<string, unknown>(),
    [`${regKey}:_keys`]: options.keys,
  };
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < packages.length) {
      const pkg = packages[next] as ExpectedPackage;
      next += 1;
      await checkOne(pkg, expected, shared, options);
      done += 1;
      options.onChecked?.(done, packages.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, packages.length) }, worker));
}

async function checkOne(
  pkg: ExpectedPackage,
  expected: ExpectedClosure,
  opts: Record<string, unknown>,
  options: NpmSignatureOptions,
): Promise<void> {
  const id = `${pkg.name}@${pkg.version}`;
  let manifest: { _integrity?: string; _signatures?: unknown[] };
  try {
    manifest = await pacote.manifest(id, opts);
  } catch (error) {
    const npm = error as { code?: string; integrity?: string; message?: string };
    if (npm.code === 'EINTEGRITYSIGNATURE' && npm.integrity !== pkg.integrity) {
      throw relabelled(id, npm.integrity, pkg, expected, options.registry, error);
    }
    if (npm.code === 'EINTEGRITYSIGNATURE' || npm.code === 'EMISSINGSIGNATUREKEY') {
      throw new GatehouseError(
        ErrorCode.InstallNpmSignatureInvalid,
        `${id}: the npm registry's signature does not verify (${npm.message ?? npm.code}). ` +
          'Refused: the package metadata was changed after the registry signed it',
        { cause: error, data: { package: id, registry: options.registry } },
      );
    }
    throw new GatehouseError(
      ErrorCode.PackageResolveFailed,
      `cannot read ${id} from ${options.registry}: ${npm.code ? `${npm.code}: ` : ''}${npm.message ?? String(error)}`,
      { cause: error, data: { package: id } },
    );
  }
  if (manifest._integrity !== pkg.integrity) {
    throw relabelled(id, manifest._integrity, pkg, expected, options.registry);
  }
  // pacote passes a version without signatures silently; a registry that signs must sign all.
  if (options.keys.length > 0 && (manifest._signatures?.length ?? 0) === 0) {
    throw new GatehouseError(
      ErrorCode.InstallNpmSignatureInvalid,
      `${id} carries no npm registry signature although ${options.registry} publishes signing ` +
        'keys. Refused: its metadata did not come from the registry as signed',
      { data: { package: id, registry: options.registry } },
    );
  }
}

function relabelled(
  id: string,
  announced: string | undefined,
  pkg: ExpectedPackage,
  expected: ExpectedClosure,
  registry: string,
  cause?: unknown,
): GatehouseError {
  return new GatehouseError(
    ErrorCode.PackageClosureMismatch,
    `${id}: ${registry} announces integrity ${announced ?? '(none)'}, the release ` +
      `${expected.signedBy} signed ${pkg.integrity}. Refused: the tarball was swapped at the ` +
      'npm registry or a mirror after the release was signed; nothing was fetched',
    { cause, data: { package: id, announced, signed: pkg.integrity } },
  );
}

/** npm's key for per-registry settings: `//host/path/` (the trailing slash as configured). */
function registryKeyOf(registry: string): string {
  const url = new URL(registry);
  return `//${url.host}${url.pathname}`;
}
