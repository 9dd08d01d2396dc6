/**
 * @module operation/sandbox/sandbox-plan
 * The effective sandbox of one server, before anything is started: what runs, every host path it
 * sees and how, its environment, network and limits. `gatehouse sandbox explain` prints it; the
 * launcher turns it into processes.
 */
import type { SandboxGrants, StdioServerConfig } from '../../shared/config/schema.js';
import { SandboxGrantsSchema } from '../../shared/config/schema.js';
import { ErrorCode } from '../../shared/errors/index.js';
import { SANDBOX_HOME, sandboxEnvironment } from './environment.js';
import { isSystemPath, type LaunchTarget } from './launch-target.js';
import type { BindMode, GrantOrigin, PathGrant } from './path-grants.js';
import { argumentPaths, checkGrant, normaliseGrants, within } from './path-grants.js';
import { untraversableAncestor, writableBy } from './reachable.js';
import { SandboxError } from './sandbox-error.js';
import type { SandboxSupport } from './sandbox-support.js';

/** A path the server's arguments named that was not granted, and why. */
export interface SkippedPath {
  readonly path: string;
  readonly reason: string;
}

export interface SandboxPlan {
  readonly serverKey: string;
  readonly target: LaunchTarget;
  readonly grants: readonly PathGrant[];
  readonly skipped: readonly SkippedPath[];
  /** Things that will not work as the user may expect (e.g. a writable grant the uid cannot write). */
  readonly warnings: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Variable names whose values are secrets (declared or passed through): never printed. */
  readonly secretEnv: readonly string[];
  readonly cwd: string;
  readonly settings: SandboxGrants;
  /** The uid and gid the server runs as on the host. */
  readonly uid: number;
  readonly gid: number;
  /** How memory and process limits are enforced. */
  readonly limitMechanism: 'cgroup-v1' | 'rlimit';
}

export interface PlanInput {
  readonly serverKey: string;
  readonly config: StdioServerConfig;
  readonly target: LaunchTarget;
  readonly support: Extract<SandboxSupport, { ok: true }>;
  /** Folders no grant may expose (Gatehouse's state). */
  readonly protectedDirs: readonly string[];
  readonly hostEnv?: NodeJS.ProcessEnv;
}

/** Works out the plan; throws a {@link SandboxError} naming the server and path on a bad grant. */
export function planSandbox(input: PlanInput): SandboxPlan {
  const { serverKey, config, target, support } = input;
  const settings =
    config.sandbox === undefined || config.sandbox === false
      ? SandboxGrantsSchema.parse({})
      : config.sandbox;
  const context = {
    protectedDirs: input.protectedDirs,
    // The package store may sit inside the state folder (not as root); its trees are bound read-only.
    allowedInside: target.grants.filter((g) => g.origin === 'package').map((g) => g.path),
  };
  const grants: PathGrant[] = [];
  const take = (requested: string, mode: BindMode, origin: GrantOrigin): void => {
    const check = checkGrant(requested, mode, origin, context);
    if (!check.ok) {
      throw new SandboxError(
        ErrorCode.SandboxGrantRefused,
        `Server "${serverKey}": cannot grant ${mode === 'rw' ? 'write access to ' : ''}${requested}: ${check.reason}`,
        `Change servers.${serverKey}.sandbox.${origin === 'write' ? 'write' : 'read'}`,
      );
    }
    grants.push(check.grant);
  };
  for (const grant of target.grants) take(grant.path, 'ro', grant.origin);
  for (const p of settings.read) take(p, 'ro', 'read');
  for (const p of settings.write) take(p, 'rw', 'write');
  if (config.cwd !== undefined && !isSystemPath(config.cwd)) take(config.cwd, 'ro', 'cwd');
  const skipped: SkippedPath[] = [];
  if (settings.argumentPaths) {
    for (const p of argumentPaths(config.args)) {
      // The program's own files stay read-only: an argument naming the script is not a grant.
      if (isSystemPath(p) || target.grants.some((g) => within(p, g.path))) continue;
      const check = checkGrant(p, 'rw', 'argument', context);
      if (check.ok) grants.push(check.grant);
      else skipped.push({ path: p, reason: check.reason });
    }
  }
  const effective = normaliseGrants(grants);
  const dropping = support.tools.setpriv !== undefined;
  const warnings: string[] = [];
  if (dropping) {
    // Threat addressed elsewhere (uid drop); here only a clear error instead of bwrap's EACCES.
    for (const grant of effective) {
      const blocked = untraversableAncestor(grant.path, support.uid, support.gid);
      if (blocked) {
        throw new SandboxError(
          ErrorCode.SandboxGrantRefused,
          `Server "${serverKey}": ${grant.path} is under ${blocked}, which the sandbox's unprivileged uid ${support.uid} cannot traverse`,
          `Move it to a folder others can traverse, or run Gatehouse as a normal user instead of root`,
        );
      }
      if (grant.mode === 'rw' && !writableBy(grant.path, support.uid, support.gid)) {
        warnings.push(
          `${grant.path} is granted read-write but uid ${support.uid} cannot write it: writes will fail (chown ${support.uid} it, or "setfacl -m u:${support.uid}:rwX" it)`,
        );
      }
    }
  }
  const commandDir = isSystemPath(target.command) ? undefined : dirnameOf(target.command);
  const env = sandboxEnvironment({
    host: input.hostEnv ?? process.env,
    declared: config.env,
    granted: settings.env,
    ...(commandDir ? { extraPath: commandDir } : {}),
  });
  return {
    serverKey,
    target,
    grants: effective,
    skipped,
    warnings,
    env,
    secretEnv: [...Object.keys(config.env), ...settings.env],
    cwd: config.cwd ?? SANDBOX_HOME,
    settings,
    uid: support.uid,
    gid: support.gid,
    limitMechanism: support.cgroups ? 'cgroup-v1' : 'rlimit',
  };
}

function dirnameOf(file: string): string {
  return file.slice(0, file.lastIndexOf('/')) || '/';
}
