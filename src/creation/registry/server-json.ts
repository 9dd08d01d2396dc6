/**
 * @module creation/registry/server-json
 * The `server.json` a publisher sends, as the official MCP registry defines it (ServerDetail in
 * its OpenAPI spec, schema 2025-12-11): name, description, version, and how to run the server
 * (`packages`) or reach it (`remotes`). Objects are loose on purpose: fields added by later
 * schema versions pass through untouched, and the publisher's signature covers the whole object,
 * so whatever is served is exactly what was signed.
 */
import { z } from 'zod';

import { SERVER_NAME_PATTERN } from './server-name.js';

/** The schema URL the publisher CLI writes into `$schema`. */
export const SERVER_JSON_SCHEMA_URL =
  'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

const TransportSchema = z.looseObject({
  type: z.enum(['stdio', 'streamable-http', 'sse']),
  url: z.string().min(1).optional(),
});

/** One way to install and run the server (`packages[]`). */
export const PackageSchema = z.looseObject({
  registryType: z.string().min(1).max(64),
  registryBaseUrl: z.url().optional(),
  identifier: z.string().min(1).max(1024),
  version: z
    .string()
    .min(1)
    .max(255)
    .refine((v) => v !== 'latest', 'must be a specific version, not "latest"')
    .optional(),
  fileSha256: z
    .string()
    .regex(/^[a-f0-9]{64}$/)
    .optional(),
  runtimeHint: z.string().optional(),
  transport: TransportSchema,
  runtimeArguments: z.array(z.looseObject({})).optional(),
  packageArguments: z.array(z.looseObject({})).optional(),
  environmentVariables: z.array(z.looseObject({ name: z.string().min(1) })).optional(),
});

/** `server.json`: the metadata of one version of one server. */
export const ServerJsonSchema = z.looseObject({
  $schema: z.url().optional(),
  name: z.string().min(3).max(200).regex(SERVER_NAME_PATTERN, 'must be namespace/server'),
  description: z.string().min(1).max(100),
  title: z.string().min(1).max(100).optional(),
  version: z
    .string()
    .min(1)
    .max(255)
    .refine((v) => v !== 'latest', 'must be a specific version, not "latest"'),
  repository: z
    .looseObject({
      url: z.string().min(1),
      source: z.string().min(1),
      id: z.string().optional(),
      subfolder: z.string().optional(),
    })
    .optional(),
  websiteUrl: z.url().optional(),
  icons: z.array(z.looseObject({ src: z.string().min(1).max(255) })).optional(),
  packages: z.array(PackageSchema).optional(),
  remotes: z.array(TransportSchema).optional(),
  _meta: z.record(z.string(), z.unknown()).optional(),
});

export type ServerJson = z.infer<typeof ServerJsonSchema>;
export type ServerPackage = z.infer<typeof PackageSchema>;

/** The JSON Schema of `server.json` as this registry validates it (served by the read API). */
export function serverJsonJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ServerJsonSchema, { io: 'input', unrepresentable: 'any' });
}
