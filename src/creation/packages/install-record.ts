/**
 * @module creation/packages/install-record
 * What `gatehouse install` records in `gatehouse.lock` besides the package tree: for each server
 * installed by name, where it came from and what was verified — the registry, the signed
 * release's identity and integrities, the signer's key, the transparency-log index and the tree
 * head the inclusion was checked against, the hash of the tool definitions the server listed
 * when started, and the sandbox grants written into the config. An install made with
 * `--allow-unsigned` says so here (`signed: false`), so nobody mistakes it for a verified one.
 *
 * Threat: a lock edited to make an unverified install look verified. The record documents what
 * was checked; it is validated like the rest of the lock, and the package tree it names is
 * checked before every start by the store's own integrity checks.
 */
import { z } from 'zod';

import { SignedTreeHeadSchema } from '../transparency/index.js';

const HEX64 = /^[0-9a-f]{64}$/;
const SHA512_INTEGRITY = /^sha512-[A-Za-z0-9+/]{86}==$/;

/** One server installed by name. */
export const InstallRecordSchema = z.strictObject({
  /** The server name as installed, e.g. `io.github.alice/weather`. */
  name: z.string().min(3).max(200),
  version: z.string().min(1).max(255),
  /** The config key the server runs under. */
  serverKey: z.string().min(1).max(64),
  /** The key of the package tree in `entries` (`<npm name>@<version>`). */
  spec: z.string().min(1),
  /** The MCP registry it was resolved from; null when given without one. */
  registry: z.string().min(1).nullable(),
  /** False: installed with `--allow-unsigned` (local development only); nothing was verified. */
  signed: z.boolean(),
  package: z.strictObject({
    name: z.string().min(1),
    version: z.string().min(1),
    integrity: z.string().regex(SHA512_INTEGRITY),
  }),
  /** Signed releases only: the release and who signed it. */
  release: z
    .strictObject({
      /** Hex SHA-256 of the canonical signed closure; its entries are in `entries[spec]`. */
      closureHash: z.string().regex(HEX64),
      closureSize: z.number().int().min(0),
      definitionsHash: z.string().regex(HEX64),
      signer: z.strictObject({
        keyId: z.string().regex(HEX64),
        publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
        namespace: z.string().min(1),
        seq: z.number().int().min(1),
      }),
      log: z.strictObject({
        logId: z.string().regex(HEX64),
        index: z.number().int().min(0),
        treeHead: SignedTreeHeadSchema,
      }),
    })
    .optional(),
  /** `verified`: every package's npm registry signature checked; `none-published`: no keys. */
  npmSignatures: z.enum(['verified', 'none-published']),
  /** Hex hash of the tool definitions the server listed at install (`definitionsHashOf`). */
  definitionsHash: z.string().regex(HEX64),
  /** The `sandbox` value written into the config entry (`default`: none, the default policy). */
  grants: z.union([z.literal('default'), z.record(z.string(), z.unknown())]),
  installedAt: z.iso.datetime(),
});

export type InstallRecord = z.infer<typeof InstallRecordSchema>;
