/**
 * @module scripts/conformance/run
 * `npm run conformance`: judges Gatehouse with the official MCP conformance suite, two pinned
 * versions side by side (0.1.16 and 0.2.0-alpha.12, see `suites.ts`).
 *
 *   server, per selection   the server suite against the fixture's own Streamable HTTP (direct),
 *                           then against Gatehouse fronting the fixture over stdio (prefix ""),
 *                           compared check by check with the direct run
 *   client, per scenario    the client scenarios with the driver's SDK client on its own
 *                           (direct), then with Gatehouse as the client of the suite's scenario
 *                           server
 *
 * Everything runs inside a private network namespace (`unshare -n`, loopback only). Suite output
 * goes to a temporary directory, never into the repository. Progress goes to stderr; results and
 * the closing `conformance: N passed, M failed` line (N, M = gates) go to stdout. Exit 0 only if
 * every gate passes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { judgeClientScenarios } from './client-gates.js';
import { readExpectedFailures } from './expected-failures.js';
import { insideNetworkNamespace, reexecInNetworkNamespace } from './network-namespace.js';
import { PATHS } from './paths.js';
import type { Gate } from './server-gates.js';
import { judgeSelection } from './server-gates.js';
import { SERVER_SELECTIONS, SUITE_0_1_16, SUITE_NEXT } from './suites.js';

const progress = (message: string): void => console.error(`conformance: ${message}`);

function installedVersion(packageJson: string): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown };
    return typeof parsed.version === 'string' ? parsed.version : undefined;
  } catch {
    return undefined;
  }
}

function preflight(): string[] {
  const problems: string[] = [];
  for (const [what, path] of [
    ['Node 20 globSync loader (npm run build)', PATHS.globsyncLoader],
    ['conformance suite 0.1.16 (npm ci)', SUITE_0_1_16.cli],
    ['conformance suite 0.2.0-alpha.12, alias conformance-next (npm ci)', SUITE_NEXT.cli],
    ['fixture (npm run build)', PATHS.fixture],
    ['fixture expected failures', PATHS.expectedFailures],
    ['client driver (npm run build)', PATHS.clientDriver],
  ] as const) {
    if (!existsSync(path)) problems.push(`missing ${what}: ${path}`);
  }
  // The versions are pinned exactly: a result only means something against the suite it names.
  for (const suite of [SUITE_0_1_16, SUITE_NEXT]) {
    const installed = installedVersion(suite.packageJson);
    if (installed !== undefined && installed !== suite.version) {
      problems.push(`conformance suite ${suite.version} expected, ${installed} installed`);
    }
  }
  // The suite splits the client --command on spaces.
  for (const path of [process.execPath, PATHS.clientDriver]) {
    if (/\s/.test(path))
      problems.push(`path contains whitespace, which the suite cannot run: ${path}`);
  }
  return problems;
}

async function main(): Promise<number> {
  if (!insideNetworkNamespace()) {
    const result = await reexecInNetworkNamespace(PATHS.runner, process.argv.slice(2));
    if (!result.ok) {
      console.error(`conformance: ${result.message}`);
      return 2;
    }
    return result.exitCode;
  }

  const problems = preflight();
  const expected = await readExpectedFailures();
  if (!expected.ok) problems.push(expected.message);
  if (problems.length > 0 || !expected.ok) {
    for (const problem of problems) console.error(`conformance: ${problem}`);
    return 2;
  }
  const work = await mkdtemp(join(tmpdir(), 'gatehouse-conformance-'));
  progress(`suite output under ${work}`);
  const started = Date.now();

  const gates: Gate[] = [];
  for (const selection of SERVER_SELECTIONS) {
    gates.push(...(await judgeSelection(selection, work, expected.value)));
  }
  progress('client scenarios, direct and through gatehouse');
  gates.push(...(await judgeClientScenarios(work, expected.value)));

  console.log('');
  for (const gate of gates) {
    console.log(`${gate.passed ? '✓' : '✗'} ${gate.name}${gate.passed ? '' : ` (${gate.reason})`}`);
  }
  const passed = gates.filter((gate) => gate.passed).length;
  progress(`finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`suite output: ${work}`);
  console.log(`conformance: ${passed} passed, ${gates.length - passed} failed`);
  return passed === gates.length ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('conformance runner crashed:', error);
    process.exit(1);
  },
);
