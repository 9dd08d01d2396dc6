/**
 * @module test/operation/sandbox/helpers/escape-suite
 * The escape suite of one variant: plants the canaries, starts the real gateway with the hostile
 * server and a second ("other") server, and defines the attempts (files, environment, writes,
 * links, processes, network, raw syscalls, set-user-id programs, descriptors) and, where the
 * hostile server is sandboxed, the bombs and their limit reports. In the `unsandboxed` variant
 * the same attempts must succeed where an unsandboxed server can succeed, which shows that the
 * suite can fail. `ESCAPE_DEBUG=1` prints the gateway's log after each variant.
 */
import { existsSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect } from 'vitest';

import { defineAttemptTests } from './escape-attempts.js';
import { defineBombTests } from './escape-bombs.js';
import type { Attempt, EscapeGateway } from './escape-gateway.js';
import { startEscapeGateway } from './escape-gateway.js';
import type { EscapeWorld, Variant } from './escape-world.js';
import { buildEscapeWorld, HOSTILE_SERVER } from './escape-world.js';

/** What the attempts and bombs see of the running suite. */
export interface SuiteContext {
  readonly variant: Variant;
  /** The hostile server runs in its sandbox. */
  readonly sandboxed: boolean;
  world(): EscapeWorld;
  gateway(): EscapeGateway;
}

/** Why the suite cannot run here, or undefined when it can. */
export function escapeSuiteUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'the sandbox needs Linux';
  if (process.getuid?.() !== 0) return 'the suite needs root (setpriv, cgroups, foreign owners)';
  for (const tool of ['/usr/bin/bwrap', '/usr/bin/setpriv', '/usr/bin/python3']) {
    if (!existsSync(tool)) return `${tool} is missing`;
  }
  if (!existsSync(HOSTILE_SERVER)) return `${HOSTILE_SERVER} is missing (npm run build)`;
  return undefined;
}

/** Asserts an attempt's verdict, showing what the server saw when it differs. */
export function expectEscaped(outcome: Attempt, escaped: boolean, what: string): void {
  expect(
    outcome.escaped,
    `${what}: expected escaped=${escaped}, got ${JSON.stringify(outcome)}`,
  ).toBe(escaped);
}

/** Defines the whole suite for one variant. */
export function defineEscapeSuite(variant: Variant): void {
  const unavailable = escapeSuiteUnavailable();
  describe.skipIf(unavailable !== undefined)(`sandbox escape suite (${variant})`, () => {
    let world: EscapeWorld | undefined;
    let gateway: EscapeGateway | undefined;
    beforeAll(async () => {
      world = await buildEscapeWorld(variant);
      gateway = await startEscapeGateway({
        configFile: world.configFile,
        stateDir: world.stateDir,
        env: world.gatewayEnv,
        ...(world.runAs === undefined ? {} : { runAs: world.runAs }),
      });
    }, 60_000);
    afterAll(async () => {
      if (process.env.ESCAPE_DEBUG) {
        for (const r of gateway?.logRecords() ?? []) process.stderr.write(`${JSON.stringify(r)}\n`);
      }
      await gateway?.stop();
      await world?.close();
    });
    const context: SuiteContext = {
      variant,
      sandboxed: variant !== 'unsandboxed',
      world: () => {
        if (!world) throw new Error('the escape world was not built');
        return world;
      },
      gateway: () => {
        if (!gateway) throw new Error('the gateway did not start');
        return gateway;
      },
    };
    defineAttemptTests(context);
    defineBombTests(context);
  });
}
