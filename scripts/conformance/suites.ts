/**
 * @module scripts/conformance/suites
 * The two conformance suite versions the runner judges with, pinned to exact versions, and the
 * selections it runs from each. A selection is judged twice (fixture direct, then Gatehouse in
 * front of the fixture) and the two runs must agree check by check.
 */
import { PATHS } from './paths.js';

export interface SuiteVersion {
  /** The exact version package.json pins; the preflight refuses anything else. */
  version: string;
  /** The suite's CLI bundle. */
  cli: string;
  /** Its package.json, read by the preflight to check the installed version. */
  packageJson: string;
}

export const SUITE_0_1_16: SuiteVersion = {
  version: '0.1.16',
  cli: PATHS.suiteCli,
  packageJson: PATHS.suiteCli.replace(/dist\/index\.js$/, 'package.json'),
};

export const SUITE_NEXT: SuiteVersion = {
  version: '0.2.0-alpha.12',
  cli: PATHS.suiteNextCli,
  packageJson: PATHS.suiteNextCli.replace(/dist\/index\.js$/, 'package.json'),
};

export interface ServerSelection {
  suite: SuiteVersion;
  /** Short stable name: output directories, expected-failures keys. */
  key: string;
  /** The selection arguments of `conformance server`. */
  args: readonly string[];
  /** For `--requirements`: the revision whose frozen set splits checks into scored / not. */
  requirements?: string;
}

export const SERVER_SELECTIONS: readonly ServerSelection[] = [
  // 0.1.16: everything, pending scenarios included (32 scenarios, 2025-11-25 wire).
  { suite: SUITE_0_1_16, key: 'suite-all', args: ['--suite', 'all'] },
  // 0.2.0-alpha.12: exactly what each revision requires, at that revision's wire. Together the
  // two sets run every 2025-era scenario over the stateful initialize handshake and every
  // 2026-07-28 scenario over per-request `_meta`, each set with its not-scored extras.
  {
    suite: SUITE_NEXT,
    key: 'requirements-2025-11-25',
    args: ['--requirements', '2025-11-25'],
    requirements: '2025-11-25',
  },
  {
    suite: SUITE_NEXT,
    key: 'requirements-2026-07-28',
    args: ['--requirements', '2026-07-28'],
    requirements: '2026-07-28',
  },
];

export function selectionLabel(selection: ServerSelection): string {
  return `${selection.suite.version} ${selection.args.join(' ')}`;
}

export interface ClientScenario {
  suite: SuiteVersion;
  name: string;
  /** `--spec-version` for the run; the suite hands it to the client in the environment. */
  specVersion?: string;
}

export const CLIENT_SCENARIOS: readonly ClientScenario[] = [
  // 0.1.16, 2025-11-25: the four client scenarios that need no authorization server.
  ...['initialize', 'tools_call', 'elicitation-sep1034-client-defaults', 'sse-retry'].map(
    (name) => ({ suite: SUITE_0_1_16, name }),
  ),
  // 0.2.0-alpha.12 at 2026-07-28: the non-auth client scenarios the revision requires.
  ...[
    'tools_call',
    'request-metadata',
    'sep-2322-client-request-state',
    'http-standard-headers',
    'http-custom-headers',
    'http-invalid-tool-headers',
    'json-schema-ref-no-deref',
  ].map((name) => ({ suite: SUITE_NEXT, name, specVersion: '2026-07-28' })),
];

export function clientScenarioLabel(scenario: ClientScenario): string {
  const at = scenario.specVersion === undefined ? '' : ` @${scenario.specVersion}`;
  return `${scenario.suite.version} ${scenario.name}${at}`;
}
