/**
 * @module creation/installer/log-key-pins
 * Which transparency-log key each registry URL signs with, as this machine first saw it (or as
 * the configuration pins it): `<stateDir>/registry-log-keys.json`, owner-only, written
 * atomically under a lock. A registry whose served log key differs from the pinned one is
 * refused.
 *
 * Threat: installer spoofing — another server answering at a registry's address (DNS, a proxy,
 * a rebuilt registry) with its own log and its own signed releases. Its tree heads cannot be
 * signed with the pinned key, so it is refused before anything it serves is used. The first
 * contact is trust on first use; pin the key in the configuration (`gateway.registries:
 * [{url, logPublicKey}]`) or with `--log-public-key` to close that window.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

import lockfile from 'proper-lockfile';
import { z } from 'zod';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import { keyIdOf } from '../signing/index.js';

const PinsSchema = z.strictObject({
  version: z.literal(1),
  registries: z.record(
    z.string(),
    z.strictObject({
      publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
      pinnedAt: z.iso.datetime(),
    }),
  ),
});
type Pins = z.infer<typeof PinsSchema>;

/** The outcome of {@link pinLogKey}. */
export interface PinnedLogKey {
  readonly publicKey: string;
  /** `config`: given by the user; `pinned`: seen before; `first-use`: pinned now. */
  readonly source: 'config' | 'pinned' | 'first-use';
}

/** A registry URL as a stable key: no trailing slash. */
export function registryKey(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Checks the log key a registry serves against the configured key, else the pinned one, else
 * pins it. @throws GatehouseError `INSTALL_LOG_KEY_MISMATCH` when they differ.
 */
export async function pinLogKey(
  file: string,
  registryUrl: string,
  served: string,
  configured?: string,
): Promise<PinnedLogKey> {
  const url = registryKey(registryUrl);
  if (configured !== undefined) {
    if (configured !== served) throw mismatch(url, configured, served, 'configured');
    return { publicKey: configured, source: 'config' };
  }
  return withLock(file, async () => {
    const pins = await readPins(file);
    const known = pins.registries[url];
    if (known !== undefined) {
      if (known.publicKey !== served) throw mismatch(url, known.publicKey, served, 'pinned');
      return { publicKey: known.publicKey, source: 'pinned' as const };
    }
    pins.registries[url] = { publicKey: served, pinnedAt: new Date().toISOString() };
    await writePins(file, pins);
    return { publicKey: served, source: 'first-use' as const };
  });
}

function mismatch(url: string, expected: string, served: string, how: string): GatehouseError {
  return new GatehouseError(
    ErrorCode.InstallLogKeyMismatch,
    `the registry at ${url} signs its log with key ${keyIdOf(served).slice(0, 16)}…, not the ` +
      `${how} key ${keyIdOf(expected).slice(0, 16)}…: another server answers at this address ` +
      '(spoofed) or the registry lost its log key. Refused; if the registry really changed its ' +
      'key, confirm that with its operator and pin the new key',
    { data: { registry: url, expected, served } },
  );
}

async function readPins(file: string): Promise<Pins> {
  let stats;
  try {
    stats = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, registries: {} };
    throw invalid(file, (error as Error).message);
  }
  // Threat: another local user pinning an attacker's key for a registry.
  if (!stats.isFile() || (process.platform !== 'win32' && (stats.mode & 0o077) !== 0)) {
    throw invalid(file, `must be a regular file readable by its owner only (chmod 600 ${file})`);
  }
  try {
    return PinsSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    throw invalid(file, `is not a pins file (${(error as Error).message})`);
  }
}

async function writePins(file: string, pins: Pins): Promise<void> {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(pins, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function withLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const release = await lockfile.lock(file, {
    realpath: false,
    stale: 30_000,
    retries: { retries: 100, factor: 1.2, minTimeout: 20, maxTimeout: 500 },
  });
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

function invalid(file: string, problem: string): GatehouseError {
  return new GatehouseError(
    ErrorCode.TransparencyWitnessInvalid,
    `registry log-key pins ${file} ${problem}`,
    { data: { file } },
  );
}
