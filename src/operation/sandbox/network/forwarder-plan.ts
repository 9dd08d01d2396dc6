/**
 * @module operation/sandbox/network/forwarder-plan
 * What the launcher hands the in-sandbox forwarder (`forwarder-main.ts`): the listeners to open
 * and the broker socket of each, encoded as one base64url JSON argument, plus the command line
 * that runs the forwarder as the parent of the real server and the binds it needs.
 */
import { join } from 'node:path';

import { FORWARDER_SCRIPT_PATH, SANDBOX_EGRESS_DIR } from './constants.js';
import type { NetworkPlan } from './plan-network.js';

/** One listener of the forwarder. */
export interface ForwarderListener {
  readonly address: string;
  readonly port: number;
  /** The broker socket to pipe each accepted connection to (absolute, inside the sandbox). */
  readonly socketPath: string;
}

/** The forwarder's whole input (the argument after the script path). */
export interface ForwarderPlan {
  readonly version: 1;
  readonly listeners: readonly ForwarderListener[];
  /**
   * util-linux `setpriv`, used only when the forwarder finds itself holding capabilities: the
   * server is then started through it with inheritable and ambient capabilities cleared.
   */
  readonly setpriv: string;
}

/** Options of {@link forwarderPlan}. */
export interface ForwarderPlanOptions {
  /** Where the broker folder is bound inside the sandbox; default {@link SANDBOX_EGRESS_DIR}. */
  readonly socketDir?: string;
  readonly setpriv?: string;
}

/** The forwarder's plan for a network plan. */
export function forwarderPlan(
  plan: NetworkPlan,
  options: ForwarderPlanOptions = {},
): ForwarderPlan {
  const socketDir = options.socketDir ?? SANDBOX_EGRESS_DIR;
  return {
    version: 1,
    listeners: plan.forwards.map((forward) => ({
      address: forward.listenAddress,
      port: forward.listenPort,
      socketPath: join(socketDir, forward.socketName),
    })),
    setpriv: options.setpriv ?? '/usr/bin/setpriv',
  };
}

/** The plan as the forwarder's first argument: base64url of its JSON. */
export function encodeForwarderPlan(plan: ForwarderPlan): string {
  return Buffer.from(JSON.stringify(plan), 'utf8').toString('base64url');
}

/** Options of {@link forwarderCommand}. */
export interface ForwarderCommandOptions extends ForwarderPlanOptions {
  /** The `node` binary inside the sandbox; default this process's own (bound via /usr). */
  readonly nodePath?: string;
  /** The forwarder script; default {@link FORWARDER_SCRIPT_PATH}. */
  readonly scriptPath?: string;
}

/**
 * The command line bwrap runs instead of the server: `node forwarder-main.js PLAN -- cmd args…`.
 * @example forwarderCommand(plan, 'npx', ['-y', 'some-server'])
 */
export function forwarderCommand(
  plan: NetworkPlan,
  command: string,
  args: readonly string[],
  options: ForwarderCommandOptions = {},
): { command: string; args: string[] } {
  return {
    command: options.nodePath ?? process.execPath,
    args: [
      options.scriptPath ?? FORWARDER_SCRIPT_PATH,
      encodeForwarderPlan(forwarderPlan(plan, options)),
      '--',
      command,
      ...args,
    ],
  };
}

/**
 * The read-only binds the allowlist needs: the broker's socket folder at its fixed place and the
 * forwarder script at its own path. The launcher also binds {@link NetworkPlan.hostsFile} and
 * friends over `/etc/hosts`, `/etc/resolv.conf` and (recommended) `/etc/nsswitch.conf`.
 */
export function sandboxNetworkBinds(
  brokerDirectory: string,
  scriptPath: string = FORWARDER_SCRIPT_PATH,
): { readonly source: string; readonly target: string }[] {
  return [
    { source: brokerDirectory, target: SANDBOX_EGRESS_DIR },
    { source: scriptPath, target: scriptPath },
  ];
}
