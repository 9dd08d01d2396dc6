/**
 * @module operation/gateway/relay/server-request-relay
 * Delivers an upstream's server-to-client request (sampling, elicitation, roots) to the one
 * caller it belongs to: pushed on a session-era host's session (on the stream of the call that
 * caused it when there is one), or queued for an `input_required` round on a 2026-era call.
 * Requests the caller never said it can answer, or that cannot be attributed, fail closed with an
 * error back to the server.
 */
import type { ServerContext } from '@modelcontextprotocol/server';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';

import type { Logger } from '../../../shared/logging/index.js';
import type { GatewaySession } from '../downstream/gateway-session.js';
import type { RawResult, UpstreamServerRequestMethod } from '../upstream/index.js';
import { RAW_RESULT_SCHEMA } from '../upstream/index.js';
import type { CallRegistry } from './call-registry.js';
import type { CallContext } from './call-relay.js';
import { prepareElicitation, prepareSampling } from './server-requests.js';

type Json = Record<string, unknown>;

/** How long a pushed sampling or elicitation request may wait for the host (a human). */
export const HUMAN_REQUEST_TIMEOUT_MS = 15 * 60_000;

export interface ServerRequestRelayOptions {
  readonly calls: CallRegistry<GatewaySession, CallContext>;
  readonly sessions: () => GatewaySession[];
  readonly filterRoots: (upstreamKey: string, result: Json) => Json;
  /** Whether requests of this server are labelled (not behind an empty prefix). */
  readonly labelled: (upstreamKey: string) => boolean;
  readonly logger: Logger;
}

/** Labels a request for the host (both push and `input_required` paths). */
export function prepareForHost(
  upstreamKey: string,
  method: string,
  params: Json,
  options: { label: boolean; logger?: Logger },
): Json {
  const { label, logger } = options;
  if (method === 'sampling/createMessage') {
    const prepared = prepareSampling(params, upstreamKey, label);
    if (prepared.downgraded) {
      logger?.info(
        { server: upstreamKey, from: prepared.downgraded },
        'includeContext downgraded to "none"',
      );
    }
    return prepared.params;
  }
  if (method === 'elicitation/create') return prepareElicitation(params, upstreamKey, label);
  return params;
}

/** Relays one server-to-client request from `upstreamKey`; resolves with the host's answer. */
export async function relayServerRequest(
  options: ServerRequestRelayOptions,
  upstreamKey: string,
  method: UpstreamServerRequestMethod,
  params: Json,
  signal: AbortSignal,
): Promise<RawResult> {
  const attribution = options.calls.attribute(upstreamKey, options.sessions());
  if (!attribution.ok) {
    // With no host connected yet (servers often ask for roots right after starting) the refusal
    // is expected; with hosts connected it means an ambiguous caller.
    const level = options.sessions().length === 0 ? 'info' : 'warn';
    options.logger[level](
      { server: upstreamKey, method, reason: attribution.reason },
      'server request refused',
    );
    throw new ProtocolError(
      ProtocolErrorCode.InternalError,
      `Gatehouse cannot relay ${method}: ${attribution.reason}`,
    );
  }
  const { session, call } = attribution;
  const prepared = prepareForHost(upstreamKey, method, params, {
    label: options.labelled(upstreamKey),
    logger: options.logger,
  });
  const finish = (result: Json): RawResult =>
    method === 'roots/list' ? options.filterRoots(upstreamKey, result) : result;

  const input = call?.context.input;
  if (input) return finish(await input.ask(method, prepared));
  if (session.era === 'modern') {
    throw new ProtocolError(
      ProtocolErrorCode.InternalError,
      `Gatehouse cannot relay ${method}: the host speaks 2026-07-28 and has no call in flight to carry it`,
    );
  }
  if (method === 'roots/list' && !session.supports('roots')) return { roots: [] };
  if (method === 'sampling/createMessage' && !session.supports('sampling')) {
    throw new ProtocolError(
      ProtocolErrorCode.MethodNotFound,
      'The connected client does not support sampling',
    );
  }
  if (method === 'elicitation/create') {
    const mode = params.mode === 'url' ? 'url' : 'form';
    if (!session.supportsElicitationMode(mode)) {
      throw new ProtocolError(
        ProtocolErrorCode.MethodNotFound,
        `The connected client does not support ${mode} elicitation`,
      );
    }
  }
  const request = { method, ...(method === 'roots/list' ? {} : { params: prepared }) };
  const sendOptions = { signal, timeout: HUMAN_REQUEST_TIMEOUT_MS };
  const context: ServerContext | undefined = call?.context.ctx;
  const answer = context
    ? await context.mcpReq.send(request, RAW_RESULT_SCHEMA, sendOptions)
    : await session.server.request(request, RAW_RESULT_SCHEMA, sendOptions);
  return finish(answer);
}
