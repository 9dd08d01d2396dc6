/**
 * @module creation/installer/registry-reader
 * What the installer reads from an MCP registry, every answer parsed with zod before use: a
 * server's versions (the official registry's `ServerResponse` list, with Gatehouse's signed
 * release block when the registry is a Gatehouse registry), a namespace's state and its signed
 * history, and the transparency log (key, tree head, inclusion and consistency proofs).
 *
 * Nothing read here is trusted for what it claims: the installer re-verifies signatures, the
 * namespace chain and the log proofs itself. This module only makes sure the shapes are right,
 * the bodies bounded and redirects refused (threat: a registry sending the installer elsewhere).
 */
import { z } from 'zod';

import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import { GATEHOUSE_META, NamespaceViewSchema, OFFICIAL_META } from '../registry/index.js';
import { ConsistencyProofSchema, InclusionProofSchema } from '../transparency/index.js';

/** Largest answer read, in bytes (a namespace history of a few thousand events fits). */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

const SignedEntrySchema = z.strictObject({
  domain: z.string(),
  payload: z.record(z.string(), z.unknown()),
  publicKey: z.string(),
  signature: z.string(),
});

/** One event of a namespace history as served (`GET /namespaces/{ns}/events`). */
export const ServedEventSchema = z.looseObject({
  namespace: z.string(),
  seq: z.number().int().min(0),
  kind: z.string(),
  hash: z.string(),
  logIndex: z.number().int().min(0),
  at: z.string(),
  entry: SignedEntrySchema,
});
export type ServedEvent = z.infer<typeof ServedEventSchema>;

const EventsSchema = z.looseObject({
  namespace: z.string(),
  events: z.array(ServedEventSchema).max(100_000),
});

const GatehouseBlockSchema = z.looseObject({
  status: z.string(),
  statusMessage: z.string().nullable().optional(),
  release: z.unknown(),
  signature: z.looseObject({
    domain: z.string(),
    namespace: z.string(),
    seq: z.number().int(),
    previous: z.string().nullable(),
    publicKey: z.string(),
    signature: z.string(),
    logIndex: z.number().int().min(0),
  }),
});
export type GatehouseBlock = z.infer<typeof GatehouseBlockSchema>;

const ServerResponseSchema = z.looseObject({
  server: z.looseObject({ name: z.string(), version: z.string() }),
  _meta: z.record(z.string(), z.unknown()).nullish(),
});

const ServerListSchema = z.looseObject({ servers: z.array(ServerResponseSchema) });

/** One version of a server as a registry lists it. */
export interface ServedVersion {
  readonly name: string;
  readonly version: string;
  /** The `server.json` as served. */
  readonly server: Record<string, unknown>;
  /** The official status (`active`, `deprecated`, `deleted`), if the registry gave one. */
  readonly officialStatus: string | undefined;
  /** Gatehouse's signed-release block, absent on registries that sign nothing. */
  readonly gatehouse: GatehouseBlock | undefined;
}

const LogKeySchema = z.looseObject({
  logId: z.string().regex(/^[0-9a-f]{64}$/),
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

/** A read-only client of one registry. */
export class RegistryReader {
  readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(baseUrl: string, options: { timeoutMs?: number } = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Every version of `name` (yanked ones included, marked), or `undefined` when unknown. */
  async versions(name: string): Promise<ServedVersion[] | undefined> {
    const body = await this.get(`/v0.1/servers/${encodeURIComponent(name)}/versions`, true);
    if (body === undefined) return undefined;
    const list = this.parse(ServerListSchema, body, `the versions of ${name}`);
    return list.servers.map((item) => {
      const meta = item._meta ?? {};
      const official = meta[OFFICIAL_META] as { status?: unknown } | undefined;
      const block = meta[GATEHOUSE_META];
      const parsedBlock = block === undefined ? undefined : GatehouseBlockSchema.safeParse(block);
      if (parsedBlock !== undefined && !parsedBlock.success) {
        throw this.malformed(`the signed-release block of ${name}@${item.server.version}`);
      }
      return {
        name: item.server.name,
        version: item.server.version,
        server: item.server,
        officialStatus: typeof official?.status === 'string' ? official.status : undefined,
        gatehouse: parsedBlock?.data,
      };
    });
  }

  /** A namespace's state (owners, `seq`, head), or `undefined` when nobody claimed it. */
  async namespace(namespace: string): Promise<z.infer<typeof NamespaceViewSchema> | undefined> {
    const body = await this.get(`/v0.1/namespaces/${encodeURIComponent(namespace)}`, true);
    return body === undefined
      ? undefined
      : this.parse(NamespaceViewSchema, body, `namespace ${namespace}`);
  }

  /** Every signed message of a namespace, oldest first. */
  async events(namespace: string): Promise<ServedEvent[]> {
    const body = await this.get(`/v0.1/namespaces/${encodeURIComponent(namespace)}/events`);
    return this.parse(EventsSchema, body, `the history of ${namespace}`).events;
  }

  /** The log's id and public key, or `undefined` when the registry keeps no log. */
  async logKey(): Promise<z.infer<typeof LogKeySchema> | undefined> {
    const body = await this.get('/v0.1/log/key', true);
    return body === undefined ? undefined : this.parse(LogKeySchema, body, 'the log key');
  }

  /** The current signed tree head, unparsed (the verifier checks it). */
  treeHead(): Promise<unknown> {
    return this.get('/v0.1/log/tree-head');
  }

  /** The audit path of leaf `index` in the tree of `treeSize` leaves. */
  async inclusion(index: number, treeSize: number): Promise<unknown> {
    const body = await this.get(`/v0.1/log/inclusion?index=${index}&treeSize=${treeSize}`);
    return this.parse(InclusionProofSchema, body, 'an inclusion proof');
  }

  /** The proof that the tree of `second` leaves extends the tree of `first`. */
  async consistency(first: number, second: number): Promise<unknown> {
    const body = await this.get(`/v0.1/log/consistency?first=${first}&second=${second}`);
    return this.parse(ConsistencyProofSchema, body, 'a consistency proof');
  }

  private parse<T extends z.ZodType>(schema: T, body: unknown, what: string): z.output<T> {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw this.malformed(what, parsed.error.issues[0]?.message);
    return parsed.data;
  }

  private malformed(what: string, detail?: string): GatehouseError {
    return new GatehouseError(
      ErrorCode.UpstreamProtocol,
      `${this.baseUrl} answered malformed ${what}${detail ? `: ${detail}` : ''}`,
    );
  }

  /** GETs JSON; a 404 is `undefined` when `missingOk`, every other error status throws. */
  private async get(path: string, missingOk = false): Promise<unknown> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new GatehouseError(
        ErrorCode.RegistryUnavailable,
        `cannot reach the registry at ${this.baseUrl}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (response.status === 404 && missingOk) {
      await response.body?.cancel();
      return undefined;
    }
    const text = await readBounded(response, url);
    if (!response.ok) {
      throw new GatehouseError(
        response.status === 404 ? ErrorCode.RegistryNotFound : ErrorCode.RegistryUnavailable,
        `${this.baseUrl} answered ${response.status} for ${path}: ${text.slice(0, 200)}`,
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new GatehouseError(ErrorCode.UpstreamProtocol, `${url} did not answer JSON`, {
        cause: error,
      });
    }
  }
}

async function readBounded(response: Response, url: string): Promise<string> {
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > MAX_BODY_BYTES) {
    await response.body?.cancel();
    throw new GatehouseError(ErrorCode.UpstreamProtocol, `${url}: answer larger than allowed`);
  }
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new GatehouseError(ErrorCode.UpstreamProtocol, `${url}: answer larger than allowed`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
