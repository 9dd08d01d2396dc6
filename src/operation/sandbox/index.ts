/**
 * @module operation/sandbox
 * Public surface of operation/sandbox: every stdio server runs in a bubblewrap sandbox with its own
 * namespaces, an unprivileged uid, a seccomp filter, limits, and only the paths, variables and
 * network it is granted (docs/sandbox.md). Every export here is public API; no wildcards.
 */
export type { SandboxExplanation } from './explain.js';
export { explainSandbox, formatExplanation } from './explain.js';
export type { LaunchTarget } from './launch-target.js';
export type { SandboxLimitEvent, SandboxLimitKind } from './limit-watch.js';
export type { PackageTargetOptions } from './package-target.js';
export { LOCK_FILE, packagesDir, packageTargets } from './package-target.js';
export type { BindMode, GrantOrigin, PathGrant } from './path-grants.js';
export { ESCAPE_HATCH, SandboxError } from './sandbox-error.js';
export type {
  PackageTargetResolver,
  PreparedLaunch,
  SandboxLauncherOptions,
} from './sandbox-launcher.js';
export { SandboxLauncher } from './sandbox-launcher.js';
export type { SandboxPlan, SkippedPath } from './sandbox-plan.js';
export type { SandboxSupport, SandboxTools } from './sandbox-support.js';
export { sandboxSupport } from './sandbox-support.js';
