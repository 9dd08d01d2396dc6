/**
 * @module scripts/conformance/server-legs
 * The two ways one server-suite selection is run: against the fixture's own Streamable HTTP
 * (direct), and against `gatehouse run --listen` fronting the fixture over stdio with prefix
 * `""`. Each run gets fresh processes, so the two see the same fixture state from the start.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import type { Service } from './child-processes.js';
import { freePort, startService, stopService, waitForPort } from './child-processes.js';
import { writeGatewayConfig } from './gateway-config.js';
import { PATHS } from './paths.js';
import type { ServerSuiteOutcome } from './server-suite.js';
import { runServerSuite } from './server-suite.js';
import type { ServerSelection } from './suites.js';
import { selectionLabel } from './suites.js';

const FIXTURE_READY_MS = 10_000;
const GATEWAY_READY_MS = 30_000;

const progress = (message: string): void => console.error(`conformance: ${message}`);

async function startAndWait(
  service: Service,
  port: number,
  timeoutMs: number,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const ready = await waitForPort(service, port, timeoutMs);
  if (ready.ok) return ready;
  const tail = service.stderrTail();
  return { ok: false, message: tail ? `${ready.message}\n${tail}` : ready.message };
}

function outDir(work: string, selection: ServerSelection, leg: string): string {
  return join(work, `${selection.suite.version}-${selection.key}`, leg);
}

export async function runDirect(
  selection: ServerSelection,
  work: string,
): Promise<ServerSuiteOutcome> {
  const port = await freePort();
  const fixture = startService('fixture', process.execPath, [
    PATHS.fixture,
    '--http',
    String(port),
  ]);
  try {
    const ready = await startAndWait(fixture, port, FIXTURE_READY_MS);
    if (!ready.ok) return { ok: false, message: `fixture did not start: ${ready.message}` };
    progress(`${selectionLabel(selection)}: fixture direct at http://127.0.0.1:${port}/mcp`);
    return await runServerSuite(
      `direct ${selection.key}`,
      selection,
      `http://127.0.0.1:${port}/mcp`,
      outDir(work, selection, 'direct'),
    );
  } finally {
    await stopService(fixture);
  }
}

export async function runThroughGateway(
  selection: ServerSelection,
  work: string,
): Promise<ServerSuiteOutcome> {
  if (!existsSync(PATHS.gatewayCli)) {
    return {
      ok: false,
      message: `gateway CLI ${PATHS.gatewayCli} does not exist (not built yet?)`,
    };
  }
  const dir = outDir(work, selection, 'gateway-config');
  await mkdir(dir, { recursive: true });
  const config = await writeGatewayConfig(dir, 'fixture', {
    transport: 'stdio',
    command: process.execPath,
    args: [PATHS.fixture, '--stdio'],
  });
  const port = await freePort();
  const gateway = startService('gatehouse', process.execPath, [
    PATHS.gatewayCli,
    'run',
    '-c',
    config,
    '--listen',
    `127.0.0.1:${port}`,
  ]);
  try {
    const ready = await startAndWait(gateway, port, GATEWAY_READY_MS);
    if (!ready.ok) return { ok: false, message: `gatehouse did not start: ${ready.message}` };
    progress(
      `${selectionLabel(selection)}: gatehouse at http://127.0.0.1:${port}/mcp ` +
        '(fixture over stdio, prefix "")',
    );
    return await runServerSuite(
      `gatehouse ${selection.key}`,
      selection,
      `http://127.0.0.1:${port}/mcp`,
      outDir(work, selection, 'gatehouse'),
    );
  } finally {
    await stopService(gateway);
  }
}
