/**
 * The Gatehouse rows' configuration through the real loader and policy: the secured set-up has
 * pins, audit and a policy that allows exactly the bench's echo calls; the bare one has none.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import type { BenchEnv } from '../../../scripts/bench/index.js';
import {
  BARE_ROW_ID,
  echoMessage,
  gatehouseConfig,
  ROWS,
  SANDBOX_ABLATIONS,
  SANDBOXED_FLOOR_ROW_ID,
} from '../../../scripts/bench/index.js';
import { compilePolicy } from '../../../src/operation/policy/index.js';
import { loadConfig } from '../../../src/shared/config/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { benchEnv } from './helpers/bench-env.js';

const dir = useTempDir();

function env(): BenchEnv {
  return benchEnv(dir);
}

async function load(
  setup: 'secured' | 'bare',
  options: { sandbox?: boolean; durability?: 'crash' | 'power' } = {},
) {
  const file = path.join(
    dir,
    `${setup}-${String(options.sandbox)}-${String(options.durability)}.yaml`,
  );
  writeFileSync(file, gatehouseConfig(env(), setup, options));
  return loadConfig(file, { env: {} });
}

const echo = (message: unknown, principal = 'local') => ({
  principal,
  server: 'everything',
  kind: 'tool' as const,
  item: 'echo',
  arguments: { message },
  annotations: { readOnlyHint: true, destructiveHint: false },
  canElicit: false,
});

describe('gatehouseConfig', () => {
  it('secured: pins and audit on, and a policy that allows the bench calls on both fronts', async () => {
    const loaded = await load('secured');
    expect(loaded.config.servers.everything?.pins).toBe(true);
    expect(loaded.config.servers.everything?.prefix).toBe('');
    expect(loaded.config.gateway.audit.enabled).toBe(true);
    expect(loaded.config.gateway.stateDir).toBeUndefined();
    const policy = compilePolicy(loaded.config, { file: loaded.file });
    expect(policy.enabled).toBe(true);
    expect(policy.warnings).toEqual([]);
    for (const principal of ['local', 'local-user'])
      expect(policy.decide(echo(echoMessage(7), principal)).effect).toBe('allow');
  });

  it('secured: the policy really checks the argument and refuses other tools', async () => {
    const loaded = await load('secured');
    const policy = compilePolicy(loaded.config, { file: loaded.file });
    expect(policy.decide(echo('m7')).effect).toBe('deny');
    expect(policy.decide(echo('/bench/../etc/passwd')).effect).toBe('deny');
    expect(policy.decide(echo(echoMessage(1), 'key:someone')).effect).toBe('deny');
    expect(policy.decide({ ...echo(echoMessage(1)), item: 'get-env' }).effect).toBe('deny');
    expect(policy.decide({ ...echo(echoMessage(1)), item: 'get-sum' }).effect).toBe('deny');
  });

  it('sandboxes the upstream by default and writes sandbox: false only when asked', async () => {
    for (const setup of ['secured', 'bare'] as const) {
      const server = (await load(setup)).config.servers.everything;
      expect(server?.transport === 'stdio' && server.sandbox).toBeUndefined();
    }
    const off = (await load('secured', { sandbox: false })).config.servers.everything;
    expect(off?.transport === 'stdio' && off.sandbox).toBe(false);
    expect(off?.pins).toBe(true);
  });

  it('keeps the default audit durability (crash) unless a row asks for power', async () => {
    expect((await load('secured')).config.gateway.audit.durability).toBe('crash');
    const power = await load('secured', { durability: 'power' });
    expect(power.config.gateway.audit).toMatchObject({ enabled: true, durability: 'power' });
    expect(ROWS.find((r) => r.id === 'gatehouse-stdio-power')?.mode).toContain('power');
  });

  it('bare: pins off, audit off, no policy', async () => {
    const loaded = await load('bare');
    expect(loaded.config.servers.everything?.pins).toBe(false);
    expect(loaded.config.gateway.audit.enabled).toBe(false);
    expect(loaded.config.policy).toBeUndefined();
    expect(compilePolicy(loaded.config).enabled).toBe(false);
  });
});

describe('ROWS', () => {
  it('keeps the five required rows first, in order, and the bare row among the extras', () => {
    const ids = ROWS.map((r) => r.id);
    expect(ids.slice(0, 5)).toEqual([
      'direct-stdio',
      'gatehouse-http',
      'gatehouse-stdio',
      'supergateway-sse',
      'mcp-proxy-sse',
    ]);
    expect(ids.indexOf(BARE_ROW_ID)).toBeGreaterThanOrEqual(5);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has both rows of every sandbox ablation, the added ones among the extras', () => {
    const ids = ROWS.map((r) => r.id);
    const required = ids.slice(0, 5);
    for (const pair of SANDBOX_ABLATIONS) {
      expect(ids).toContain(pair.on);
      expect(ids).toContain(pair.off);
      const added = required.includes(pair.on) ? pair.off : pair.on;
      expect(ids.indexOf(added)).toBeGreaterThanOrEqual(5);
    }
    for (const pair of SANDBOX_ABLATIONS.filter((p) => p.on.startsWith('gatehouse-')))
      expect(ROWS.find((r) => r.id === pair.off)?.mode).toContain('sandbox: false');
    expect(ROWS.find((r) => r.id === SANDBOXED_FLOOR_ROW_ID)?.role).toBe('floor');
  });
});
