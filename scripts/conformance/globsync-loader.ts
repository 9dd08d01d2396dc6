/**
 * @module scripts/conformance/globsync-loader
 * `node --import <this file>` registers a resolve hook that gives the conformance suite's bundle
 * (and only it) `fs-glob-shim` wherever it imports `fs`. See fs-glob-shim for why.
 */
import { register } from 'node:module';

type Resolve = (
  specifier: string,
  context: { parentURL?: string },
) => Promise<{ url: string; shortCircuit?: boolean }>;

const SHIM = new URL('./fs-glob-shim.js', import.meta.url).href;

/** Resolve hook (runs on the loader thread). */
export async function resolve(
  specifier: string,
  context: { parentURL?: string },
  nextResolve: Resolve,
): Promise<{ url: string; shortCircuit?: boolean }> {
  if (
    (specifier === 'fs' || specifier === 'node:fs') &&
    context.parentURL?.includes('/@modelcontextprotocol/conformance/') === true
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
