/**
 * @module operation/sandbox/explain
 * `gatehouse sandbox explain SERVER`: the effective sandbox of one server as data and as text, with
 * the values of its declared and passed-through variables redacted (they are often secrets).
 */
import { ETC_ALLOWLIST } from './bwrap-args.js';
import type { SandboxPlan } from './sandbox-plan.js';
import type { SandboxTools } from './sandbox-support.js';
import { describeSeccompPolicy } from './seccomp/index.js';

const REDACTED = '<redacted>';

export interface SandboxExplanation {
  readonly server: string;
  readonly sandboxed: boolean;
  readonly bubblewrap?: string;
  readonly runsAs?: {
    readonly uid: number;
    readonly gid: number;
    readonly droppedFromRoot: boolean;
  };
  readonly namespaces?: readonly string[];
  readonly command: { readonly program: string; readonly args: readonly string[] };
  readonly package?: { readonly name: string; readonly version: string; readonly storeDir: string };
  readonly paths?: {
    readonly system: readonly string[];
    readonly grants: readonly {
      readonly path: string;
      readonly mode: string;
      readonly origin: string;
    }[];
    readonly private: readonly string[];
    readonly notGranted: readonly { readonly path: string; readonly reason: string }[];
  };
  readonly warnings?: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly network?: string | readonly string[];
  readonly privateNetwork?: boolean;
  readonly limits?: Record<string, string>;
  readonly seccomp?: ReturnType<typeof describeSeccompPolicy>;
  /** The complete command line that starts the sandbox (secrets travel in the environment). */
  readonly commandLine?: readonly string[];
}

export interface ExplainInput {
  readonly server: string;
  readonly plan?: SandboxPlan;
  readonly tools?: SandboxTools;
  readonly commandLine?: readonly string[];
  /** For an unsandboxed server: what runs and with which environment. */
  readonly unsandboxed?: {
    readonly command: string;
    readonly args: readonly string[];
    readonly env: Readonly<Record<string, string>>;
  };
}

export function explainSandbox(input: ExplainInput): SandboxExplanation {
  const { plan } = input;
  if (!plan) {
    const run = input.unsandboxed ?? { command: '?', args: [], env: {} };
    return {
      server: input.server,
      sandboxed: false,
      command: { program: run.command, args: run.args },
      environment: redact(run.env, new Set(Object.keys(run.env))),
    };
  }
  const limits = plan.settings.limits;
  const by = plan.limitMechanism === 'cgroup-v1' ? 'cgroup v1' : 'rlimit';
  const shareNet = plan.settings.network === 'all';
  return {
    server: input.server,
    sandboxed: true,
    ...(input.tools ? { bubblewrap: input.tools.bwrapVersion } : {}),
    runsAs: { uid: plan.uid, gid: plan.gid, droppedFromRoot: input.tools?.setpriv !== undefined },
    namespaces: ['user', 'pid', 'ipc', 'uts', 'cgroup', 'mount', ...(shareNet ? [] : ['network'])],
    command: { program: plan.target.command, args: plan.target.args },
    ...(plan.target.package ? { package: plan.target.package } : {}),
    paths: {
      system: [
        '/usr (read-only)',
        '/bin, /lib, ... as on the host (read-only)',
        ...ETC_ALLOWLIST.map((p) => `${p} (read-only, if present)`),
      ],
      grants: plan.grants.map((g) => ({
        path: g.path,
        mode: g.mode === 'rw' ? 'read-write' : 'read-only',
        origin: g.origin,
      })),
      private: [
        `/tmp (${limits.tmpMb} MiB)`,
        `/home (${limits.tmpMb} MiB, HOME=${plan.env.HOME ?? ''})`,
        '/proc (own PID namespace)',
        '/dev (minimal)',
      ],
      notGranted: plan.skipped,
    },
    warnings: plan.warnings,
    environment: redact(plan.env, new Set(plan.secretEnv)),
    network: plan.settings.network,
    privateNetwork: plan.settings.privateNetwork,
    limits: {
      memory: `${limits.memoryMb} MiB (${plan.limitMechanism === 'cgroup-v1' ? 'memory cgroup v1' : 'RLIMIT_DATA'})`,
      processes: `${limits.processes} (${plan.limitMechanism === 'cgroup-v1' ? 'pids cgroup v1' : 'RLIMIT_NPROC'})`,
      cpu: `${limits.cpuSeconds} s per process (RLIMIT_CPU)`,
      openFiles: `${limits.openFiles} (RLIMIT_NOFILE)`,
      fileSize: `${limits.fileSizeMb} MiB (RLIMIT_FSIZE)`,
      tmp: `${limits.tmpMb} MiB each for /tmp and /home (tmpfs)`,
      enforcedBy: by,
    },
    seccomp: describeSeccompPolicy({ arch: process.arch }),
    ...(input.commandLine ? { commandLine: input.commandLine } : {}),
  };
}

function redact(
  env: Readonly<Record<string, string>>,
  secret: ReadonlySet<string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, secret.has(name) ? REDACTED : value]),
  );
}

/** The explanation as lines for a terminal. */
export function formatExplanation(e: SandboxExplanation): string[] {
  const lines = [`server: ${e.server}`];
  if (!e.sandboxed) {
    lines.push("sandbox: OFF (sandbox: false) - the server runs with Gatehouse's own rights");
    lines.push(`command: ${[e.command.program, ...e.command.args].join(' ')}`);
    for (const [k, v] of Object.entries(e.environment)) lines.push(`env: ${k}=${v}`);
    return lines;
  }
  lines.push(`sandbox: bubblewrap ${e.bubblewrap ?? ''}`.trimEnd());
  if (e.runsAs) {
    lines.push(
      `runs as: uid ${e.runsAs.uid}, gid ${e.runsAs.gid}${e.runsAs.droppedFromRoot ? ' (dropped from root before bwrap)' : ''}; no capabilities, no new privileges`,
    );
  }
  lines.push(`namespaces: ${(e.namespaces ?? []).join(', ')}`);
  if (e.package)
    lines.push(`package: ${e.package.name}@${e.package.version} (store ${e.package.storeDir})`);
  lines.push(`command: ${[e.command.program, ...e.command.args].join(' ')}`);
  for (const p of e.paths?.system ?? []) lines.push(`system: ${p}`);
  for (const g of e.paths?.grants ?? []) lines.push(`grant: ${g.path} ${g.mode} (${g.origin})`);
  for (const p of e.paths?.private ?? []) lines.push(`private: ${p}`);
  for (const s of e.paths?.notGranted ?? []) lines.push(`not granted: ${s.path}: ${s.reason}`);
  for (const w of e.warnings ?? []) lines.push(`warning: ${w}`);
  for (const [k, v] of Object.entries(e.environment)) lines.push(`env: ${k}=${v}`);
  const net = e.network;
  lines.push(
    `network: ${typeof net === 'string' ? net : (net ?? []).join(', ')}${Array.isArray(net) ? `; private addresses ${e.privateNetwork ? 'allowed' : 'refused'}; no DNS` : net === 'none' ? ' (own loopback only, no DNS)' : ''}`,
  );
  for (const [k, v] of Object.entries(e.limits ?? {}))
    if (k !== 'enforcedBy') lines.push(`limit: ${k} ${v}`);
  if (e.seccomp) {
    lines.push(`seccomp: EPERM for ${e.seccomp.denied.join(', ')}`);
    lines.push(
      `seccomp: ENOSYS for ${e.seccomp.enosys.join(', ')}; clone with ${e.seccomp.cloneFlagsDenied.join('|')} refused; ioctl ${e.seccomp.ioctlDenied.join(', ')} refused`,
    );
  }
  if (e.commandLine) lines.push(`command line: ${e.commandLine.map(quote).join(' ')}`);
  return lines;
}

function quote(arg: string): string {
  return /^[A-Za-z0-9_./:=,+@%-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
