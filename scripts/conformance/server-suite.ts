/**
 * @module scripts/conformance/server-suite
 * Runs `conformance server <selection>` of one suite version against one URL (on Node 20 with a
 * globSync loader hook, see `paths.ts`), reports progress on stderr, and reads back the
 * per-scenario `checks.json` files.
 */
import type { CommandResult } from './child-processes.js';
import { runCommand } from './child-processes.js';
import { PATHS } from './paths.js';
import type { ScenarioResult, Totals } from './suite-results.js';
import { parseTotalLine, readSuiteResults, totals } from './suite-results.js';
import type { ServerSelection } from './suites.js';

const SUITE_TIMEOUT_MS = 10 * 60_000;

export type ServerSuiteOutcome =
  | { ok: true; scenarios: ScenarioResult[]; totals: Totals; exitCode: number | null }
  | { ok: false; message: string; run?: CommandResult };

export async function runServerSuite(
  label: string,
  selection: ServerSelection,
  url: string,
  outDir: string,
): Promise<ServerSuiteOutcome> {
  let total = 0;
  let index = 0;
  const run = await runCommand(
    process.execPath,
    [
      '--import',
      PATHS.globsyncLoader,
      selection.suite.cli,
      'server',
      '--url',
      url,
      ...selection.args,
      '-o',
      outDir,
    ],
    {
      timeoutMs: SUITE_TIMEOUT_MS,
      env: { ...process.env, NO_COLOR: '1' },
      onStdoutLine: (line) => {
        // "Running all suite (32 scenarios)" or "Running requirements 2026-07-28 (50 scenarios)"
        const all = /Running .*?\((\d+) scenarios\)/.exec(line);
        if (all?.[1] !== undefined) total = Number(all[1]);
        const scenario = /^=== Running scenario: (.+) ===$/.exec(line);
        if (scenario?.[1] !== undefined) {
          index += 1;
          console.error(`[${label}] scenario ${index}/${total || '?'}: ${scenario[1]}`);
        }
      },
    },
  );
  if (run.timedOut)
    return { ok: false, message: `suite timed out after ${SUITE_TIMEOUT_MS} ms`, run };
  const read = await readSuiteResults(outDir);
  if (!read.ok) return { ok: false, message: read.message, run };
  if (read.scenarios.length === 0) {
    return { ok: false, message: `suite wrote no results (exit ${String(run.exitCode)})`, run };
  }
  const counted = totals(read.scenarios);
  const printed = parseTotalLine(run.stdout);
  if (
    printed !== undefined &&
    (printed.passed !== counted.passed || printed.failed !== counted.failed)
  ) {
    console.error(
      `[${label}] note: the suite printed ${printed.passed} passed, ${printed.failed} failed, ` +
        `checks.json files count ${counted.passed} passed, ${counted.failed} failed`,
    );
  }
  return { ok: true, scenarios: read.scenarios, totals: counted, exitCode: run.exitCode };
}

/** The scenarios with at least one FAILURE, with their failing checks' messages. */
export function failingChecks(scenarios: readonly ScenarioResult[]): string[] {
  const lines: string[] = [];
  for (const { scenario, checks } of scenarios) {
    for (const check of checks) {
      if (check.status === 'FAILURE') {
        lines.push(`${scenario} / ${check.id}: ${check.errorMessage ?? '(no message)'}`);
      }
    }
  }
  return lines;
}
