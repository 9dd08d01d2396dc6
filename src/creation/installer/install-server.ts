/**
 * @module creation/installer/install-server
 * `gatehouse install NAME[@RANGE]`: from a name to a verified, locked, configured server.
 *
 * 1. Resolve NAME from the registries, in order; the first that knows it answers.
 * 2. Verify the release (`signed-release.ts`: owner signatures over the namespace history, the
 *    version, the transparency log, look-alike names) — or refuse it as unsigned unless
 *    `--allow-unsigned` (`unsigned-release.ts`).
 * 3. Check the npm registry's signatures and announced integrities of the package and of every
 *    closure package against the signed release, before anything is fetched.
 * 4. Fetch and install with scripts off into the content-addressed store, in exact-closure mode
 *    (every tarball's integrity, no extra, missing or different package).
 * 5. Start the server sandboxed once; its tool definitions must hash to the signed hash.
 * 6. Only then write `gatehouse.lock` (the tree and the install record) and the config entry.
 *
 * Every check fails closed with a coded error naming what was refused and why; nothing is
 * written to the lock or the config before every check passed (the store may keep a verified,
 * read-only tree, which is content-addressed and harmless).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';

import { jcsHash } from '../../shared/canonical/index.js';
import { SERVER_KEY_PATTERN } from '../../shared/config/index.js';
import { SandboxGrantsSchema } from '../../shared/config/schema.js';
import { ErrorCode, GatehouseError, UsageError } from '../../shared/errors/index.js';
import type { ExpectedClosure, InstallRecord } from '../packages/index.js';
import {
  CACHE_FOLDER,
  readLockFile,
  resolvePackage,
  updateInstallRecord,
  updateLockFile,
} from '../packages/index.js';
import { parseServerName } from '../registry/index.js';
import { closureOf } from '../registry/publisher/build-release.js';
import { checkServerEntry, writeServerEntry } from './config-entry.js';
import { assertDefinitions, listDefinitions } from './definitions-check.js';
import type { InstallOptions, InstallResult, ResolvedRelease } from './install-types.js';
import { fetchNpmKeys, verifyNpmSignatures } from './npm-signatures.js';
import { RegistryReader } from './registry-reader.js';
import { serverArgsOf } from './server-args.js';
import { resolveSignedRelease } from './signed-release.js';
import { resolveUnsignedRelease } from './unsigned-release.js';

/** Installs a server by name (see the module comment). */
export async function installServer(options: InstallOptions): Promise<InstallResult> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  const parsed = parseServerName(options.name);
  if (!parsed.ok) throw new UsageError(`"${options.name}": ${parsed.message}`);
  if (options.registries.length === 0) {
    throw new UsageError(
      'no registry to install from: set gateway.registries in the config or pass --registry URL',
    );
  }
  const lock = await readLockFile(options.lockFile);
  const previous = lock.installs?.[options.name];
  if (previous && options.serverKey !== undefined && options.serverKey !== previous.serverKey) {
    throw new GatehouseError(
      ErrorCode.InstallConfigConflict,
      `${options.name} is installed as "${previous.serverKey}"; remove that entry (and its ` +
        `install record) before installing it as "${options.serverKey}"`,
    );
  }
  const serverKey = options.serverKey ?? previous?.serverKey ?? lastPart(options.name);
  if (!SERVER_KEY_PATTERN.test(serverKey)) {
    throw new UsageError(`"${serverKey}" cannot be a server key; choose one with --as KEY`);
  }
  if (options.grants !== undefined) {
    // The grants are checked now, with the config's own rules, not when the gateway starts.
    const grants = SandboxGrantsSchema.safeParse(options.grants);
    if (!grants.success) {
      throw new UsageError(`sandbox grants: ${grants.error.issues[0]?.message ?? 'invalid'}`);
    }
  }
  const replaceable = previous?.serverKey === serverKey;
  await checkServerEntry(options.configFile, entryOf(serverKey, [], options), replaceable);

  const release = await resolveRelease(options, previous?.version);
  const verified = Date.now();
  const warnings = [...release.warnings];

  const npmRegistry = options.npmMirror ?? release.npm.registry ?? options.npmRegistry;
  const spec = `${release.npm.identifier}@${release.npm.version}`;
  const cache = path.join(options.packagesDir, CACHE_FOLDER);
  progress({ step: 'npm-signatures', message: `reading npm's signing keys from ${npmRegistry}` });
  const keys = await fetchNpmKeys(npmRegistry);
  if (keys.length === 0) {
    warnings.push(`${npmRegistry} publishes no signing keys: npm signatures were not checked`);
  }
  const expected = release.signed ? expectedOf(release) : undefined;
  if (expected) {
    progress({
      step: 'npm-signatures',
      message: `checking ${expected.closure.length + 1} packages against the signed release`,
    });
    await verifyNpmSignatures(expected, { registry: npmRegistry, cache, keys });
  }

  const work = await mkdtemp(path.join(options.stateDir, '.install-'));
  try {
    // The tree is locked in a scratch lock until every check passed.
    const scratchLock = path.join(work, 'gatehouse.lock');
    progress({ step: 'fetch', message: `fetching ${spec} and its closure from ${npmRegistry}` });
    const resolved = await resolvePackage(spec, {
      stateDir: options.packagesDir,
      lockFile: scratchLock,
      registry: npmRegistry,
      ...(expected ? { expected } : {}),
      onProgress: (event) => {
        if (event.type === 'fetching' && (event.done === event.total || event.done % 25 === 0)) {
          progress({ step: 'fetch', message: `  fetched ${event.done}/${event.total} tarballs` });
        } else if (event.type === 'installing') {
          progress({ step: 'fetch', message: `  installing ${event.packages} packages` });
        }
      },
    });
    if (!expected) {
      // Unsigned: no release to compare with, but npm's own signatures still hold.
      const closure = closureOf(resolved);
      await verifyNpmSignatures(
        {
          root: {
            name: resolved.name,
            version: resolved.version,
            integrity: resolved.lockEntry.integrity,
          },
          closure,
          signedBy: `the npm registry (${spec})`,
        },
        { registry: npmRegistry, cache, keys },
      );
    }
    const fetched = Date.now();

    const { args, missing } = serverArgsOf(
      release.server,
      release.npm.identifier,
      options.args ?? [],
    );
    if (missing.length > 0) {
      throw new UsageError(
        `${options.name} needs arguments its server.json gives no value for (${missing.join(', ')}); ` +
          'pass them with --arg',
      );
    }
    progress({ step: 'definitions', message: `starting ${spec} in the sandbox to list its tools` });
    const definitions = await listDefinitions({
      spec,
      args,
      stateDir: options.stateDir,
      packagesDir: options.packagesDir,
      lockFile: scratchLock,
      npmRegistry,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    if (release.signed) {
      assertDefinitions(
        definitions,
        release.signed.release.definitionsHash,
        `${release.name}@${release.version}`,
      );
    }
    const listed = Date.now();

    progress({ step: 'write', message: `writing gatehouse.lock and the "${serverKey}" entry` });
    const record: InstallRecord = {
      name: release.name,
      version: release.version,
      serverKey,
      spec,
      registry: release.registry,
      signed: release.signed !== undefined,
      package: {
        name: resolved.name,
        version: resolved.version,
        integrity: resolved.lockEntry.integrity,
      },
      ...(release.signed
        ? {
            release: {
              closureHash: jcsHash(release.signed.release.closure),
              closureSize: release.signed.release.closure.length,
              definitionsHash: release.signed.release.definitionsHash,
              signer: release.signed.signer,
              log: release.signed.log,
            },
          }
        : {}),
      npmSignatures: keys.length > 0 ? 'verified' : 'none-published',
      definitionsHash: definitions.hash,
      grants: options.grants ?? 'default',
      installedAt: new Date().toISOString(),
    };
    await updateLockFile(options.lockFile, spec, resolved.lockEntry);
    await updateInstallRecord(options.lockFile, release.name, record);
    await writeServerEntry(
      options.configFile,
      entryOf(serverKey, ['-y', spec, ...args], options),
      replaceable,
    );
    const done = Date.now();
    return {
      name: release.name,
      version: release.version,
      serverKey,
      configFile: options.configFile,
      lockFile: options.lockFile,
      registry: release.registry,
      signed: release.signed !== undefined,
      package: record.package,
      closureSize: Object.keys(resolved.lockEntry.packages).length - 1,
      ...(release.signed
        ? {
            signer: {
              keyId: release.signed.signer.keyId,
              namespace: release.signed.signer.namespace,
            },
            log: {
              index: release.signed.log.index,
              treeSize: release.signed.log.treeHead.treeSize,
              rootHash: release.signed.log.treeHead.rootHash,
            },
          }
        : {}),
      npmSignatures: record.npmSignatures,
      definitionsHash: definitions.hash,
      toolCount: definitions.toolCount,
      warnings,
      timings: {
        verify: verified - started,
        fetch: fetched - verified,
        definitions: listed - fetched,
        total: done - started,
      },
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Asks each registry in turn; the first that knows the name resolves it. */
async function resolveRelease(
  options: InstallOptions,
  lockedVersion: string | undefined,
): Promise<ResolvedRelease> {
  const progress = options.onProgress ?? (() => undefined);
  for (const source of options.registries) {
    progress({ step: 'resolve', message: `looking up ${options.name} on ${source.url}` });
    const reader = new RegistryReader(source.url);
    const served = await reader.versions(options.name);
    if (served === undefined || served.length === 0) continue;
    const signed = served.some((version) => version.gatehouse !== undefined);
    return signed
      ? resolveSignedRelease(options, source, reader, served, lockedVersion)
      : resolveUnsignedRelease(options, source, reader, served, lockedVersion);
  }
  throw new GatehouseError(
    ErrorCode.RegistryNotFound,
    `${options.name} is not in ${options.registries.map((r) => r.url).join(', ')}`,
    { data: { name: options.name } },
  );
}

function expectedOf(release: ResolvedRelease): ExpectedClosure | undefined {
  const signed = release.signed?.release;
  if (signed === undefined) return undefined;
  return {
    root: {
      name: signed.package.identifier,
      version: signed.package.version,
      integrity: signed.integrity,
    },
    closure: signed.closure,
    signedBy: `${signed.name}@${signed.version}`,
  };
}

function entryOf(
  key: string,
  args: readonly string[],
  options: InstallOptions,
): { key: string; args: readonly string[]; sandbox?: Record<string, unknown> } {
  return { key, args, ...(options.grants !== undefined ? { sandbox: options.grants } : {}) };
}

/** `io.github.alice/weather` → `weather`. */
function lastPart(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}
