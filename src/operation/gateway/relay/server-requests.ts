/**
 * @module operation/gateway/relay/server-requests
 * Prepares an upstream's server-to-client request (sampling, elicitation) for the downstream host.
 *
 * A server behind an empty prefix is served transparently (as if the host were connected to it
 * directly): its requests are not labelled, but the context downgrade still applies.
 *
 * Threats:
 * - Impersonation: the host sees one server (the gateway), so a request must say which upstream
 *   asks. Elicitation messages are prefixed with the server key, and every relayed request carries
 *   `_meta["dev.gatehouse/server"]`.
 * - Context leakage across servers: `includeContext: "allServers"` would hand one server the
 *   conversation with every other server; `"thisServer"` would do the same through a gateway,
 *   since to the host "this server" is the whole gateway. Both are downgraded to `"none"`.
 */

export const SERVER_LABEL_META_KEY = 'dev.gatehouse/server';

type Json = Record<string, unknown>;

function withLabel(params: Json, serverKey: string): Json {
  const meta =
    typeof params._meta === 'object' && params._meta !== null ? (params._meta as Json) : {};
  return { ...params, _meta: { ...meta, [SERVER_LABEL_META_KEY]: serverKey } };
}

/** `sampling/createMessage` params as the host should see them. */
export function prepareSampling(
  params: Json,
  serverKey: string,
  label = true,
): { params: Json; downgraded?: string } {
  const out = label ? withLabel(params, serverKey) : { ...params };
  const context = params.includeContext;
  if (context === 'allServers' || context === 'thisServer') {
    out.includeContext = 'none';
    return { params: out, downgraded: context };
  }
  return { params: out };
}

/** `elicitation/create` params as the host should see them. */
export function prepareElicitation(params: Json, serverKey: string, label = true): Json {
  if (!label) return params;
  const out = withLabel(params, serverKey);
  if (typeof params.message === 'string') out.message = `[${serverKey}] ${params.message}`;
  return out;
}
