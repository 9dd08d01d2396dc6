/**
 * @module scripts/conformance/network-namespace
 * Re-executes the runner inside a private network namespace that holds only loopback. The suite's
 * client-mode scenario servers listen on every interface with no host option; inside the
 * namespace nothing they (or the fixture, or the gateway) bind is reachable from outside.
 */
import { spawn, spawnSync } from 'node:child_process';

const MARKER = 'GATEHOUSE_CONFORMANCE_NETNS';

export function insideNetworkNamespace(): boolean {
  return process.env[MARKER] === '1';
}

/**
 * Runs `node <script> <args>` under `unshare -n` with `lo` up and resolves with its exit code.
 * Fails closed: if a namespace cannot be created, nothing is started outside one.
 */
export async function reexecInNetworkNamespace(
  script: string,
  args: readonly string[],
): Promise<{ ok: true; exitCode: number } | { ok: false; message: string }> {
  const probe = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    const reason = probe.error?.message ?? probe.stderr.trim();
    return {
      ok: false,
      message:
        `cannot create a private network namespace (${reason || `exit ${String(probe.status)}`}). ` +
        'The conformance run needs root (or CAP_SYS_ADMIN), util-linux `unshare` and iproute2 `ip`.',
    };
  }
  const child = spawn(
    'unshare',
    ['-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, script, ...args],
    { stdio: 'inherit', env: { ...process.env, [MARKER]: '1' } },
  );
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.once('error', (error) =>
      resolve({ ok: false, message: `unshare failed: ${error.message}` }),
    );
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve({ ok: true, exitCode: code ?? (signal === null ? 1 : 128 + 1) });
    });
  });
}
