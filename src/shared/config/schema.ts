/**
 * @module shared/config/schema
 * The canonical Gatehouse configuration (`gatehouse.yaml`), as zod schemas. Every other accepted
 * format (Claude Desktop / Cursor / Claude Code `mcpServers`, VS Code `servers` + `inputs`) is
 * translated into this shape before validation, so there is one set of rules and one set of
 * error messages. Types are inferred from the schemas; JSON Schema can be generated from them.
 */
import { z } from 'zod';

import { parseNetworkGrant } from '../network/index.js';

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
  /**
   * Pin this server's definitions and quarantine later changes (default `true`). `false` trusts
   * whatever it offers, every time: only for servers you control.
   */
  pins: z.boolean().optional(),
  /** What a definition-scan verdict does for this server (default: high withholds, medium warns). */
  scan: z
    .strictObject({
      high: z.enum(['withhold', 'warn']).default('withhold'),
      medium: z.enum(['withhold', 'warn']).default('warn'),
    })
    .optional(),
};

/** Resource limits of one sandboxed server (docs/sandbox.md). */
export const SandboxLimitsSchema = z.strictObject({
  /** Memory of the whole process tree, in MiB (memory cgroup as root; RLIMIT_DATA otherwise). */
  memoryMb: z.number().int().min(32).max(1_048_576).default(1024),
  /** Processes and threads of the whole tree (pids cgroup as root; RLIMIT_NPROC otherwise). */
  processes: z.number().int().min(8).max(65_536).default(256),
  /** CPU time of each process, in seconds (RLIMIT_CPU). */
  cpuSeconds: z.number().int().min(1).max(31_536_000).default(86_400),
  /** Open files per process (RLIMIT_NOFILE). */
  openFiles: z.number().int().min(64).max(1_048_576).default(1024),
  /** Largest file a process may write, in MiB (RLIMIT_FSIZE). */
  fileSizeMb: z.number().int().min(1).max(1_048_576).default(1024),
  /** Size of the private `/tmp` and of the private home, each, in MiB. */
  tmpMb: z.number().int().min(1).max(65_536).default(64),
});

export const DEFAULT_SANDBOX_LIMITS = SandboxLimitsSchema.parse({});

/**
 * One network grant, checked by the same parser the sandbox uses at start, so that a grant the
 * sandbox would refuse (a URL, a wildcard, an unbracketed IPv6 address, port 0) is refused when
 * the config is loaded, with the entry's path, not only when its server starts.
 */
const NetworkGrantSchema = z.string().superRefine((value, ctx) => {
  const parsed = parseNetworkGrant(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});

/**
 * What one stdio server may reach from inside its sandbox (docs/sandbox.md). Absent: the default
 * policy, nothing granted beyond the server's own files and the absolute paths in its arguments.
 */
export const SandboxGrantsSchema = z.strictObject({
  /** Host paths bound read-only (resolved with realpath at start; symlinked parents refused). */
  read: z.array(z.string().min(1)).default([]),
  /** Host paths bound read-write. */
  write: z.array(z.string().min(1)).default([]),
  /** Host environment variables passed through, besides `env` and the fixed allowlist. */
  env: z
    .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Must be an environment variable name.'))
    .default([]),
  /** `none`, `all`, or the `host:port` pairs the server may connect to. */
  network: z.union([z.enum(['none', 'all']), z.array(NetworkGrantSchema)]).default('none'),
  /** Allow granted names that resolve to loopback or private addresses (default: refused). */
  privateNetwork: z.boolean().default(false),
  /**
   * Grant the absolute paths that appear in `args` and exist (read-write), as a plain client
   * config expects for e.g. the filesystem server's folders. Default `true`.
   */
  argumentPaths: z.boolean().default(true),
  limits: SandboxLimitsSchema.default(DEFAULT_SANDBOX_LIMITS),
});

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
  /**
   * The sandbox (docs/sandbox.md): on by default with nothing granted; an object grants paths,
   * variables, network and limits; `false` runs the server unsandboxed with Gatehouse's own rights
   * (reported by `gatehouse check`).
   */
  sandbox: z.union([z.literal(false), SandboxGrantsSchema]).optional(),
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
  /** How often every server's lists are re-read to catch changes made without `list_changed`. */
  recheckSeconds: z.number().int().min(0).max(86_400).default(300),
  /**
   * Where run-time state lives (the SQLite store with the audit log, pins and approvals, and the
   * audit checkpoint key). Default: `GATEHOUSE_STATE_DIR`, else the per-user state folder.
   */
  stateDir: z.string().min(1).optional(),
  /**
   * Where the packages of `npx` entries come from and where their versions and integrity hashes are
   * locked (docs/sandbox.md). `lockFile` defaults to `gatehouse.lock` beside the config file.
   */
  packages: z
    .strictObject({
      /** npm registry; default: `npm_config_registry` from the environment, else npmjs.org. */
      registry: z
        .url({ protocol: /^https?$/, error: 'Must be an http:// or https:// URL.' })
        .optional(),
      lockFile: z.string().min(1).optional(),
      /**
       * Where the package store and npm cache live. Default: `GATEHOUSE_PACKAGES_DIR`, else the
       * state folder, or `/var/lib/gatehouse` when Gatehouse runs as root (the sandbox's
       * unprivileged uid must be able to reach the store, and root's state folder sits in a
       * private home).
       */
      dir: z.string().min(1).optional(),
    })
    .default({}),
  /**
   * MCP registries `gatehouse install NAME` resolves names from, in order (docs/install.md): a URL,
   * or `{url, logPublicKey}` to pin the registry's transparency-log key (otherwise pinned on
   * first use).
   */
  registries: z
    .array(
      z.union([
        z.url({ protocol: /^https?$/, error: 'Must be an http:// or https:// URL.' }),
        z.strictObject({
          url: z.url({ protocol: /^https?$/, error: 'Must be an http:// or https:// URL.' }),
          logPublicKey: z
            .string()
            .regex(/^[A-Za-z0-9_-]{43}$/, 'Must be a 32-byte Ed25519 key in base64url.')
            .optional(),
        }),
      ]),
    )
    .default([]),
  /** The audit log (docs/audit.md): every request in a hash chain, with signed checkpoints. */
  audit: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Sign a checkpoint after this many records. */
      checkpointEvery: z.number().int().min(1).max(1_000_000).default(100),
      /** And at least this often while records arrive, in seconds. */
      checkpointSeconds: z.number().int().min(1).max(86_400).default(10),
      /**
       * What an answered call's record survives: `crash` (committed to the kernel before the
       * reply; flushed to disk within 50 ms) or `power` (the reply waits for the flush).
       */
      durability: z.enum(['crash', 'power']).default('crash'),
    })
    .default({ enabled: true, checkpointEvery: 100, checkpointSeconds: 10, durability: 'crash' }),
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

/**
 * Policy (docs/policy.md): who may call what, with which arguments, how often, and what needs the
 * user's confirmation. Absent: everything is allowed, as without a policy.
 */
const PolicyGlobSchema = z.string().min(1).max(1024);

/** `*`, `local` (the local user: stdio, or HTTP on loopback without keys), `key:<id>` or `<id>`. */
const PolicyIdentitySchema = z
  .string()
  .regex(
    /^(?:\*|local|(?:key:)?[A-Za-z0-9._-]{1,64})$/,
    'Must be "*", "local", or a key id (optionally written "key:<id>").',
  );

/** Absolute path prefixes an argument must lie under (lexically, after normalisation). */
export const PolicyPathConstraintSchema = z.strictObject({
  /** Argument name, or a JSON pointer (`/options/path`) into the arguments. */
  arg: z.string().min(1),
  under: z.array(z.string().min(1)).min(1),
  style: z.enum(['posix', 'win32']).default('posix'),
  /** Also accept `file:` URIs (decoded, then checked like a path). */
  fileUris: z.boolean().default(false),
  /** A missing argument passes (default: a missing argument fails). */
  optional: z.boolean().default(false),
});

/** Hosts (and schemes) an argument's URL must have. */
export const PolicyUrlConstraintSchema = z.strictObject({
  arg: z.string().min(1),
  /** `example.com`, `*.example.com` (subdomains only), `host:port`, `host:*`, IP literals. */
  hosts: z.array(z.string().min(1)).min(1),
  schemes: z
    .array(z.string().regex(/^[a-z][a-z0-9+.-]*$/, 'Must be a lowercase URL scheme, e.g. https.'))
    .min(1)
    .default(['https', 'http']),
  optional: z.boolean().default(false),
});

const policyRuleMatch = {
  /** A name for the rule in decisions and logs; default `rules[<index>]`. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'Must be 1-64 characters of A-Z a-z 0-9 . _ -.')
    .optional(),
  identities: z.union([PolicyIdentitySchema, z.array(PolicyIdentitySchema).min(1)]),
  /** Glob over server keys. */
  server: PolicyGlobSchema.default('*'),
  kind: z.enum(['tool', 'prompt', 'resource', '*']).default('*'),
  /** Glob over the item's own name (tool or prompt name, resource URI). */
  item: PolicyGlobSchema.default('*'),
};

export const PolicyAllowRuleSchema = z.strictObject({
  effect: z.literal('allow'),
  ...policyRuleMatch,
  paths: z.union([PolicyPathConstraintSchema, z.array(PolicyPathConstraintSchema)]).optional(),
  urls: z.union([PolicyUrlConstraintSchema, z.array(PolicyUrlConstraintSchema)]).optional(),
  /** Token bucket per identity for this rule: `calls` per `perSeconds`, bursts up to `calls`. */
  rateLimit: z
    .strictObject({
      calls: z.number().int().min(1).max(1_000_000),
      perSeconds: z.number().positive().max(86_400),
    })
    .optional(),
  /** `true`: always ask the user; `false`: never, even for destructive tools; absent: per `destructive`. */
  confirm: z.boolean().optional(),
});

/** Deny rules take no argument constraints: a deny that matches on arguments fails open. */
export const PolicyDenyRuleSchema = z.strictObject({
  effect: z.literal('deny'),
  ...policyRuleMatch,
});

export const PolicyRuleSchema = z.discriminatedUnion('effect', [
  PolicyAllowRuleSchema,
  PolicyDenyRuleSchema,
]);

export const PolicySchema = z
  .strictObject({
    /** The effect when no rule matches. */
    default: z.enum(['deny', 'allow']).default('deny'),
    /** Which tools need confirmation without a rule saying so. */
    destructive: z.enum(['annotated', 'unless-read-only', 'off']).default('annotated'),
    /** How long a confirmation given by the user stays usable, in seconds. */
    confirmationTtlSeconds: z.number().int().min(5).max(3_600).default(120),
    rules: z.array(PolicyRuleSchema).default([]),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.rules.forEach((rule, index) => {
      if (rule.id === undefined) return;
      if (seen.has(rule.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', index, 'id'],
          message: `Rule id "${rule.id}" is used twice.`,
        });
      }
      seen.add(rule.id);
    });
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
  policy: PolicySchema.optional(),
});

export type StdioServerConfig = z.infer<typeof StdioServerSchema>;
export type HttpServerConfig = z.infer<typeof HttpServerSchema>;
export type ServerConfig = z.infer<typeof ServerSchema>;
export type GatewayConfig = z.infer<typeof GatewaySchema>;
export type GatehouseConfig = z.infer<typeof GatehouseConfigSchema>;
export type ApiKey = z.infer<typeof ApiKeySchema>;
export type SandboxGrants = z.infer<typeof SandboxGrantsSchema>;
export type SandboxLimits = z.infer<typeof SandboxLimitsSchema>;
export type PolicyConfig = z.infer<typeof PolicySchema>;
export type PolicyRuleConfig = z.infer<typeof PolicyRuleSchema>;
export type PolicyPathConstraintConfig = z.infer<typeof PolicyPathConstraintSchema>;
export type PolicyUrlConstraintConfig = z.infer<typeof PolicyUrlConstraintSchema>;
