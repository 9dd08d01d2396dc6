/** Absolute paths of built artifacts the tests spawn. */
import { fileURLToPath } from 'node:url';

const root = (relative: string): string =>
  fileURLToPath(new URL(`../../${relative}`, import.meta.url));

export const REPO_ROOT = root('.');
export const CLI = root('dist/src/cli/main.js');
export const SCRIPTED_SERVER = root('dist/fixtures/servers/scripted-server.js');
export const EVERYTHING_SERVER = root(
  'node_modules/@modelcontextprotocol/server-everything/dist/index.js',
);
export const FILESYSTEM_SERVER = root(
  'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js',
);
export const NULL_RELAY = root('dist/scripts/bench/null-relay.js');
