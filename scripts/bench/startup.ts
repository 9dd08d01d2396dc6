/**
 * @module scripts/bench/startup
 * The start benchmark: one small stdio server started until it answers `initialize`, unsandboxed
 * (`sandbox: false`) and through `SandboxLauncher.prepare()` with the default policy and with a
 * network allowlist, as the gateway starts it; and the pieces of the sandbox's start cost on their
 * own (`prepare()` and its parts, and the process chain leg by leg, running `echo` instead of the
 * server). Every round runs each measure once, forwards in even rounds and backwards in odd ones,
 * so load that comes and goes touches them all alike and no measure always follows the same one;
 * a measure set against another also gets the median of their round-by-round differences.
 */
import { performance } from 'node:perf_hooks';

// The cgroup pair is not part of the sandbox's public surface; the bench times the real code.
import { CgroupPair } from '../../src/operation/sandbox/cgroup-v1.js';
import type { SandboxTools } from '../../src/operation/sandbox/index.js';
import { SandboxLauncher, sandboxSupport } from '../../src/operation/sandbox/index.js';
import { buildSeccompFilter } from '../../src/operation/sandbox/seccomp/index.js';
import type { StdioServerConfig } from '../../src/shared/config/index.js';
import { StdioServerSchema } from '../../src/shared/config/index.js';
import { createLogger } from '../../src/shared/logging/index.js';
import { percentile, summarize } from './percentile.js';
import type { StartMeasure, StartupResult } from './result-schema.js';
import type { ChainLeg, ChainLegs } from './start-chain.js';
import { bwrapFloorArgs, chainLegs, LEG_COMMAND } from './start-chain.js';
import { ALLOWLIST_HIGH, ALLOWLIST_LOW, MEASURES } from './start-measures.js';
import { timeServerStart, timeToFirstByte } from './start-probes.js';

/** The target: a sandboxed start adds at most this much at p50. */
export const TARGET_ADDED_MS = 30;

export interface StartupInput {
  /** The server's entry script, run as `node <script>`. */
  readonly script: string;
  /** How the report names it. */
  readonly serverLabel: string;
  readonly starts: number;
  readonly warmup: number;
  /** The launcher's state folder (no grant may expose it). */
  readonly stateDir: string;
}

/** A probe runs one round of one or more measures and returns µs per measure id. */
interface Probe {
  readonly name: string;
  run(round: number): Promise<Record<string, number>>;
}

/** Runs the start benchmark; a measure whose probe fails is reported unavailable with the reason. */
export async function measureStartup(
  input: StartupInput,
  progress: (text: string) => void,
): Promise<StartupResult> {
  const once: StartupResult['once'] = [];
  const t0 = performance.now();
  const support = sandboxSupport();
  once.push({
    id: 'support-probe',
    label: 'sandbox support probe (a trial bwrap; first start of a gateway process)',
    us: Math.round((performance.now() - t0) * 1000),
  });
  const base = {
    server: input.serverLabel,
    starts: input.starts,
    warmup: input.warmup,
    targetAddedMs: TARGET_ADDED_MS,
  };
  if (!support.ok) {
    const reason = `no sandbox here: ${support.reason}`;
    return {
      ...base,
      once,
      measures: MEASURES.map((m) => ({ ...m, status: 'unavailable', reason })),
    };
  }
  const launcher = new SandboxLauncher({
    stateDir: input.stateDir,
    logger: createLogger({ level: 'error', name: 'gatehouse-bench' }),
  });
  const config = (sandbox?: unknown): StdioServerConfig =>
    StdioServerSchema.parse({
      transport: 'stdio',
      command: process.execPath,
      args: [input.script],
      ...(sandbox === undefined ? {} : { sandbox }),
    });
  const sandboxed = config();
  // The default limits, as the schema fills them in for an empty `sandbox: {}`.
  const explicit = config({}).sandbox;
  const limits = explicit === false || explicit === undefined ? undefined : explicit.limits;
  let firstPrepare: number | undefined;
  const serverProbe = (id: string, cfg: StdioServerConfig, prepareId?: string): Probe => ({
    name: id,
    async run() {
      const start = await timeServerStart(launcher, `bench-${id}`, cfg);
      if (id === 'sandbox' && firstPrepare === undefined) firstPrepare = start.prepareUs;
      return { [id]: start.totalUs, ...(prepareId ? { [prepareId]: start.prepareUs } : {}) };
    },
  });
  const legProbe = (id: string, pick: (legs: ChainLegs) => ChainLeg | undefined): Probe => ({
    name: id,
    async run() {
      const launch = await launcher.prepare(`bench-${id}`, sandboxed);
      try {
        const cut = chainLegs(launch, support.tools);
        if (!cut.ok) throw new Error(cut.problem);
        const leg = pick(cut.legs);
        if (leg === undefined)
          throw new Error('not part of the chain here (Gatehouse is not root)');
        return { [id]: await timeToFirstByte(leg) };
      } finally {
        launch.ended(0, null);
      }
    },
  });
  const timed = (id: string, fn: (round: number) => unknown): Probe => ({
    name: id,
    async run(round) {
      const t = performance.now();
      await fn(round);
      return { [id]: (performance.now() - t) * 1000 };
    },
  });
  const probes: Probe[] = [
    serverProbe('sandbox', sandboxed, 'prepare'),
    serverProbe('bare', config(false)),
    serverProbe('allowlist', config({ network: [ALLOWLIST_HIGH] }), 'prepare-allowlist'),
    serverProbe('allowlist-low-port', config({ network: [ALLOWLIST_LOW] })),
    timed('plan', () => launcher.plan('bench-plan', sandboxed)),
    timed('cgroups', (round) => cgroupRound(support.cgroups, limits, round)),
    timed('seccomp', () => buildSeccompFilter()),
    {
      name: 'spawn-echo',
      run: async () => ({
        'spawn-echo': await timeToFirstByte({
          command: LEG_COMMAND[0] ?? '/usr/bin/echo',
          args: LEG_COMMAND.slice(1),
        }),
      }),
    },
    {
      name: 'bwrap-floor',
      run: async () => ({ 'bwrap-floor': await timeToFirstByte(floorLeg(support.tools)) }),
    },
    legProbe('bwrap-binds', (legs) => legs.bwrapNoSeccomp),
    legProbe('bwrap-full', (legs) => legs.bwrap),
    legProbe('setpriv', (legs) => legs.setpriv),
    legProbe('chain-no-cgroups', (legs) => legs.chainNoCgroups),
    legProbe('chain', (legs) => legs.chain),
  ];
  // Per measure: µs by round.
  const samples = new Map<string, Map<number, number>>(MEASURES.map((m) => [m.id, new Map()]));
  const failed = new Map<string, string>();
  try {
    const rounds = input.warmup + input.starts;
    for (let round = 0; round < rounds; round++) {
      if (round === 0 || (round + 1) % 10 === 0 || round === rounds - 1)
        progress(`round ${round + 1}/${rounds}${round < input.warmup ? ' (warm-up)' : ''}`);
      for (const probe of round % 2 === 0 ? probes : [...probes].reverse()) {
        if (failed.has(probe.name)) continue;
        try {
          const got = await probe.run(round);
          if (round < input.warmup) continue;
          for (const [id, us] of Object.entries(got)) samples.get(id)?.set(round, us);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          progress(`${probe.name} failed: ${reason}`);
          failed.set(probe.name, reason.split('\n')[0]?.slice(0, 300) ?? reason);
        }
      }
    }
  } finally {
    launcher.close();
  }
  if (firstPrepare !== undefined) {
    once.push({
      id: 'first-prepare',
      label:
        'first sandboxed `prepare()` of a launcher (writes the runtime folder and the seccomp file)',
      us: Math.round(firstPrepare),
    });
  }
  const measures = MEASURES.map((spec): StartMeasure => {
    const reason = failed.get(spec.id) ?? failed.get(ownerProbe(spec.id));
    const byRound = samples.get(spec.id) ?? new Map<number, number>();
    const values = [...byRound.values()];
    if (reason !== undefined || values.length === 0) {
      return { ...spec, status: 'unavailable', reason: reason ?? 'no samples' };
    }
    const summary = summarize(values);
    const paired =
      spec.compare === undefined ? undefined : pairedMedian(byRound, samples.get(spec.compare));
    return {
      ...spec,
      status: 'ok',
      samples: values.length,
      p50Us: summary.p50Us,
      p90Us: summary.p90Us,
      meanUs: summary.meanUs,
      minUs: Math.round(Math.min(...values)),
      maxUs: summary.maxUs,
      ...(paired === undefined ? {} : { pairedAddedP50Us: paired }),
    };
  });
  return { ...base, once, measures };
}

/** The median of `a − b` over the rounds both have (µs, rounded), or undefined without any. */
export function pairedMedian(
  a: ReadonlyMap<number, number>,
  b: ReadonlyMap<number, number> | undefined,
): number | undefined {
  if (b === undefined) return undefined;
  const differences: number[] = [];
  for (const [round, us] of a) {
    const other = b.get(round);
    if (other !== undefined) differences.push(us - other);
  }
  if (differences.length === 0) return undefined;
  differences.sort((x, y) => x - y);
  return Math.round(percentile(differences, 50));
}

/** The probe a by-product measure comes from. */
function ownerProbe(id: string): string {
  if (id === 'prepare') return 'sandbox';
  if (id === 'prepare-allowlist') return 'allowlist';
  return id;
}

function floorLeg(tools: SandboxTools): ChainLeg {
  return { command: tools.bwrap, args: bwrapFloorArgs() };
}

/** Creates and removes one cgroup pair with the default limits, as a start does. */
function cgroupRound(
  cgroups: Parameters<typeof CgroupPair.create>[0] | undefined,
  limits: { memoryMb: number; processes: number } | undefined,
  round: number,
): void {
  if (cgroups === undefined) throw new Error('no cgroups here (not root, or not cgroup v1)');
  if (limits === undefined) throw new Error('no default sandbox limits in the config schema');
  const pair = CgroupPair.create(cgroups, `bench-${process.pid}-${round}`, {
    memoryBytes: limits.memoryMb * 1024 * 1024,
    processes: limits.processes,
  });
  if (!pair.remove()) throw new Error(`could not remove ${pair.memoryDir}`);
}
