/**
 * @module scripts/conformance/client-suite
 * Runs one client-mode scenario with the Gatehouse driver as the client under test. Client
 * scenarios are judged by the suite's exit code (its closing line does not follow the
 * `Total: N passed, M failed` form); their checks are counted for the report.
 */
import { join } from 'node:path';

import { runCommand } from './child-processes.js';
import { PATHS } from './paths.js';
import type { Totals } from './suite-results.js';
import { readSuiteResults, totals } from './suite-results.js';
import type { ClientScenario } from './suites.js';

const SCENARIO_TIMEOUT_MS = 60_000;

export type ClientLeg = 'direct' | 'gatehouse';

export interface ClientScenarioOutcome {
  scenario: string;
  /** The suite's exit code was 0. */
  passed: boolean;
  /** FAILURE checks in the scenario's checks.json (0 with `passed` false: only the client failed). */
  failedChecks: number;
  /** Checks counted from the scenario's checks.json, when it wrote one. */
  totals?: Totals;
  /** Failing or warning checks and output tails, printed when the scenario fails. */
  notes: string[];
}

/**
 * Runs `client` with the driver going through Gatehouse, or (`direct`) with the driver's SDK
 * client talking to the scenario server itself.
 */
export async function runClientScenario(
  client: ClientScenario,
  leg: ClientLeg,
  outRoot: string,
): Promise<ClientScenarioOutcome> {
  const scenario = client.name;
  const outDir = join(outRoot, leg, `${client.suite.version}-${scenario.replaceAll('/', '_')}`);
  // The suite splits --command on spaces and runs it through a shell; paths are checked for
  // whitespace by the runner's preflight.
  const command = `${process.execPath} ${PATHS.clientDriver}${leg === 'direct' ? ' --direct' : ''}`;
  const run = await runCommand(
    process.execPath,
    [
      '--import',
      PATHS.globsyncLoader,
      client.suite.cli,
      'client',
      '--command',
      command,
      '--scenario',
      scenario,
      // The suite hands the version to the client as MCP_CONFORMANCE_PROTOCOL_VERSION.
      ...(client.specVersion === undefined ? [] : ['--spec-version', client.specVersion]),
      '--timeout',
      String(SCENARIO_TIMEOUT_MS),
      '-o',
      outDir,
    ],
    { timeoutMs: SCENARIO_TIMEOUT_MS + 30_000, env: { ...process.env, NO_COLOR: '1' } },
  );
  const passed = run.exitCode === 0 && !run.timedOut;
  const notes: string[] = [];
  const read = await readSuiteResults(outDir);
  const counted = read.ok && read.scenarios.length > 0 ? totals(read.scenarios) : undefined;
  if (!passed) {
    if (run.timedOut) notes.push('the suite did not finish in time');
    if (read.ok) {
      for (const { checks } of read.scenarios) {
        for (const check of checks) {
          if (check.status === 'FAILURE' || check.status === 'WARNING') {
            notes.push(
              `${check.status} ${check.id}: ${check.errorMessage ?? JSON.stringify(check.details)}`,
            );
          }
        }
      }
    }
    const tail = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-15);
    notes.push(...tail.map((line) => `| ${line}`));
    notes.push(`(driver stdout/stderr: ${outDir}/*/stdout.txt, stderr.txt)`);
  }
  return {
    scenario,
    passed,
    failedChecks: counted?.failed ?? 0,
    notes,
    ...(counted !== undefined && { totals: counted }),
  };
}
