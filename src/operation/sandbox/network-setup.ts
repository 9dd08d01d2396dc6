/**
 * @module operation/sandbox/network-setup
 * The network side of one sandbox start. `none`: a namespace with only its own loopback, no DNS.
 * `all`: the host's network (an explicit grant). An allowlist of `host:port`: still no route out,
 * but a forwarder inside listens on loopback for each granted pair and hands connections to the
 * gateway's egress broker over a Unix socket; the broker resolves the name and connects, refusing
 * private ranges unless granted. Threat: a server exfiltrating data or reaching internal services.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';

import type { Logger } from '../../shared/logging/index.js';
import { installRoot, isSystemPath } from './launch-target.js';
import type { EgressEvent, NetnsSetup, NetworkPlan } from './network/index.js';
import {
  EgressBroker,
  FORWARDER_SCRIPT_PATH,
  forwarderCommand,
  planSandboxNetwork,
  sandboxNetworkBinds,
} from './network/index.js';
import type { SandboxPlan } from './sandbox-plan.js';

/** What the launcher binds and runs for the network of one start. */
export interface NetworkSetup {
  /** `/etc/hosts` content inside (when no host file is bound instead). */
  readonly hosts: string;
  /** A host file bound as /etc/hosts (network `all`: the host's own). */
  readonly hostsFile?: string;
  readonly resolvConfFile?: string;
  /** `/etc/nsswitch.conf` content replacing the host's (names from files only), if any. */
  readonly nsswitch?: string;
  readonly shareHost: boolean;
  readonly binds: readonly { readonly source: string; readonly target: string }[];
  /** Settings of the sandbox's network namespace made from outside before it runs (root only). */
  readonly netns?: NetnsSetup;
  /** The command bwrap runs (the forwarder in front of the server, for an allowlist). */
  wrap(command: string, args: readonly string[]): { command: string; args: readonly string[] };
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n';

const direct = (command: string, args: readonly string[]) => ({ command, args });

/** Starts what the plan's network needs (the egress broker of an allowlist). */
export async function setUpNetwork(
  plan: SandboxPlan,
  runtimeDir: string,
  logger: Logger,
  onEgress?: (serverKey: string, event: EgressEvent) => void,
): Promise<NetworkSetup> {
  const grant = plan.settings.network;
  if (grant === 'none' || grant === 'all') return previewNetwork(plan, runtimeDir);
  const network = networkPlan(plan);
  const broker = await EgressBroker.open({
    directory: path.join(runtimeDir, 'egress'),
    plan: network,
    onEvent: (event) => {
      const fields = { server: plan.serverKey, grant: event.grant, address: event.address };
      if (event.type === 'refused') logger.warn(fields, `egress refused: ${event.reason ?? ''}`);
      else if (event.type === 'error') logger.info(fields, `egress failed: ${event.reason ?? ''}`);
      else logger.debug(fields, 'egress connected');
      onEgress?.(plan.serverKey, event);
    },
  });
  return allowlistSetup(network, broker.directory, () => broker.close());
}

/** The network setup of a plan without starting anything (`sandbox explain`). */
export function previewNetwork(plan: SandboxPlan, runtimeDir: string): NetworkSetup {
  const grant = plan.settings.network;
  if (grant === 'none') {
    return {
      hosts: LOOPBACK_HOSTS,
      shareHost: false,
      binds: [],
      wrap: direct,
      close: () => Promise.resolve(),
    };
  }
  if (grant === 'all') {
    return {
      hosts: LOOPBACK_HOSTS,
      hostsFile: '/etc/hosts',
      resolvConfFile: '/etc/resolv.conf',
      shareHost: true,
      binds: [],
      wrap: direct,
      close: () => Promise.resolve(),
    };
  }
  return allowlistSetup(networkPlan(plan), path.join(runtimeDir, 'egress'), () =>
    Promise.resolve(),
  );
}

function networkPlan(plan: SandboxPlan): NetworkPlan {
  const grants = plan.settings.network;
  return planSandboxNetwork(Array.isArray(grants) ? grants : [], {
    privateNetwork: plan.settings.privateNetwork,
    hostname: 'sandbox',
  });
}

function allowlistSetup(
  network: NetworkPlan,
  brokerDir: string,
  close: () => Promise<void>,
): NetworkSetup {
  const node = realpathSync(process.execPath);
  const binds = [...sandboxNetworkBinds(brokerDir, FORWARDER_SCRIPT_PATH)];
  // The forwarder runs on Gatehouse's own node; bind its install when it is not a system one.
  if (!isSystemPath(node)) binds.push({ source: installRoot(node), target: installRoot(node) });
  return {
    hosts: network.hostsFile,
    nsswitch: network.nsswitchConf,
    shareHost: false,
    binds,
    ...(network.needsNetnsSetup ? { netns: network.netns } : {}),
    wrap: (command, args) => forwarderCommand(network, command, args, { nodePath: node }),
    close,
  };
}
