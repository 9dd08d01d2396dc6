/**
 * @module scripts/conformance/paths
 * Absolute paths the conformance runner and driver need, resolved from the compiled file's own
 * location (`dist/scripts/conformance/*.js`), so they work from any working directory.
 */
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The repository root: `dist/scripts/conformance/` is three levels below it. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const PATHS = {
  repoRoot: REPO_ROOT,
  /**
   * The suite's bundle imports `fs.globSync` at top level, which Node 20 lacks; it runs on this
   * Node with a loader hook that supplies it (see fs-glob-shim).
   */
  globsyncLoader: `${here}globsync-loader.js`,
  suiteCli: `${REPO_ROOT}node_modules/@modelcontextprotocol/conformance/dist/index.js`,
  /** The 0.2.0-alpha line, installed under the npm alias `conformance-next` (package.json). */
  suiteNextCli: `${REPO_ROOT}node_modules/conformance-next/dist/index.js`,
  /** Its frozen per-revision requirement sets (`<revision>.yaml`: scored and not scored). */
  suiteNextRequirements: `${REPO_ROOT}node_modules/conformance-next/requirements/`,
  /** What the fixture is known to fail directly, and why (read by the runner, not the suite). */
  expectedFailures: `${REPO_ROOT}fixtures/conformance/expected-failures.yaml`,
  fixture: `${REPO_ROOT}dist/fixtures/conformance/server.js`,
  gatewayCli: `${REPO_ROOT}dist/src/cli/main.js`,
  clientDriver: `${here}client-driver.js`,
  runner: `${here}run.js`,
} as const;
