/**
 * @module operation/sandbox/network/plan-network
 * Turns a server's `host:port` grants into the plan both halves of the egress path follow: where
 * the in-sandbox forwarder listens for each grant, which broker socket it pipes to, and the
 * sandbox's name-service files. There is no DNS in the sandbox (a resolver there would be an
 * exfiltration channel and would let the server pick its own addresses): each granted name is
 * pinned in the generated `/etc/hosts` to a loopback address of its own (127.0.0.2, 127.0.0.3, …),
 * so two names on the same port coexist, and only the gateway-side broker ever resolves the name.
 *
 * Address literals are listened on as written: 127.0.0.0/8 and `::1` exist on the sandbox's
 * loopback; any other literal (e.g. `10.0.0.5:5432`, `[2001:db8::5]:443`) is added to the
 * sandbox's loopback by {@link configureSandboxNetns}, so that the server's own connect to it lands
 * on the forwarder. Ports below 1024 need the namespace's `ip_unprivileged_port_start` lowered the
 * same way (the forwarder holds no capabilities; see docs in netns-setup.ts).
 */
import { ErrorCode } from '../../../shared/errors/index.js';
import type { NetworkGrant } from '../../../shared/network/index.js';
import { parseNetworkGrant } from '../../../shared/network/index.js';
import { MAX_NETWORK_GRANTS } from './constants.js';
import { SandboxNetworkError } from './network-error.js';

/** One granted destination and where the sandbox reaches it. */
export interface NetworkForward extends NetworkGrant {
  /** The address the forwarder listens on inside the sandbox. */
  readonly listenAddress: string;
  /** The port the forwarder listens on (always the granted port). */
  readonly listenPort: number;
  /** File name of the broker's Unix socket for this grant (in the egress folder). */
  readonly socketName: string;
}

/** What the gateway changes in the sandbox's network namespace before the forwarder starts. */
export interface NetnsSetup {
  /** Lower `net.ipv4.ip_unprivileged_port_start` to this (the lowest port below 1024), or not. */
  readonly unprivilegedPortStart: number | null;
  /** Addresses (CIDR, `/32` or `/128`) to add to the sandbox's loopback for literal grants. */
  readonly localAddresses: readonly string[];
}

/** The network plan of one sandboxed server. */
export interface NetworkPlan {
  readonly forwards: readonly NetworkForward[];
  /** Whether granted names may resolve to loopback and private addresses. */
  readonly privateNetwork: boolean;
  /** Content of the sandbox's `/etc/hosts`: localhost, then each granted name. */
  readonly hostsFile: string;
  /** Content of the sandbox's `/etc/resolv.conf`: no name server. */
  readonly resolvConf: string;
  /** Content for the sandbox's `/etc/nsswitch.conf`: hosts from files only, never DNS. */
  readonly nsswitchConf: string;
  readonly netns: NetnsSetup;
  /** Whether {@link NetnsSetup} has anything to do (else the launcher may skip the step). */
  readonly needsNetnsSetup: boolean;
}

/** Options of {@link planSandboxNetwork}. */
export interface PlanNetworkOptions {
  /** The server's `privateNetwork` grant (names may resolve to internal addresses). */
  readonly privateNetwork: boolean;
  /** The sandbox's host name (bwrap `--hostname`), mapped to 127.0.0.1 like `localhost`. */
  readonly hostname?: string;
}

/**
 * Validates the grants (every bad entry reported, not only the first) and plans them.
 * @throws {SandboxNetworkError} `SANDBOX_NETWORK_GRANT_INVALID` naming each refused entry.
 */
export function planSandboxNetwork(
  grants: readonly string[],
  options: PlanNetworkOptions,
): NetworkPlan {
  const problems: { grant: string; code: string; message: string }[] = [];
  const parsed = new Map<string, NetworkGrant>();
  for (const text of grants) {
    const result = parseNetworkGrant(text);
    if (result.ok) parsed.set(result.grant.grant, result.grant);
    else problems.push({ grant: text, code: result.code, message: result.message });
  }
  if (parsed.size > MAX_NETWORK_GRANTS) {
    problems.push({
      grant: '',
      code: 'too-many',
      message: `${String(parsed.size)} network grants; at most ${String(MAX_NETWORK_GRANTS)}`,
    });
  }
  const hostname = options.hostname?.toLowerCase();
  if (hostname !== undefined && [...parsed.values()].some((g) => g.host === hostname)) {
    problems.push({
      grant: hostname,
      code: 'bad-host',
      message: `network grant names the sandbox's own host name "${hostname}"`,
    });
  }
  const forwards = assignAddresses([...parsed.values()]);
  checkCollisions(forwards, problems);
  if (problems.length === 0) return buildPlan(forwards, options.privateNetwork, hostname);
  throw new SandboxNetworkError(
    ErrorCode.SandboxNetworkGrantInvalid,
    problems.map((problem) => problem.message).join('\n'),
    { data: { problems } },
  );
}

function assignAddresses(grants: readonly NetworkGrant[]): NetworkForward[] {
  const taken = new Set(['127.0.0.1']);
  for (const grant of grants) if (grant.hostKind === 'ipv4') taken.add(grant.host);
  const nameAddress = new Map<string, string>([['localhost', '127.0.0.1']]);
  let next = 2;
  const addressOf = (name: string): string => {
    const known = nameAddress.get(name);
    if (known !== undefined) return known;
    let address: string;
    do {
      address = `127.0.${String(next >> 8)}.${String(next & 255)}`;
      next += 1;
    } while (taken.has(address) || address.endsWith('.0') || address.endsWith('.255'));
    taken.add(address);
    nameAddress.set(name, address);
    return address;
  };
  return grants.map((grant, index) => ({
    ...grant,
    listenAddress: grant.hostKind === 'name' ? addressOf(grant.host) : grant.host,
    listenPort: grant.port,
    socketName: `f${String(index)}.sock`,
  }));
}

/** Two grants the forwarder would have to serve on one address and port. */
function checkCollisions(
  forwards: readonly NetworkForward[],
  problems: { grant: string; code: string; message: string }[],
): void {
  const seen = new Map<string, string>();
  for (const forward of forwards) {
    const key = `${forward.listenAddress}|${String(forward.listenPort)}`;
    const other = seen.get(key);
    if (other !== undefined) {
      problems.push({
        grant: forward.grant,
        code: 'collision',
        message: `network grants "${other}" and "${forward.grant}" both mean ${forward.listenAddress} port ${String(forward.listenPort)} inside the sandbox; keep one`,
      });
    }
    seen.set(key, forward.grant);
  }
}

function buildPlan(
  forwards: readonly NetworkForward[],
  privateNetwork: boolean,
  hostname: string | undefined,
): NetworkPlan {
  const names = new Map<string, string>();
  for (const f of forwards) {
    if (f.hostKind === 'name' && f.host !== 'localhost') names.set(f.host, f.listenAddress);
  }
  const hostsFile = [
    '# Generated by Gatehouse: this sandbox has no DNS; only these names resolve.',
    `127.0.0.1\tlocalhost${hostname === undefined ? '' : ` ${hostname}`}`,
    '::1\tip6-localhost ip6-loopback',
    ...[...names].map(([name, address]) => `${address}\t${name}`),
    '',
  ].join('\n');
  const lowPorts = forwards.map((f) => f.listenPort).filter((port) => port < 1024);
  const localAddresses = forwards
    .filter((f) => f.hostKind !== 'name' && !onDefaultLoopback(f.listenAddress))
    .map((f) => `${f.listenAddress}/${f.hostKind === 'ipv4' ? '32' : '128'}`);
  const netns: NetnsSetup = {
    unprivilegedPortStart: lowPorts.length === 0 ? null : Math.min(...lowPorts),
    localAddresses: [...new Set(localAddresses)],
  };
  return {
    forwards,
    privateNetwork,
    hostsFile,
    resolvConf:
      '# Generated by Gatehouse: no name server; names resolve through /etc/hosts only.\n',
    nsswitchConf: 'passwd: files\ngroup: files\nshadow: files\nhosts: files\nservices: files\n',
    netns,
    needsNetnsSetup: netns.unprivilegedPortStart !== null || netns.localAddresses.length > 0,
  };
}

/** 127.0.0.0/8 and ::1 are on every new namespace's loopback already. */
function onDefaultLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}
