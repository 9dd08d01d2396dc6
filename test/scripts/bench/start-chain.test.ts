/**
 * The start benchmark's probes against the real launcher and real bwrap: the legs cut from a
 * prepared start run (each running `echo` instead of the server), and a server start is timed to its `initialize`
 * answer. Nothing here asserts on durations, only that each probe measured what it says.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  bwrapFloorArgs,
  chainLegs,
  LEG_COMMAND,
  timeServerStart,
  timeToFirstByte,
} from '../../../scripts/bench/index.js';
import { SandboxLauncher, sandboxSupport } from '../../../src/operation/sandbox/index.js';
import type { StdioServerConfig } from '../../../src/shared/config/index.js';
import { StdioServerSchema } from '../../../src/shared/config/index.js';
import { silentLogger } from '../../../src/shared/logging/index.js';
import { SCRIPTED_SERVER } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const dir = useTempDir();
const stateDir = path.join(dir, 'state');
mkdirSync(stateDir);
const launcher = new SandboxLauncher({ stateDir, logger: silentLogger() });
afterAll(() => launcher.close());

const support = sandboxSupport();
if (!support.ok) throw new Error(`these tests need a working sandbox: ${support.reason}`);
const tools = support.tools;

function config(fields: Record<string, unknown> = {}): StdioServerConfig {
  return StdioServerSchema.parse({
    transport: 'stdio',
    command: process.execPath,
    args: [SCRIPTED_SERVER],
    ...fields,
  });
}

describe('chainLegs', () => {
  it('refuses a start it cannot cut: unsandboxed, or a forwarder in front of the server', async () => {
    const bare = await launcher.prepare('bare', config({ sandbox: false }));
    expect(chainLegs(bare, tools)).toEqual({ ok: false, problem: 'the start is not sandboxed' });
    const allowlist = await launcher.prepare(
      'allow',
      config({ sandbox: { network: ['example.com:8443'] } }),
    );
    try {
      const cut = chainLegs(allowlist, tools);
      expect(cut.ok).toBe(false);
      if (!cut.ok) expect(cut.problem).toContain('forwarder');
    } finally {
      allowlist.ended(0, null);
    }
  });

  it('cuts every leg of a default start so that each runs echo instead of the server', async () => {
    const launch = await launcher.prepare('legs', config());
    try {
      const cut = chainLegs(launch, tools);
      if (!cut.ok) throw new Error(cut.problem);
      const { legs } = cut;
      const all = [legs.bwrapNoSeccomp, legs.bwrap, legs.setpriv, legs.chainNoCgroups, legs.chain];
      for (const leg of all) {
        if (leg === undefined) continue;
        expect(leg.args.slice(-LEG_COMMAND.length)).toEqual(LEG_COMMAND);
        expect(leg.args).not.toContain(SCRIPTED_SERVER);
      }
      expect(legs.bwrapNoSeccomp.args).not.toContain('--seccomp');
      expect(legs.bwrap.args).toContain('--seccomp');
      expect(legs.bwrap.seccompFile).toBeDefined();
      expect(legs.chain.command).toBe(launch.command);
      // The same script, told of no cgroup files.
      expect(legs.chainNoCgroups.args[3]).toBe('0');
      expect(legs.chain.args[3]).toBe(support.cgroups ? '2' : '0');
      if (process.getuid?.() === 0) expect(legs.setpriv?.command).toBe(tools.setpriv);
      for (const leg of all)
        if (leg !== undefined) expect(await timeToFirstByte(leg)).toBeGreaterThan(0);
    } finally {
      launch.ended(0, null);
    }
  });
});

describe('timeToFirstByte', () => {
  it('fails on a non-zero exit, with what the program said', async () => {
    await expect(
      timeToFirstByte({ command: '/bin/sh', args: ['-c', 'echo out; echo broken >&2; exit 3'] }),
    ).rejects.toThrow(/exited with code 3: broken/);
  });

  it('fails when the program writes nothing to stdout', async () => {
    await expect(timeToFirstByte({ command: '/usr/bin/true', args: [] })).rejects.toThrow(
      /wrote nothing to stdout/,
    );
  });

  it('runs the bwrap floor', async () => {
    expect(await timeToFirstByte({ command: tools.bwrap, args: bwrapFloorArgs() })).toBeGreaterThan(
      0,
    );
  });
});

describe('timeServerStart', () => {
  it('fails when the server ends before answering initialize', async () => {
    await expect(
      timeServerStart(
        launcher,
        'dies',
        config({ args: ['-e', 'process.exit(4)'], sandbox: false }),
      ),
    ).rejects.toThrow(/exited with code 4 before answering/);
  });

  it('times a sandboxed and an unsandboxed start to the initialize answer', async () => {
    for (const sandbox of [undefined, false]) {
      const start = await timeServerStart(launcher, 'start', config({ sandbox }));
      expect(start.prepareUs).toBeGreaterThan(0);
      expect(start.totalUs).toBeGreaterThan(start.prepareUs);
    }
  });
});
