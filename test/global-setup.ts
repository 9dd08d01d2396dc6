/**
 * Vitest global setup: makes sure the compiled CLI and fixtures exist, since end-to-end tests
 * spawn them as real processes.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function setup(): void {
  const cli = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
  if (!existsSync(cli)) {
    throw new Error(`${cli} is missing: run "npm run build" before the tests`);
  }
}
