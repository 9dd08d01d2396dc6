/**
 * @module creation/registry/publisher/registry-client
 * The publisher's side of the registry API: reads a namespace's state, signs each message
 * against it (`seq`, `previous`), sends it, and checks the answer. Every answer is parsed with
 * zod, and a write's inclusion proof is checked against the signed tree head with the log's key
 * for the exact bytes this client signed (threat: a registry that claims to have logged a
 * message it did not log, or logged another one). A refusal comes back as a `GatehouseError`
 * carrying the registry's own code and message.
 */
import { z } from 'zod';

import { ErrorCode, GatehouseError } from '../../../shared/errors/index.js';
import type { SigningKeyPair } from '../../signing/index.js';
import {
  InclusionProofSchema,
  SignedTreeHeadSchema,
  verifyInclusion,
} from '../../transparency/index.js';
import { entryLeaf } from '../entry-hash.js';
import { REGISTRY_ERROR_CODES } from '../registry-errors.js';
import type { Release } from '../release.js';
import type { ServerJson } from '../server-json.js';
import type { MessageKind, ReleaseStatus, SignedEnvelope } from '../signed-message.js';
import { MESSAGE_KINDS, signMessage } from '../signed-message.js';

const OwnerSchema = z.looseObject({
  keyId: z.string(),
  publicKey: z.string(),
  addedAt: z.string(),
  addedSeq: z.number().int(),
});

/** A namespace as the registry serves it. */
export const NamespaceViewSchema = z.looseObject({
  namespace: z.string(),
  proof: z.string(),
  claimedAt: z.string(),
  updatedAt: z.string(),
  seq: z.number().int().min(0),
  head: z.string().regex(/^[0-9a-f]{64}$/),
  owners: z.array(OwnerSchema),
});
export type NamespaceView = z.infer<typeof NamespaceViewSchema>;

/** The answer to an accepted write. */
export const WriteAnswerSchema = z.looseObject({
  logIndex: z.number().int().min(0),
  inclusionProof: InclusionProofSchema,
  treeHead: SignedTreeHeadSchema,
  event: z.looseObject({ seq: z.number().int(), hash: z.string() }),
  warnings: z.array(z.string()),
  namespace: NamespaceViewSchema.optional(),
  server: z.looseObject({}).optional(),
});
export type WriteAnswer = z.infer<typeof WriteAnswerSchema>;

const ProblemSchema = z.looseObject({
  code: z.string().optional(),
  detail: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

const LogKeySchema = z.looseObject({
  logId: z.string(),
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

/** Options of {@link RegistryClient}. */
export interface RegistryClientOptions {
  /** The log's public key (base64url), pinned; default: asked from the registry once. */
  readonly logPublicKey?: string;
  readonly timeoutMs?: number;
}

/** A client of one registry. */
export class RegistryClient {
  readonly baseUrl: string;
  private logKey: string | undefined;
  private readonly timeoutMs: number;

  constructor(baseUrl: string, options: RegistryClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.logKey = options.logPublicKey;
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  /** A namespace's state, or `undefined` when nobody claimed it. */
  async namespace(namespace: string): Promise<NamespaceView | undefined> {
    const answer = await this.request('GET', `/v0.1/namespaces/${encodeURIComponent(namespace)}`);
    if (answer.status === 404) return undefined;
    return this.parse(NamespaceViewSchema, answer, 'namespace');
  }

  /** Claims `namespace` for `key`. */
  claim(key: SigningKeyPair, namespace: string): Promise<WriteAnswer> {
    const envelope = signMessage(key, 'namespace-claim', {
      type: 'namespace-claim',
      namespace,
      seq: 0,
      previous: null,
      publicKey: key.publicKey,
    });
    return this.write('namespace-claim', '/v0.1/namespaces/claim', envelope);
  }

  /** Adds `publicKey` as an owner of `namespace`, signed by the owner `key`. */
  async addKey(key: SigningKeyPair, namespace: string, publicKey: string): Promise<WriteAnswer> {
    const link = await this.link(namespace);
    const envelope = signMessage(key, 'key-addition', {
      type: 'key-addition',
      ...link,
      publicKey,
    });
    return this.write('key-addition', '/v0.1/namespaces/keys/add', envelope);
  }

  /** Replaces (or, with `add` null, removes) the owner key `remove`, signed by the owner `key`. */
  async rotateKey(
    key: SigningKeyPair,
    namespace: string,
    remove: string,
    add: string | null,
  ): Promise<WriteAnswer> {
    const link = await this.link(namespace);
    const envelope = signMessage(key, 'key-rotation', {
      type: 'key-rotation',
      ...link,
      remove,
      add,
    });
    return this.write('key-rotation', '/v0.1/namespaces/keys/rotate', envelope);
  }

  /** Publishes a release with its `server.json`. */
  async publish(
    key: SigningKeyPair,
    namespace: string,
    server: ServerJson,
    release: Release,
  ): Promise<WriteAnswer> {
    const link = await this.link(namespace);
    const envelope = signMessage(key, 'release', { type: 'release', ...link, server, release });
    return this.write('release', '/v0.1/publish', envelope);
  }

  /** Changes a version's status. */
  async setStatus(
    key: SigningKeyPair,
    namespace: string,
    target: { name: string; version: string; status: ReleaseStatus; message: string | null },
  ): Promise<WriteAnswer> {
    const link = await this.link(namespace);
    const envelope = signMessage(key, 'release-status', {
      type: 'release-status',
      ...link,
      ...target,
    });
    const path = `/v0.1/servers/${encodeURIComponent(target.name)}/versions/${encodeURIComponent(target.version)}/status`;
    return this.write('release-status', path, envelope, 'PATCH');
  }

  /** Sends an envelope as it is (tests use it to replay and tamper). */
  async send(path: string, envelope: unknown, method = 'POST'): Promise<Response> {
    return this.fetch(method, path, envelope);
  }

  /** GETs a path and returns its JSON, refusing non-2xx answers. */
  async getJson(path: string): Promise<unknown> {
    const answer = await this.request('GET', path);
    if (answer.status >= 400) throw this.failure(answer);
    return answer.body;
  }

  private async link(namespace: string): Promise<{
    namespace: string;
    seq: number;
    previous: string;
  }> {
    const state = await this.namespace(namespace);
    if (state === undefined) {
      throw new GatehouseError(
        ErrorCode.RegistryNotFound,
        `namespace ${namespace} is not claimed on ${this.baseUrl}; claim it first`,
      );
    }
    return { namespace, seq: state.seq, previous: state.head };
  }

  private async write<K extends MessageKind>(
    kind: K,
    path: string,
    envelope: SignedEnvelope,
    method = 'POST',
  ): Promise<WriteAnswer> {
    const answer = await this.request(method, path, envelope);
    const parsed = this.parse(WriteAnswerSchema, answer, `${kind} answer`);
    const leaf = entryLeaf({
      domain: MESSAGE_KINDS[kind].domain,
      payload: envelope.payload,
      publicKey: envelope.publicKey,
      signature: envelope.signature,
    });
    const logKey = await this.logPublicKey();
    const check = verifyInclusion(
      leaf,
      parsed.logIndex,
      parsed.inclusionProof,
      parsed.treeHead,
      logKey,
    );
    if (!check.ok) {
      throw new GatehouseError(
        ErrorCode.RegistryLogFailed,
        `the registry accepted the ${kind} but its answer does not prove it was logged: ${check.message}`,
      );
    }
    return parsed;
  }

  private async logPublicKey(): Promise<string> {
    if (this.logKey === undefined) {
      const answer = await this.request('GET', '/v0.1/log/key');
      this.logKey = this.parse(LogKeySchema, answer, 'log key').publicKey;
    }
    return this.logKey;
  }

  private parse<T extends z.ZodType>(
    schema: T,
    answer: { status: number; body: unknown },
    what: string,
  ): z.output<T> {
    if (answer.status >= 400) throw this.failure(answer);
    const parsed = schema.safeParse(answer.body);
    if (!parsed.success) {
      throw new GatehouseError(
        ErrorCode.UpstreamProtocol,
        `${this.baseUrl} answered a malformed ${what}: ${parsed.error.issues[0]?.message ?? ''}`,
      );
    }
    return parsed.data;
  }

  private failure(answer: { status: number; body: unknown }): GatehouseError {
    const problem = ProblemSchema.safeParse(answer.body);
    const code = problem.success ? problem.data.code : undefined;
    const detail = (problem.success ? problem.data.detail : undefined) ?? `HTTP ${answer.status}`;
    // Only codes a registry may answer with are taken over from the wire.
    const known =
      code !== undefined && REGISTRY_ERROR_CODES.has(code) ? (code as ErrorCode) : undefined;
    return new GatehouseError(known ?? ErrorCode.UpstreamProtocol, detail, {
      data: { status: answer.status, ...(problem.success ? (problem.data.data ?? {}) : {}) },
    });
  }

  private async request(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const response = await this.fetch(method, path, body);
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      json = undefined;
    }
    return { status: response.status, body: json };
  }

  private async fetch(method: string, path: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new GatehouseError(
        ErrorCode.RegistryUnavailable,
        `cannot reach the registry at ${this.baseUrl}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}
