/**
 * @module scripts/bench/netns
 * Runs the benchmark inside a private network namespace holding only loopback.
 *
 * Threat: supergateway (and server-everything's HTTP modes) bind every interface and have no host
 * flag; in a private namespace nothing they open is reachable from outside the machine.
 * Fails closed: when the namespace cannot be made, the run stops unless `--no-netns` is given.
 */
import { spawn, spawnSync } from 'node:child_process';

import { shellQuote } from './targets.js';

const MARKER_ENV = 'GATEHOUSE_BENCH_NETNS';

export function inPrivateNetns(): boolean {
  return process.env[MARKER_ENV] === '1';
}

/** Whether `unshare -n` works here (it needs root or user namespaces). */
export function canUnshare(): { ok: true } | { ok: false; problem: string } {
  const probe = spawnSync('unshare', ['-n', 'true'], { encoding: 'utf8' });
  if (probe.error) return { ok: false, problem: `unshare: ${probe.error.message}` };
  if (probe.status !== 0)
    return { ok: false, problem: probe.stderr.trim() || `unshare -n exited ${probe.status}` };
  return { ok: true };
}

/** Re-runs this script under `unshare -n` with loopback up; resolves with its exit code. */
export function reexecInNetns(script: string, args: readonly string[]): Promise<number> {
  const command = [process.execPath, ...process.execArgv, script, ...args]
    .map(shellQuote)
    .join(' ');
  const child = spawn('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec ${command}`], {
    stdio: 'inherit',
    env: { ...process.env, [MARKER_ENV]: '1' },
  });
  // Ctrl-C reaches the child too (same process group): wait for it to clean up. A SIGTERM sent to
  // this process alone is passed on.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.once('error', () => resolve(1));
  });
}
