/**
 * @module scripts/conformance/client-suite
 * Runs one client-mode scenario with the Gatehouse driver as the client under test. Client
 * scenarios are judged by the suite's exit code (its closing line does not follow the
 * `Total: N passed, M failed` form).
 */
import { join } from 'node:path';

import { runCommand } from './child-processes.js';
import { PATHS } from './paths.js';
import { readSuiteResults } from './suite-results.js';

export const CLIENT_SCENARIOS = [
  'initialize',
  'tools_call',
  'elicitation-sep1034-client-defaults',
  'sse-retry',
] as const;

const SCENARIO_TIMEOUT_MS = 60_000;

export interface ClientScenarioOutcome {
  scenario: string;
  passed: boolean;
  /** Failing or warning checks and output tails, printed when the scenario fails. */
  notes: string[];
}

export async function runClientScenario(
  scenario: string,
  outRoot: string,
): Promise<ClientScenarioOutcome> {
  const outDir = join(outRoot, scenario.replaceAll('/', '_'));
  // The suite splits --command on spaces and runs it through a shell; paths are checked for
  // whitespace by the runner's preflight.
  const command = `${process.execPath} ${PATHS.clientDriver}`;
  const run = await runCommand(
    process.execPath,
    [
      '--import',
      PATHS.globsyncLoader,
      PATHS.suiteCli,
      'client',
      '--command',
      command,
      '--scenario',
      scenario,
      '--timeout',
      String(SCENARIO_TIMEOUT_MS),
      '-o',
      outDir,
    ],
    { timeoutMs: SCENARIO_TIMEOUT_MS + 30_000, env: { ...process.env, NO_COLOR: '1' } },
  );
  const passed = run.exitCode === 0 && !run.timedOut;
  const notes: string[] = [];
  if (!passed) {
    if (run.timedOut) notes.push('the suite did not finish in time');
    const read = await readSuiteResults(outDir);
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
  return { scenario, passed, notes };
}
