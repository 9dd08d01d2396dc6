/**
 * Public surface of the gateway's downstream side: sessions and the stdio and HTTP fronts.
 */
export type { FrontKind } from './gateway-session.js';
export { GATEWAY_CAPABILITIES, GatewaySession } from './gateway-session.js';
export { checkBearer, hashKey } from './http/bearer-keys.js';
export { clientSnippet } from './http/client-snippet.js';
export type { HttpFrontOptions, RunningHttpFront } from './http/http-front.js';
export {
  assertBindAllowed,
  createHttpApp,
  MCP_PATH,
  MESSAGE_PATH,
  SSE_PATH,
  startHttpFront,
} from './http/http-front.js';
export type { ListenAddress } from './http/listen-address.js';
export { isLoopbackHost, parseListenAddress } from './http/listen-address.js';
export type { WorkerRoutes } from './http/worker-routing.js';
export { sessionMark } from './http/worker-routing.js';
export type { StdioFrontOptions } from './stdio/stdio-front.js';
export { runStdioFront } from './stdio/stdio-front.js';
