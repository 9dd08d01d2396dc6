/**
 * @module scripts/conformance/globsync-loader
 * `node --import <this file>` registers a resolve hook that gives the conformance suite's bundles
 * (both installed versions, and only them) `fs-glob-shim` wherever it imports `fs`. See fs-glob-shim for why.
 */
import { register } from 'node:module';

type Resolve = (
  specifier: string,
  context: { parentURL?: string },
) => Promise<{ url: string; shortCircuit?: boolean }>;

const SHIM = new URL('./fs-glob-shim.js', import.meta.url).href;

/**
 * The suite's two installs: 0.1.16 under its own name, the 0.2.0-alpha line under the npm alias
 * `conformance-next` (package.json). Nothing else gets the shim.
 */
const SUITE_FOLDERS = [
  '/node_modules/@modelcontextprotocol/conformance/',
  '/node_modules/conformance-next/',
];

/** Resolve hook (runs on the loader thread). */
export async function resolve(
  specifier: string,
  context: { parentURL?: string },
  nextResolve: Resolve,
): Promise<{ url: string; shortCircuit?: boolean }> {
  if (
    (specifier === 'fs' || specifier === 'node:fs') &&
    SUITE_FOLDERS.some((folder) => context.parentURL?.includes(folder) === true)
  ) {
    return { url: SHIM, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

// Registering from the main thread; the hooks thread imports this module again, where
// `register` must not run a second time.
if (!process.env.GATEHOUSE_GLOBSYNC_LOADER) {
  process.env.GATEHOUSE_GLOBSYNC_LOADER = '1';
  register(import.meta.url);
}
