/**
 * @module operation/sandbox/network/constants
 * Fixed paths and limits the launcher shares with the in-sandbox forwarder.
 */
import { fileURLToPath } from 'node:url';

/** Where the broker's socket folder is bound (read-only) inside every sandbox. */
export const SANDBOX_EGRESS_DIR = '/run/gatehouse/egress';

/**
 * The compiled forwarder program (bound read-only at the same path inside the sandbox). From
 * `dist/` it is this folder's `forwarder-main.js`; when this module runs from its TypeScript
 * source (tests), the built copy under `dist/` is used, since the sandbox runs plain `node`.
 */
export const FORWARDER_SCRIPT_PATH = fileURLToPath(
  import.meta.url.endsWith('.ts')
    ? new URL('../../../../dist/src/operation/sandbox/network/forwarder-main.js', import.meta.url)
    : new URL('./forwarder-main.js', import.meta.url),
);

/** At most this many `host:port` grants per server (each is a listener and a socket). */
export const MAX_NETWORK_GRANTS = 256;

/** Default cap on concurrent egress connections of one server. */
export const DEFAULT_MAX_CONNECTIONS = 64;

/** Default TCP connect timeout of the broker, per attempted address. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Default bound on one name lookup by the broker. */
export const DEFAULT_LOOKUP_TIMEOUT_MS = 5_000;

/** Exit code of the forwarder when it cannot set up its listeners or parse its plan. */
export const FORWARDER_SETUP_EXIT_CODE = 125;

/** Exit code of the forwarder when the server command cannot be started. */
export const FORWARDER_SPAWN_EXIT_CODE = 127;
