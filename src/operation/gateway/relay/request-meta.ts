/**
 * @module operation/gateway/relay/request-meta
 * What of a host's request `_meta` crosses the gateway, and what of an upstream's result `_meta`
 * comes back. The per-request envelope of 2026-07-28 (protocol version, client info, client
 * capabilities, log level) describes one hop and is rebuilt for the next by the SDK; a progress
 * token is re-minted per upstream call; `requestState` and `inputResponses` belong to the hop
 * that issued them. Everything else, trace context (`traceparent`, `tracestate`, `baggage`)
 * included, is carried across unchanged, in both eras.
 */
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  LOG_LEVEL_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  SERVER_INFO_META_KEY,
} from '@modelcontextprotocol/server';

type Json = Record<string, unknown>;

const HOP_META_KEYS = [
  PROTOCOL_VERSION_META_KEY,
  CLIENT_INFO_META_KEY,
  CLIENT_CAPABILITIES_META_KEY,
  LOG_LEVEL_META_KEY,
  'progressToken',
];

/** Params of a host request made ready for the upstream hop. */
export interface ForwardedParams {
  readonly params: Json;
  /** The host's progress token, to restore on relayed progress; undefined when none. */
  readonly progressToken: unknown;
}

/**
 * Strips the host hop's envelope and multi-round-trip fields; adds the log level for a 2026-era
 * upstream (which has no `logging/setLevel` and takes the level per request).
 */
export function forwardParams(
  params: Json,
  options: {
    logLevel?: string | undefined;
    upstreamEra?: 'legacy' | 'modern' | undefined;
    /** What the host can answer; a 2026-era upstream asks only for that (see below). */
    clientCapabilities?: Json | undefined;
  },
): ForwardedParams {
  if (
    !('_meta' in params) &&
    !('inputResponses' in params) &&
    !('requestState' in params) &&
    options.upstreamEra !== 'modern'
  ) {
    // The common call (no `_meta`, a session-era upstream): nothing to strip or add, so no copy
    // is made (issue 7, per-call allocations). Callers hand over params of their own.
    return { params, progressToken: undefined };
  }
  const { inputResponses: _responses, requestState: _state, ...rest } = params;
  const meta = isObject(rest._meta) ? rest._meta : {};
  const progressToken = meta.progressToken;
  const kept: Json = {};
  for (const [key, value] of Object.entries(meta)) {
    if (!HOP_META_KEYS.includes(key)) kept[key] = value;
  }
  if (options.upstreamEra === 'modern' && options.logLevel !== undefined) {
    kept[LOG_LEVEL_META_KEY] = options.logLevel;
  }
  if (options.upstreamEra === 'modern' && options.clientCapabilities !== undefined) {
    // A 2026-era server reads the caller's capabilities per request: it is given the host's
    // (of what the gateway can relay), so it asks for input the host can give, as if direct.
    kept[CLIENT_CAPABILITIES_META_KEY] = relayableCapabilities(options.clientCapabilities);
  }
  const out: Json = { ...rest };
  if (Object.keys(kept).length > 0) out._meta = kept;
  else delete out._meta;
  return { params: out, progressToken };
}

/** The capabilities the gateway can relay to a host: sampling, elicitation and roots. */
export function relayableCapabilities(capabilities: Json): Json {
  const out: Json = {};
  for (const key of ['sampling', 'elicitation', 'roots']) {
    if (capabilities[key] !== undefined) out[key] = capabilities[key];
  }
  return out;
}

/** Removes the upstream hop's server identity from a result; the gateway states its own. */
export function stripResultEnvelope(result: Json): Json {
  if (!isObject(result._meta) || !(SERVER_INFO_META_KEY in result._meta)) return result;
  const { [SERVER_INFO_META_KEY]: _info, ...meta } = result._meta;
  const out: Json = { ...result };
  if (Object.keys(meta).length > 0) out._meta = meta;
  else delete out._meta;
  return out;
}

/** Where a 2026-era request's envelope keys are: lifted out by the SDK, or still in `_meta`. */
export interface RequestEnvelopeSource {
  readonly mcpReq: { readonly _meta?: unknown; readonly envelope?: unknown };
}

function envelopeValue(ctx: RequestEnvelopeSource, key: string): unknown {
  const lifted = ctx.mcpReq.envelope;
  if (isObject(lifted) && key in lifted) return lifted[key];
  const meta = ctx.mcpReq._meta;
  return isObject(meta) ? meta[key] : undefined;
}

/** The log level a 2026-era host asked for on this request (absent: no log messages). */
export function requestLogLevel(ctx: RequestEnvelopeSource): string | undefined {
  const level = envelopeValue(ctx, LOG_LEVEL_META_KEY);
  return typeof level === 'string' ? level : undefined;
}

/** The client capabilities a 2026-era host declared on this request. */
export function requestCapabilities(ctx: RequestEnvelopeSource): Json | undefined {
  const caps = envelopeValue(ctx, CLIENT_CAPABILITIES_META_KEY);
  return isObject(caps) ? caps : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
