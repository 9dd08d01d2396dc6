/**
 * @module creation/registry/http/log-routes
 * The transparency log over HTTP, for installers and monitors:
 *
 * - `GET /log/tree-head`: a freshly signed tree head (`SignedTreeHead`);
 * - `GET /log/key`: the log's id and public key (pin it out of band; this is a convenience);
 * - `GET /log/inclusion?index&treeSize`: the audit path of one leaf;
 * - `GET /log/consistency?first&second`: the proof that a later tree extends an earlier one;
 * - `GET /log/entries?start&end`: leaves `[start, end)` (at most 1000), each as base64 bytes and
 *   as the signed entry it encodes.
 */
import type { Hono } from 'hono';
import { z } from 'zod';

import type { TransparencyLog } from '../../transparency/index.js';
import { parseOrRefuse } from './http-problem.js';

const size = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Registers the log routes under `prefix`. */
export function registerLogRoutes(app: Hono, prefix: string, log: TransparencyLog): void {
  app.get(`${prefix}/log/tree-head`, (c) => c.json(log.treeHead()));
  app.get(`${prefix}/log/key`, (c) => c.json({ logId: log.logId, publicKey: log.publicKey }));
  app.get(`${prefix}/log/inclusion`, (c) => {
    const q = parseOrRefuse(z.object({ index: size, treeSize: size }), c.req.query(), 'query');
    return c.json(log.inclusionProof(q.index, q.treeSize));
  });
  app.get(`${prefix}/log/consistency`, (c) => {
    const q = parseOrRefuse(z.object({ first: size, second: size }), c.req.query(), 'query');
    return c.json(log.consistencyProof(q.first, q.second));
  });
  app.get(`${prefix}/log/entries`, (c) => {
    const q = parseOrRefuse(z.object({ start: size, end: size }), c.req.query(), 'query');
    const entries = log.entries(q.start, q.end).map((entry) => ({
      index: entry.index,
      leafHash: entry.leafHash,
      leaf: entry.leaf.toString('base64'),
      entry: JSON.parse(entry.leaf.toString('utf8')) as unknown,
    }));
    return c.json({ entries });
  });
}
