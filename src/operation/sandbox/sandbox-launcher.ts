/**
 * @module operation/sandbox/sandbox-launcher
 * Starts stdio servers inside their sandboxes. For each start it resolves what runs (an `npx` entry
 * from the verified package store, or a local program), plans the sandbox, writes the per-start
 * files (identity, hosts), makes the cgroups, starts the network broker when hosts are granted, and
 * hands the stdio transport the command to spawn. Fails closed: without a working sandbox, or with
 * a bad grant, the server is not started and the error says why and how to fix it; only an explicit
 * `sandbox: false` runs a server unsandboxed.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { StdioServerConfig } from '../../shared/config/schema.js';
import { ErrorCode } from '../../shared/errors/index.js';
import type { Logger } from '../../shared/logging/index.js';
import type { GeneratedFiles } from './bwrap-args.js';
import { bwrapArgs, identityFiles, NETNS_FDS } from './bwrap-args.js';
import { CgroupPair, sweepStaleGroups } from './cgroup-v1.js';
import type { SandboxExplanation } from './explain.js';
import { explainSandbox } from './explain.js';
import type { LaunchTarget } from './launch-target.js';
import { localTarget } from './launch-target.js';
import type { SandboxLimitEvent } from './limit-watch.js';
import { LimitWatch } from './limit-watch.js';
import type { EgressEvent, NetnsSetup } from './network/index.js';
import { prepareSandboxNetns } from './network/index.js';
import type { NetworkSetup } from './network-setup.js';
import { previewNetwork, setUpNetwork } from './network-setup.js';
import { SandboxError } from './sandbox-error.js';
import type { SandboxPlan } from './sandbox-plan.js';
import { planSandbox } from './sandbox-plan.js';
import type { SandboxSupport } from './sandbox-support.js';
import { sandboxSupport } from './sandbox-support.js';
import { buildSeccompFilter } from './seccomp/index.js';
import { tasksOfUid } from './uid-tasks.js';
import { wrapperCommand } from './wrapper-command.js';

const MIB = 1024 * 1024;

/** Variables the stdio transport or the wrapper shell add that must not reach the server. */
const UNSET = ['SHELL', 'TERM', 'PWD', 'OLDPWD'];

/** Resolves an `npx` entry to a target in the package store; undefined for any other command. */
export type PackageTargetResolver = (
  serverKey: string,
  config: StdioServerConfig,
  /** `start` may fetch and install; `explain` only looks at the lock and the store. */
  mode: 'start' | 'explain',
) => Promise<LaunchTarget | undefined>;

export interface SandboxLauncherOptions {
  /** Gatehouse's state folder: no grant may expose it. */
  readonly stateDir: string;
  readonly logger: Logger;
  readonly packages?: PackageTargetResolver;
  /** Told of every limit a sandbox hits (the gateway audits them). */
  readonly onLimit?: (event: SandboxLimitEvent) => void;
  /**
   * Told when a server is refused before it starts because what it would run failed a check
   * (a package store tree changed since install); the gateway audits it.
   */
  readonly onRefused?: (serverKey: string, error: Error & { code?: string }) => void;
  /** Told of every connection a server's egress broker made, refused or lost. */
  readonly onEgress?: (serverKey: string, event: EgressEvent) => void;
  /** The machine's sandbox support (tests substitute a failing one). */
  readonly support?: () => SandboxSupport;
  /** Folders no grant may expose besides the state folder (the package store). */
  readonly protectedDirs?: readonly string[];
}

/** What the stdio transport spawns for one start, and what to do when it ended. */
export interface PreparedLaunch {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Host working directory of the spawned process (unsandboxed only). */
  readonly cwd?: string;
  readonly sandboxed: boolean;
  readonly plan?: SandboxPlan;
  readonly target: LaunchTarget;
  /** Call once the process started. */
  started(pid: number | undefined): void;
  /** Call once the process ended: reads the limit counters and removes per-start state. */
  ended(exitCode: number | null, signal: NodeJS.Signals | null): void;
}

/** One per gateway process. */
export class SandboxLauncher {
  private runtimeRoot: string | undefined;
  private seccompFile: string | undefined;
  private starts = 0;
  /** Groups of starts whose processes may still run; removed at the latest in `close`. */
  private readonly liveGroups = new Set<CgroupPair>();
  private swept = false;
  private readonly warnedUnsandboxed = new Set<string>();

  constructor(private readonly options: SandboxLauncherOptions) {}

  /** What runs for this entry (resolving an `npx` package, which may fetch it the first time). */
  async target(
    serverKey: string,
    config: StdioServerConfig,
    mode: 'start' | 'explain' = 'start',
  ): Promise<LaunchTarget> {
    const fromStore = await this.options.packages?.(serverKey, config, mode);
    return fromStore ?? localTarget(config.command, config.args, config.cwd);
  }

  /** The plan of a server's sandbox without starting anything; undefined when unsandboxed. */
  async plan(serverKey: string, config: StdioServerConfig): Promise<SandboxPlan | undefined> {
    if (config.sandbox === false) return undefined;
    const target = await this.target(serverKey, config, 'explain');
    return planSandbox({
      serverKey,
      config,
      target,
      support: this.support(serverKey),
      protectedDirs: this.protectedDirs(),
    });
  }

  /** The effective sandbox of a server without starting anything (`gatehouse sandbox explain`). */
  async explain(serverKey: string, config: StdioServerConfig): Promise<SandboxExplanation> {
    const target = await this.target(serverKey, config, 'explain');
    if (config.sandbox === false) {
      return explainSandbox({
        server: serverKey,
        unsandboxed: { command: target.command, args: target.args, env: config.env },
      });
    }
    const support = this.support(serverKey);
    const plan = planSandbox({
      serverKey,
      config,
      target,
      support,
      protectedDirs: this.protectedDirs(),
    });
    const run = '<run>';
    const network = previewNetwork(plan, run);
    const cgroups = support.cgroups;
    const wrapper = startCommand({
      plan,
      support,
      network,
      files: {
        passwd: `${run}/passwd`,
        group: `${run}/group`,
        hosts: network.hostsFile ?? `${run}/hosts`,
        resolvConf: network.resolvConfFile ?? `${run}/resolv.conf`,
        ...(network.nsswitch === undefined ? {} : { nsswitch: `${run}/nsswitch.conf` }),
      },
      cgroupProcs: cgroups
        ? [
            path.join(cgroups.memory, 'gatehouse', run, 'cgroup.procs'),
            path.join(cgroups.pids, 'gatehouse', run, 'cgroup.procs'),
          ]
        : [],
      seccompFile: `${run}/seccomp.bpf`,
      ...(network.netns ? { fifoDir: run } : {}),
    });
    return explainSandbox({
      server: serverKey,
      plan,
      tools: support.tools,
      commandLine: [wrapper.command, ...wrapper.args],
    });
  }

  /** Everything one start needs; throws a {@link SandboxError} when it must not start. */
  async prepare(serverKey: string, config: StdioServerConfig): Promise<PreparedLaunch> {
    let target: LaunchTarget;
    try {
      target = await this.target(serverKey, config);
    } catch (error) {
      if (error instanceof Error) this.options.onRefused?.(serverKey, error);
      throw error;
    }
    if (config.sandbox === false) return this.unsandboxed(serverKey, config, target);
    const support = this.support(serverKey);
    const plan = planSandbox({
      serverKey,
      config,
      target,
      support,
      protectedDirs: this.protectedDirs(),
    });
    for (const warning of plan.warnings) this.options.logger.warn({ server: serverKey }, warning);
    const runtime = this.startDir(serverKey);
    let network: NetworkSetup | undefined;
    let cgroups: CgroupPair | undefined;
    try {
      network = await setUpNetwork(plan, runtime, this.options.logger, this.options.onEgress);
      const ids = identityFiles(plan.uid, plan.gid);
      const files: GeneratedFiles = {
        passwd: writeRuntimeFile(runtime, 'passwd', ids.passwd),
        group: writeRuntimeFile(runtime, 'group', ids.group),
        hosts: network.hostsFile ?? writeRuntimeFile(runtime, 'hosts', network.hosts),
        resolvConf: network.resolvConfFile ?? writeRuntimeFile(runtime, 'resolv.conf', ''),
        ...(network.nsswitch === undefined
          ? {}
          : { nsswitch: writeRuntimeFile(runtime, 'nsswitch.conf', network.nsswitch) }),
      };
      const limits = plan.settings.limits;
      if (support.cgroups) {
        if (!this.swept) {
          this.swept = true;
          sweepStaleGroups(support.cgroups);
        }
        cgroups = CgroupPair.create(support.cgroups, path.basename(runtime), {
          memoryBytes: limits.memoryMb * MIB,
          processes: limits.processes,
        });
        this.liveGroups.add(cgroups);
      }
      const fifoDir = network.netns ? makeFifos(runtime) : undefined;
      const wrapper = startCommand({
        plan,
        support,
        network,
        files,
        cgroupProcs: cgroups ? cgroups.procsFiles : [],
        seccompFile: this.seccomp(),
        ...(fifoDir ? { fifoDir } : {}),
      });
      const report = (event: SandboxLimitEvent): void => {
        this.options.logger.warn(
          { server: event.serverKey, limit: event.limit },
          `sandbox limit: ${event.detail}`,
        );
        this.options.onLimit?.(event);
      };
      const watch = new LimitWatch(serverKey, cgroups, report);
      const net = network;
      const groups = cgroups;
      return {
        command: wrapper.command,
        args: wrapper.args,
        env: plan.env,
        sandboxed: true,
        plan,
        target,
        started: (pid) => {
          watch.start(pid);
          if (fifoDir && net.netns) void this.setUpNetns(serverKey, pid, fifoDir, net.netns);
        },
        ended: (exitCode, signal) => {
          watch.stop(exitCode, signal);
          void net.close();
          removeLater(groups, runtime, () => {
            if (groups) this.liveGroups.delete(groups);
          });
        },
      };
    } catch (error) {
      void network?.close();
      if (cgroups) this.liveGroups.delete(cgroups);
      removeLater(cgroups, runtime);
      if (error instanceof SandboxError) throw error;
      throw new SandboxError(
        ErrorCode.SandboxLaunchFailed,
        `Server "${serverKey}": the sandbox could not be set up (${error instanceof Error ? error.message : String(error)})`,
        'Check the log for details',
        { cause: error },
      );
    }
  }

  /**
   * Reads bwrap's child pid from the info FIFO, sets up the sandbox's network namespace from
   * outside and releases bwrap; on failure the sandbox is killed before the server ever runs.
   */
  private async setUpNetns(
    serverKey: string,
    pid: number | undefined,
    fifoDir: string,
    setup: NetnsSetup,
  ): Promise<void> {
    try {
      await prepareSandboxNetns({
        info: createReadStream(path.join(fifoDir, 'info')),
        release: createWriteStream(path.join(fifoDir, 'block')),
        setup,
      });
    } catch (error) {
      this.options.logger.error(
        { server: serverKey, err: error instanceof Error ? error.message : String(error) },
        'sandbox network setup failed; the server is stopped',
      );
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
  }

  private support(serverKey: string): Extract<SandboxSupport, { ok: true }> {
    const support = (this.options.support ?? sandboxSupport)();
    if (!support.ok) {
      throw new SandboxError(
        ErrorCode.SandboxUnavailable,
        `Server "${serverKey}" was not started: ${support.reason}`,
        support.fix,
      );
    }
    return support;
  }

  private protectedDirs(): string[] {
    return [this.options.stateDir, ...(this.options.protectedDirs ?? [])];
  }

  private unsandboxed(
    serverKey: string,
    config: StdioServerConfig,
    target: LaunchTarget,
  ): PreparedLaunch {
    if (!this.warnedUnsandboxed.has(serverKey)) {
      this.warnedUnsandboxed.add(serverKey);
      this.options.logger.warn(
        { server: serverKey },
        "server runs UNSANDBOXED (sandbox: false): it has Gatehouse's own rights",
      );
    }
    return {
      command: target.command,
      args: target.args,
      env: config.env,
      ...(config.cwd === undefined ? {} : { cwd: config.cwd }),
      sandboxed: false,
      target,
      started: () => undefined,
      ended: () => undefined,
    };
  }

  /** A fresh folder for one start's generated files, reachable (not listable) by the sandbox uid. */
  private startDir(serverKey: string): string {
    if (this.runtimeRoot === undefined) {
      // Threat: another local user swapping the files bwrap binds. A random root-owned folder
      // that others may traverse but not list or write.
      this.runtimeRoot = mkdtempSync(path.join(tmpdir(), 'gatehouse-run-'));
      chmodSync(this.runtimeRoot, 0o711);
    }
    this.starts += 1;
    const safe = serverKey.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
    const dir = path.join(this.runtimeRoot, `${safe}-${process.pid}-${this.starts}`);
    mkdirSync(dir, { mode: 0o711 });
    chmodSync(dir, 0o711);
    return dir;
  }

  /** The seccomp program, written once per process (it is the same for every server). */
  private seccomp(): string {
    if (this.seccompFile === undefined) {
      this.startDir('seccomp');
      const file = path.join(this.runtimeRoot ?? tmpdir(), 'seccomp.bpf');
      writeFileSync(file, buildSeccompFilter(), { mode: 0o644 });
      this.seccompFile = file;
    }
    return this.seccompFile;
  }

  /** Removes the per-process runtime folder and every group left (at gateway stop). */
  close(): void {
    for (const group of this.liveGroups) group.remove();
    this.liveGroups.clear();
    if (this.runtimeRoot) rmSync(this.runtimeRoot, { recursive: true, force: true });
    this.runtimeRoot = undefined;
    this.seccompFile = undefined;
  }
}

interface StartCommandInput {
  readonly plan: SandboxPlan;
  readonly support: Extract<SandboxSupport, { ok: true }>;
  readonly network: NetworkSetup;
  readonly files: GeneratedFiles & { readonly nsswitch?: string };
  readonly cgroupProcs: readonly string[];
  readonly seccompFile: string;
  readonly fifoDir?: string;
}

/** The whole process chain of one start: wrapper, rlimits, uid drop, bwrap, (forwarder,) server. */
function startCommand(input: StartCommandInput): { command: string; args: string[] } {
  const { plan, network, files } = input;
  const limits = plan.settings.limits;
  const command = network.wrap(plan.target.command, plan.target.args);
  const args = bwrapArgs({
    grants: plan.grants,
    files,
    shareNetwork: network.shareHost,
    networkBinds: [
      ...network.binds,
      ...(files.nsswitch ? [{ source: files.nsswitch, target: '/etc/nsswitch.conf' }] : []),
    ],
    ...(input.fifoDir ? { netnsFds: NETNS_FDS } : {}),
    tmpBytes: limits.tmpMb * MIB,
    cwd: plan.cwd,
    unset: UNSET.filter((name) => !(name in plan.env)),
    command: command.command,
    args: command.args,
  });
  return wrapperCommand({
    tools: input.support.tools,
    limits,
    cgroupProcs: input.cgroupProcs,
    ...(input.cgroupProcs.length === 0 ? { existingTasks: tasksOfUid(plan.uid) } : {}),
    seccompFile: input.seccompFile,
    ...(input.fifoDir ? { fifoDir: input.fifoDir } : {}),
    bwrapArgs: args,
  });
}

/** The FIFOs bwrap's info and block descriptors are opened on (root-only). */
function makeFifos(dir: string): string {
  const fifos = path.join(dir, 'netns');
  mkdirSync(fifos, { mode: 0o700 });
  const made = spawnSync('mkfifo', [
    '-m',
    '600',
    path.join(fifos, 'info'),
    path.join(fifos, 'block'),
  ]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr.toString().trim()}`);
  return fifos;
}

function writeRuntimeFile(dir: string, name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content, { mode: 0o644 });
  return file;
}

/** Removes a start's cgroups and files once its processes are gone (the kernel may lag a moment). */
function removeLater(
  cgroups: CgroupPair | undefined,
  dir: string,
  done: () => void = () => undefined,
  attempt = 0,
): void {
  const removed = cgroups ? cgroups.remove() : true;
  if (removed || attempt >= 20) {
    rmSync(dir, { recursive: true, force: true });
    if (removed) done();
    return;
  }
  setTimeout(() => removeLater(cgroups, dir, done, attempt + 1), 100 * (attempt + 1)).unref();
}
