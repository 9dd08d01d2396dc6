/**
 * @module shared/config/schema
 * The canonical Gatehouse configuration (`gatehouse.yaml`), as zod schemas. Every other accepted
 * format (Claude Desktop / Cursor / Claude Code `mcpServers`, VS Code `servers` + `inputs`) is
 * translated into this shape before validation, so there is one set of rules and one set of
 * error messages. Types are inferred from the schemas; JSON Schema can be generated from them.
 */
import { z } from 'zod';

/** Server keys become default name prefixes and appear in logs: keep them printable and short. */
export const SERVER_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,63}$/;

const stringMap = z.record(z.string(), z.string());

const commonServerFields = {
  /** Public-name prefix; defaults to the server's config key. `""` means no prefix. */
  prefix: z.string().max(64).optional(),
  /** Per-call timeout for requests relayed to this server, in milliseconds. */
  timeoutMs: z.number().int().positive().max(86_400_000).optional(),
  /**
   * Roots this server may see. Absent: every root the host offers. Present: only host roots inside
   * one of these paths (or file URIs) are shown to the server; `[]` shows none.
   */
  roots: z.array(z.string().min(1)).optional(),
  /** `false` keeps the entry in the file but does not start it. */
  enabled: z.boolean().optional(),
  /**
   * Which protocol era to speak to this server. `auto` (default) asks with `server/discover` and
   * uses 2026-07-28 when offered, falling back to the session-based revisions; `legacy` skips the
   * probe; `2026-07-28` requires it.
   */
  protocol: z.enum(['auto', 'legacy', '2026-07-28']).optional(),
};

export const StdioServerSchema = z.strictObject({
  transport: z.literal('stdio'),
  command: z.string().min(1, 'The command must not be empty.'),
  args: z.array(z.string()).default([]),
  env: stringMap.default({}),
  /**
   * A dotenv file whose variables are added to `env` (`env` wins on a clash). `loadConfig` has
   * already read it and merged it into `env`; the field stays, made absolute, for display.
   */
  envFile: z.string().min(1).optional(),
  /** Working directory of the server process; `loadConfig` makes it absolute. */
  cwd: z.string().min(1).optional(),
  /** Largest single line (one JSON-RPC message) accepted from the server's stdout, in bytes. */
  maxMessageBytes: z
    .number()
    .int()
    .min(1024)
    .max(512 * 1024 * 1024)
    .optional(),
  ...commonServerFields,
});

export const HttpServerSchema = z.strictObject({
  /** `http`: Streamable HTTP. `sse`: the legacy HTTP+SSE transport (2024-11-05). */
  transport: z.enum(['http', 'sse']),
  url: z.url({ protocol: /^https?$/, error: 'Must be an http:// or https:// URL.' }),
  headers: stringMap.default({}),
  ...commonServerFields,
});

export const ServerSchema = z.discriminatedUnion('transport', [
  StdioServerSchema,
  HttpServerSchema,
]);

/** A bearer key accepted on the HTTP endpoint; stored as a SHA-256 digest, never in clear. */
export const ApiKeySchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'Must be 1-64 characters of A-Z a-z 0-9 . _ -.'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'Must be 64 lowercase hexadecimal digits.'),
});

export const GatewaySchema = z.strictObject({
  /** Default `--listen` address, e.g. `127.0.0.1:8808`. */
  listen: z.string().optional(),
  /** Largest accepted HTTP request body, in bytes. */
  maxBodyBytes: z
    .number()
    .int()
    .min(1024)
    .max(256 * 1024 * 1024)
    .default(4 * 1024 * 1024),
  /** Default per-call timeout when a server sets none, in milliseconds. */
  requestTimeoutMs: z.number().int().positive().max(86_400_000).default(60_000),
  /** Extra Host header values accepted besides the listen address (reverse proxies). */
  allowedHosts: z.array(z.string().min(1)).default([]),
  /** Browser origins allowed to call the endpoint (exact `scheme://host[:port]`). */
  allowedOrigins: z.array(z.string().min(1)).default([]),
  /**
   * Secret (at least 32 characters) that seals the `requestState` handles Gatehouse gives 2026-07-28
   * hosts. Gateways behind one load balancer share it so a retry may reach any of them; absent, each
   * process uses a random key.
   */
  requestStateKey: z.string().min(32, 'requestStateKey must be at least 32 characters').optional(),
  /**
   * How long a 2026-07-28 host has to answer an `input_required` round before the call is given up
   * (the server's pending request fails, its call is cancelled), and how long the round's
   * `requestState` stays valid, in milliseconds. Absent: 15 minutes.
   */
  inputTimeoutMs: z.number().int().min(1_000).max(86_400_000).optional(),
  /**
   * Where run-time state lives (the SQLite store with the audit log, pins and approvals, and the
   * audit checkpoint key). Default: `GATEHOUSE_STATE_DIR`, else the per-user state folder.
   */
  stateDir: z.string().min(1).optional(),
  names: z
    .strictObject({
      /** Longest public tool/prompt name; 64 is what common model APIs accept, 128 the spec. */
      maxLength: z.number().int().min(16).max(128).default(64),
    })
    .default({ maxLength: 64 }),
  auth: z
    .strictObject({
      keys: z.array(ApiKeySchema).default([]),
    })
    .default({ keys: [] }),
});

export const GatehouseConfigSchema = z.strictObject({
  version: z.literal(1).default(1),
  gateway: GatewaySchema.default(GatewaySchema.parse({})),
  servers: z.record(
    z
      .string()
      .regex(
        SERVER_KEY_PATTERN,
        'Server keys must start with a letter or digit and hold at most 64 letters, digits, spaces, ".", "_" or "-".',
      ),
    ServerSchema,
  ),
});

export type StdioServerConfig = z.infer<typeof StdioServerSchema>;
export type HttpServerConfig = z.infer<typeof HttpServerSchema>;
export type ServerConfig = z.infer<typeof ServerSchema>;
export type GatewayConfig = z.infer<typeof GatewaySchema>;
export type GatehouseConfig = z.infer<typeof GatehouseConfigSchema>;
export type ApiKey = z.infer<typeof ApiKeySchema>;
