/**
 * @module creation/registry/http/write-routes
 * Gatehouse's publish API (registry-specific, like the official registry's own publish API; see
 * docs/registry.md). Every write is a signed envelope `{payload, publicKey, signature}`; the
 * endpoint decides the message kind, so a signature of one kind never passes at another's door.
 *
 * - `GET  /namespaces/{namespace}`: owners, `seq` and `head` (what the next message must name);
 * - `GET  /namespaces/{namespace}/events`: every accepted signed message with its log index;
 * - `POST /namespaces/claim`, `POST /namespaces/keys/add`, `POST /namespaces/keys/rotate`;
 * - `POST /publish`: a release with its `server.json`;
 * - `PATCH` (or `POST`) `/servers/{name}/versions/{version}/status`: deprecate, yank, re-activate.
 *
 * Answers carry the log index, the inclusion proof and the signed tree head it refers to.
 */
import type { Context, Hono } from 'hono';

import type { RegistryService, WriteResult } from '../registry-service.js';
import type { SignedEnvelope } from '../signed-message.js';
import { SignedEnvelopeSchema } from '../signed-message.js';
import type { NamespaceState } from '../store/registry-store.js';
import { jsonBody, parseOrRefuse } from './http-problem.js';
import { eventView, serverResponseOf } from './server-response.js';

/** A namespace as served. */
export function namespaceView(state: NamespaceState): Record<string, unknown> {
  return {
    namespace: state.namespace,
    proof: state.proof,
    claimedAt: state.claimedAt,
    updatedAt: state.updatedAt,
    seq: state.seq,
    head: state.head,
    owners: state.owners.map((owner) => ({
      keyId: owner.keyId,
      publicKey: owner.publicKey,
      addedAt: owner.addedAt,
      addedSeq: owner.addedSeq,
    })),
  };
}

function writeView(result: WriteResult): Record<string, unknown> {
  return {
    logIndex: result.event.logIndex,
    inclusionProof: result.inclusion,
    treeHead: result.treeHead,
    event: eventView(result.event),
    warnings: result.warnings,
  };
}

async function envelopeOf(c: Context): Promise<SignedEnvelope> {
  return parseOrRefuse(SignedEnvelopeSchema, await jsonBody(c), 'signed message');
}

/** Registers the publish API under `prefix`. */
export function registerWriteRoutes(app: Hono, prefix: string, service: RegistryService): void {
  app.get(`${prefix}/namespaces/:namespace`, async (c) =>
    c.json(namespaceView(await service.namespace(c.req.param('namespace')))),
  );
  app.get(`${prefix}/namespaces/:namespace/events`, async (c) => {
    const state = await service.namespace(c.req.param('namespace'));
    const events = await service.store.events(state.namespace);
    return c.json({ namespace: state.namespace, events: events.map(eventView) });
  });

  const namespaceWrite =
    (write: (envelope: SignedEnvelope) => Promise<WriteResult>) =>
    async (c: Context): Promise<Response> => {
      const result = await write(await envelopeOf(c));
      const state = await service.namespace(result.event.namespace);
      return c.json({ ...writeView(result), namespace: namespaceView(state) });
    };
  app.post(
    `${prefix}/namespaces/claim`,
    namespaceWrite((e) => service.claim(e)),
  );
  app.post(
    `${prefix}/namespaces/keys/add`,
    namespaceWrite((e) => service.addKey(e)),
  );
  app.post(
    `${prefix}/namespaces/keys/rotate`,
    namespaceWrite((e) => service.rotateKey(e)),
  );

  app.post(`${prefix}/publish`, async (c) => {
    const result = await service.publish(await envelopeOf(c));
    const payload = result.event.entry.payload as { server: { name: string; version: string } };
    const record = await service.store.version(payload.server.name, payload.server.version);
    return c.json({
      ...writeView(result),
      ...(record ? { server: serverResponseOf(record) } : {}),
    });
  });

  const status = async (c: Context): Promise<Response> => {
    const result = await service.setStatus(await envelopeOf(c));
    const payload = result.event.entry.payload as { name: string; version: string };
    const record = await service.store.version(payload.name, payload.version);
    return c.json({
      ...writeView(result),
      ...(record ? { server: serverResponseOf(record) } : {}),
    });
  };
  app.patch(`${prefix}/servers/:name/versions/:version/status`, status);
  app.post(`${prefix}/servers/:name/versions/:version/status`, status);
}
