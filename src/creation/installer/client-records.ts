/**
 * @module creation/installer/client-records
 * The SHA-256 of every host config file `gatehouse install --client` wrote, kept in the state
 * folder (`client-configs.json`, owner-only, atomic writes). `checkClientConfigs` compares each
 * file with what was written, so `gatehouse check` or the next install can say that someone
 * else changed the host's config since.
 *
 * Threat: a host config quietly pointed back at an unsandboxed server, or at another command,
 * after Gatehouse took it over (by a malicious package, an extension, a sync tool).
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';

const RecordSchema = z.strictObject({
  client: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  writtenAt: z.iso.datetime(),
  backup: z.string().nullable(),
  gatehouseConfig: z.string().min(1),
});
const RecordsSchema = z.strictObject({
  version: z.literal(1),
  files: z.record(z.string(), RecordSchema),
});

/** What was written to one host config file. */
export type ClientRecord = z.infer<typeof RecordSchema>;

/** A host file compared with what Gatehouse wrote. */
export interface ClientConfigStatus {
  readonly file: string;
  readonly client: string;
  readonly status: 'unchanged' | 'changed' | 'missing';
  readonly recorded: string;
  readonly current?: string;
}

/** Hex SHA-256 of bytes or text. */
export function sha256Of(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Every recorded host file. */
export async function readClientRecords(file: string): Promise<Record<string, ClientRecord>> {
  let stats;
  try {
    stats = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw invalid(file, (error as Error).message);
  }
  // Threat: another local user re-recording a hash so a changed host file passes as ours.
  if (!stats.isFile() || (process.platform !== 'win32' && (stats.mode & 0o077) !== 0)) {
    throw invalid(file, `must be a regular file readable by its owner only (chmod 600 ${file})`);
  }
  try {
    return RecordsSchema.parse(JSON.parse(await readFile(file, 'utf8'))).files;
  } catch (error) {
    throw invalid(file, `is not a record file (${(error as Error).message})`);
  }
}

/** Records what was written to `hostFile`. */
export async function writeClientRecord(
  file: string,
  hostFile: string,
  record: ClientRecord,
): Promise<void> {
  const files = { ...(await readClientRecords(file)), [hostFile]: record };
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify({ version: 1, files }, null, 2)}\n`, 'utf8');
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

/** Compares every recorded host file with the hash of what Gatehouse wrote. */
export async function checkClientConfigs(file: string): Promise<ClientConfigStatus[]> {
  const records = await readClientRecords(file);
  const out: ClientConfigStatus[] = [];
  for (const [hostFile, record] of Object.entries(records)) {
    let current: string | undefined;
    try {
      current = sha256Of(await readFile(hostFile));
    } catch {
      current = undefined;
    }
    out.push({
      file: hostFile,
      client: record.client,
      status:
        current === undefined ? 'missing' : current === record.sha256 ? 'unchanged' : 'changed',
      recorded: record.sha256,
      ...(current !== undefined ? { current } : {}),
    });
  }
  return out;
}

function invalid(file: string, problem: string): GatehouseError {
  return new GatehouseError(ErrorCode.ConfigInvalid, `client config records ${file} ${problem}`, {
    data: { file },
  });
}
