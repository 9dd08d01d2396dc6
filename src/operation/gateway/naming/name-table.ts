/**
 * @module operation/gateway/naming/name-table
 * The table from public names to (server, kind, item name) and back, for every tool and prompt
 * the gateway fronts. Decoding is a lookup in this table (exact and case-sensitive), never a
 * parse of the public name.
 */
import { z } from 'zod';

import { ErrorCode, GatehouseError } from '../../../shared/errors/index.js';
import { assignPublicNames, type Clash, type ItemKind, type NameRequest } from './clash.js';
import { compareCodePointPairs } from './code-point-order.js';
import { isNormalizedPrefix } from './prefix.js';
import { assertMaxLength, isValidPublicName } from './public-name.js';

/** The names one server offers. */
export interface ServerNames {
  /** The server's config key; unique. */
  readonly key: string;
  /** The server's normalised prefix (see `resolvePrefix`); `""` for none. */
  readonly prefix: string;
  /** Its tools and prompts. The same (kind, name) listed twice counts once. */
  readonly items: readonly { readonly kind: ItemKind; readonly name: string }[];
}

/** Options of {@link buildNameTable}. */
export interface NameTableOptions {
  /** Longest public name, 16..128 (`gateway.names.maxLength`, default 64). */
  readonly maxLength: number;
}

/** One item under its public name. */
export interface NameEntry {
  readonly serverKey: string;
  readonly kind: ItemKind;
  /** The item's own name on its server. */
  readonly name: string;
  /** The name the host sees. */
  readonly publicName: string;
}

/** Public names of every tool and prompt, both ways. */
export interface NameTable {
  readonly maxLength: number;
  /** The item behind a public name; exact, case-sensitive lookup. */
  resolve(kind: ItemKind, publicName: string): NameEntry | undefined;
  /** The public name of a server's item, or `undefined` if the table does not hold it. */
  publicNameOf(serverKey: string, kind: ItemKind, name: string): string | undefined;
  /** Every entry of a kind, sorted by (server key, item name), both by code points. */
  entries(kind: ItemKind): readonly NameEntry[];
  /** Every clash group of both kinds: tools first, then prompts. */
  readonly clashes: readonly Clash[];
}

const ServerNamesSchema = z.array(
  z.object({
    key: z.string(),
    prefix: z.string(),
    items: z.array(z.object({ kind: z.enum(['tool', 'prompt']), name: z.string() })),
  }),
);

const KINDS: readonly ItemKind[] = ['tool', 'prompt'];

function internal(message: string, data?: Record<string, unknown>): GatehouseError {
  return new GatehouseError(ErrorCode.Internal, message, data ? { data } : undefined);
}

/**
 * Builds the name table. Pure and deterministic: the result does not depend on the order of
 * servers or of items. Throws a `GatehouseError` (`INTERNAL`) for malformed input: duplicate
 * server keys, a prefix that is not normalised, `maxLength` outside 16..128.
 */
export function buildNameTable(
  servers: readonly ServerNames[],
  options: NameTableOptions,
): NameTable {
  const parsed = ServerNamesSchema.safeParse(servers);
  if (!parsed.success) {
    throw internal('invalid input to buildNameTable', { issues: parsed.error.issues });
  }
  const { maxLength } = options;
  assertMaxLength(maxLength);

  const seenKeys = new Set<string>();
  for (const server of parsed.data) {
    if (seenKeys.has(server.key))
      throw internal(`duplicate server key ${JSON.stringify(server.key)}`);
    seenKeys.add(server.key);
    if (!isNormalizedPrefix(server.prefix)) {
      throw internal(
        `prefix ${JSON.stringify(server.prefix)} of server ${JSON.stringify(server.key)} is not normalised`,
      );
    }
  }

  const byPublicName = new Map<ItemKind, Map<string, NameEntry>>();
  const byServer = new Map<ItemKind, Map<string, Map<string, NameEntry>>>();
  const sorted = new Map<ItemKind, readonly NameEntry[]>();
  const clashes: Clash[] = [];

  for (const kind of KINDS) {
    const requests: NameRequest[] = [];
    for (const server of parsed.data) {
      const names = new Set<string>();
      for (const item of server.items) {
        if (item.kind !== kind || names.has(item.name)) continue;
        names.add(item.name);
        requests.push({ serverKey: server.key, prefix: server.prefix, name: item.name });
      }
    }
    const assignment = assignPublicNames(
      kind,
      requests,
      maxLength,
      parsed.data.map((server) => server.prefix),
    );
    clashes.push(...assignment.clashes);

    const forward = new Map<string, NameEntry>();
    const backward = new Map<string, Map<string, NameEntry>>();
    const list: NameEntry[] = [];
    requests.forEach((request, i) => {
      const entry: NameEntry = Object.freeze({
        serverKey: request.serverKey,
        kind,
        name: request.name,
        publicName: assignment.names[i]!,
      });
      // Fail closed: a duplicate or malformed public name would route calls to the wrong server.
      if (forward.has(entry.publicName) || !isValidPublicName(entry.publicName, maxLength)) {
        throw internal(
          `public name ${JSON.stringify(entry.publicName)} is not unique or not valid`,
        );
      }
      forward.set(entry.publicName, entry);
      const names = backward.get(entry.serverKey) ?? new Map<string, NameEntry>();
      backward.set(entry.serverKey, names);
      names.set(entry.name, entry);
      list.push(entry);
    });
    list.sort((a, b) => compareCodePointPairs([a.serverKey, a.name], [b.serverKey, b.name]));
    byPublicName.set(kind, forward);
    byServer.set(kind, backward);
    sorted.set(kind, Object.freeze(list));
  }

  const frozenClashes = Object.freeze(clashes);
  return {
    maxLength,
    resolve: (kind, name) => byPublicName.get(kind)?.get(name),
    publicNameOf: (serverKey, kind, name) =>
      byServer.get(kind)?.get(serverKey)?.get(name)?.publicName,
    entries: (kind) => sorted.get(kind) ?? [],
    clashes: frozenClashes,
  };
}
