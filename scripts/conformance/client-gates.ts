/**
 * @module scripts/conformance/client-gates
 * One gate per client scenario and leg: the driver's SDK v2 client on its own (direct), which
 * shows the driver does what the scenario needs, then the same client through Gatehouse, which
 * judges Gatehouse's upstream side. A scenario passes when the suite exits 0, or when it is
 * pinned in `expected-failures.yaml` (`client:`) and fails only by the client's exit code with
 * every check passing; a pinned scenario that passes is stale and fails its gate.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { ClientLeg, ClientScenarioOutcome } from './client-suite.js';
import { runClientScenario } from './client-suite.js';
import type { ExpectedFailure, ExpectedFailures } from './expected-failures.js';
import { expectedFor } from './expected-failures.js';
import { PATHS } from './paths.js';
import type { Gate } from './server-gates.js';
import type { ClientScenario } from './suites.js';
import { CLIENT_SCENARIOS, clientScenarioLabel } from './suites.js';

const progress = (message: string): void => console.error(`conformance: ${message}`);

function judge(outcome: ClientScenarioOutcome, pinned: ExpectedFailure | undefined): Gate {
  const name = '';
  if (outcome.passed) {
    return pinned === undefined
      ? { name, passed: true, reason: '' }
      : { name, passed: false, reason: `stale expected failure, now passes (${pinned.why})` };
  }
  if (pinned !== undefined && outcome.totals !== undefined && outcome.failedChecks === 0) {
    return { name, passed: true, reason: `expected: ${pinned.why}` };
  }
  const checks =
    outcome.totals === undefined ? 'no checks.json' : `${outcome.failedChecks} check(s)`;
  return { name, passed: false, reason: `suite exit code non-zero, ${checks} failed` };
}

async function clientLeg(
  scenario: ClientScenario,
  leg: ClientLeg,
  root: string,
  expected: ExpectedFailures,
): Promise<Gate> {
  const label = clientScenarioLabel(scenario);
  const name = `[${label}] client ${leg === 'direct' ? 'direct (SDK client alone)' : 'through gatehouse'}`;
  if (leg === 'gatehouse' && !existsSync(PATHS.gatewayCli)) {
    return { name, passed: false, reason: 'gateway CLI not built' };
  }
  const outcome = await runClientScenario(scenario, leg, root);
  const pinned = expectedFor(expected, scenario.suite.version, 'client').find(
    (entry) => entry.entry === scenario.name,
  );
  const gate = { ...judge(outcome, pinned), name };
  const counts =
    outcome.totals === undefined
      ? ''
      : ` (${outcome.totals.passed} passed, ${outcome.totals.failed} failed, ` +
        `${outcome.totals.warnings} warnings)`;
  const verdict = outcome.passed ? 'passed' : gate.passed ? 'FAILED as expected' : 'FAILED';
  console.log(
    `client ${leg} [${label}]: ${verdict}${counts}${gate.reason ? `: ${gate.reason}` : ''}`,
  );
  if (!outcome.passed) for (const note of outcome.notes) console.log(`  ${note}`);
  return gate;
}

export async function judgeClientScenarios(
  work: string,
  expected: ExpectedFailures,
): Promise<Gate[]> {
  const gates: Gate[] = [];
  const root = join(work, 'client');
  for (const [index, scenario] of CLIENT_SCENARIOS.entries()) {
    const label = clientScenarioLabel(scenario);
    progress(`[client] scenario ${index + 1}/${CLIENT_SCENARIOS.length}: ${label}`);
    gates.push(await clientLeg(scenario, 'direct', root, expected));
    gates.push(await clientLeg(scenario, 'gatehouse', root, expected));
  }
  return gates;
}
